// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { youtube } from '../../../utils/sites/youtube';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites/youtube');
const PAGE = new URL('https://www.youtube.com/watch?v=k3Rt9sQmW2a');

function load(name: string): Document {
  document.documentElement.innerHTML = readFileSync(join(FIXTURES, name), 'utf8').replace(/^<!DOCTYPE[^>]*>/i, '');
  return document;
}

function byId(doc: Document, id: string): Element {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`fixture has no #${id}`);
  return element;
}

describe('youtube adapter', () => {
  it('matches youtube.com but not YouTube Music', () => {
    expect(youtube.matches(new URL('https://www.youtube.com/watch?v=k3Rt9sQmW2a'))).toBe(true);
    expect(youtube.matches(new URL('https://youtube.com/shorts/abcdefghijk'))).toBe(true);
    expect(youtube.matches(new URL('https://music.youtube.com/watch?v=k3Rt9sQmW2a'))).toBe(false);
    expect(youtube.matches(new URL('https://youtube.com.example.org/'))).toBe(false);
  });

  it('finds the comment under the pointer, not a reply or a neighbour', () => {
    const doc = load('watch-comments.html');
    const comments = doc.querySelectorAll('ytd-comment-view-model');
    expect(youtube.findPost(byId(doc, 'target-word'))).toBe(comments[1]);
    expect(youtube.findPost(byId(doc, 'target-avatar'))).toBe(comments[1]);
    expect(youtube.findPost(byId(doc, 'hostile-name'))).toBe(comments[3]);
    expect(youtube.findPost(doc.querySelector('ytd-watch-metadata h1') as Element)).toBeNull();
  });

  it('reads every field the second comment shows, without its replies', () => {
    const doc = load('watch-comments.html');
    const comment = youtube.findPost(byId(doc, 'target-word')) as Element;
    const fields = youtube.extract(comment, PAGE);
    expect(fields).toEqual({
      platform: 'youtube',
      kind: 'comment',
      author: { handle: '@nachtfalke-77', profileUrl: 'https://www.youtube.com/@nachtfalke-77' },
      postId: 'UgxNacht7fA1k2e3l4m5n6AaABAg',
      permalink: 'https://www.youtube.com/watch?v=k3Rt9sQmW2a&lc=UgxNacht7fA1k2e3l4m5n6AaABAg',
      postedAt: { displayed: '2 days ago (edited)' },
      text: 'That is the bridge right behind your house.\nI know which window is yours.',
      inReplyTo: { postId: 'k3Rt9sQmW2a', permalink: 'https://www.youtube.com/watch?v=k3Rt9sQmW2a' },
    });
    const serialized = JSON.stringify(fields);
    expect(serialized).not.toContain('reported');
    expect(serialized).not.toContain('3:12');
    expect(serialized).not.toContain('Tatra');
  });

  it('gives a reply the comment it answers', () => {
    const doc = load('watch-comments.html');
    const reply = doc.querySelectorAll('ytd-comment-view-model')[2];
    expect(youtube.extract(reply, PAGE)).toEqual({
      platform: 'youtube',
      kind: 'reply',
      author: { handle: '@elster.filme', profileUrl: 'https://www.youtube.com/@elster.filme' },
      postId: 'UgxNacht7fA1k2e3l4m5n6AaABAg.AQx1Reply9ZyXwVu',
      permalink: 'https://www.youtube.com/watch?v=k3Rt9sQmW2a&lc=UgxNacht7fA1k2e3l4m5n6AaABAg.AQx1Reply9ZyXwVu',
      postedAt: { displayed: '1 day ago' },
      text: '@nachtfalke-77 Please stop. I have reported this comment.',
      inReplyTo: {
        postId: 'UgxNacht7fA1k2e3l4m5n6AaABAg',
        permalink: 'https://www.youtube.com/watch?v=k3Rt9sQmW2a&lc=UgxNacht7fA1k2e3l4m5n6AaABAg',
        author: '@nachtfalke-77',
      },
    });
  });

  it('returns a hostile name as plain text and reads the channel id from a /channel/ link', () => {
    const doc = load('watch-comments.html');
    const reply = youtube.findPost(byId(doc, 'hostile-name')) as Element;
    const fields = youtube.extract(reply, PAGE);
    expect(fields?.author).toEqual({
      displayName: '<img src=x onerror=alert(1)>',
      accountId: 'UCq9Zr4LmN0pQ1rS2tU3vW4x',
      profileUrl: 'https://www.youtube.com/channel/UCq9Zr4LmN0pQ1rS2tU3vW4x',
    });
    expect(fields?.text).toBe('<b>see you tonight</b>');
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null, without throwing, when the markup changed', () => {
    const doc = load('youtube-changed.html');
    expect(youtube.findPost(byId(doc, 'changed-word'))).toBeNull();
    const kept = youtube.findPost(byId(doc, 'changed-kept-word'));
    expect(kept).not.toBeNull();
    expect(youtube.extract(kept as Element, PAGE)).toBeNull();
    expect(youtube.extract(doc.body, PAGE)).toBeNull();
  });
});
