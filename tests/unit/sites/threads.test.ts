// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { threads } from '../../../utils/sites/threads';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites/threads');
const PAGE = new URL('https://www.threads.com/@lena.fischer.art/post/DAbC123xYz9');

function load(name: string): Document {
  document.documentElement.innerHTML = readFileSync(join(FIXTURES, name), 'utf8').replace(/^<!DOCTYPE[^>]*>/i, '');
  return document;
}

function byId(doc: Document, id: string): Element {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`fixture has no #${id}`);
  return element;
}

const POSTS = 'div[data-pressable-container="true"]';

describe('threads adapter', () => {
  it('matches threads.com and threads.net', () => {
    expect(threads.matches(PAGE)).toBe(true);
    expect(threads.matches(new URL('https://www.threads.net/@lena.fischer.art'))).toBe(true);
    expect(threads.matches(new URL('https://threads.com.example.net/'))).toBe(false);
  });

  it('finds the post under the pointer; a quoted post is found on its own', () => {
    const doc = load('post-replies.html');
    const posts = doc.querySelectorAll(POSTS);
    expect(threads.findPost(byId(doc, 'target-word'))).toBe(posts[1]);
    expect(threads.findPost(byId(doc, 'target-avatar'))).toBe(posts[1]);
    expect(threads.findPost(byId(doc, 'quoted-word'))).toBe(posts[2]);
    expect(threads.findPost(doc.body)).toBeNull();
  });

  it('reads every field the second post shows, without the post it quotes or its neighbours', () => {
    const doc = load('post-replies.html');
    const post = threads.findPost(byId(doc, 'target-word')) as Element;
    const fields = threads.extract(post, PAGE);
    expect(fields).toEqual({
      platform: 'threads',
      kind: 'post',
      author: { handle: '@nachtfalke.77', profileUrl: 'https://www.threads.com/@nachtfalke.77' },
      postId: 'DAbD456qRs1',
      permalink: 'https://www.threads.com/@nachtfalke.77/post/DAbD456qRs1',
      postedAt: { iso: '2025-11-27T21:48:10.000Z', displayed: '23h' },
      text: 'kind? you drew the bridge next to my house.\n<img src=x onerror=alert(1)> see you there',
    });
    const serialized = JSON.stringify(fields);
    expect(serialized).not.toContain('Sachsenbrücke');
    expect(serialized).not.toContain('459000333');
    expect(serialized).not.toContain('Translate');
    expect(serialized).not.toContain('sketches');
    expect(serialized).not.toContain('gorgeous');
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('reads the post of the page with its photo, not the avatar or the like count', () => {
    const doc = load('post-replies.html');
    const post = doc.querySelectorAll(POSTS)[0];
    expect(threads.extract(post, PAGE)).toEqual({
      platform: 'threads',
      kind: 'post',
      author: { handle: '@lena.fischer.art', profileUrl: 'https://www.threads.com/@lena.fischer.art' },
      postId: 'DAbC123xYz9',
      permalink: 'https://www.threads.com/@lena.fischer.art/post/DAbC123xYz9',
      postedAt: { iso: '2025-11-27T19:05:33.000Z', displayed: '1d' },
      text: 'New sketches from the canal walk. Comments are open, be kind.',
      mediaUrls: [
        'https://scontent-fra5-2.cdninstagram.com/v/t51.2885-15/468001122_2.jpg?stp=dst-jpg_e35_s1080x1080&_nc_ht=scontent-fra5-2.cdninstagram.com',
      ],
    });
  });

  it('reads a quoted post on its own', () => {
    const doc = load('post-replies.html');
    const quoted = threads.findPost(byId(doc, 'quoted-word')) as Element;
    const fields = threads.extract(quoted, PAGE);
    expect(fields?.author?.handle).toBe('@citybridges');
    expect(fields?.postId).toBe('C9xYz789Abc');
    expect(fields?.text).toBe('The Sachsenbrücke reopens to cyclists this week.');
  });

  it('returns null, without throwing, when the markup changed', () => {
    const doc = load('threads-changed.html');
    expect(threads.findPost(byId(doc, 'changed-word'))).toBeNull();
    expect(threads.extract(byId(doc, 'changed-kept'), PAGE)).toBeNull();
    expect(threads.extract(doc.body, PAGE)).toBeNull();
  });
});
