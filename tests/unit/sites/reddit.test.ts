// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reddit } from '../../../utils/sites/reddit';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites/reddit');
const PAGE = new URL('https://www.reddit.com/r/Leipzig/comments/1p8xyzq/someone_keeps_leaving_notes_on_my_bike/');

function load(name: string): Document {
  document.documentElement.innerHTML = readFileSync(join(FIXTURES, name), 'utf8').replace(/^<!DOCTYPE[^>]*>/i, '');
  return document;
}

function byId(doc: Document, id: string): Element {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`fixture has no #${id}`);
  return element;
}

describe('reddit adapter', () => {
  it('matches www.reddit.com but not old.reddit.com', () => {
    expect(reddit.matches(new URL('https://www.reddit.com/r/Leipzig/'))).toBe(true);
    expect(reddit.matches(new URL('https://reddit.com/'))).toBe(true);
    expect(reddit.matches(new URL('https://old.reddit.com/r/Leipzig/'))).toBe(false);
    expect(reddit.matches(new URL('https://notreddit.com/'))).toBe(false);
  });

  it('finds the comment under the pointer, not the post, its reply or its neighbour', () => {
    const doc = load('thread.html');
    const comments = doc.querySelectorAll('shreddit-comment');
    expect(reddit.findPost(byId(doc, 'target-word'))).toBe(comments[0]);
    expect(reddit.findPost(byId(doc, 'target-avatar'))).toBe(comments[0]);
    expect(reddit.findPost(byId(doc, 'reply-word'))).toBe(comments[1]);
    expect(reddit.findPost(doc.querySelector('h1[slot="title"]') as Element)).toBe(doc.querySelector('shreddit-post'));
    expect(reddit.findPost(doc.body)).toBeNull();
  });

  it('reads every field the second item (a comment) shows, without its nested reply', () => {
    const doc = load('thread.html');
    const comment = reddit.findPost(byId(doc, 'target-word')) as Element;
    const fields = reddit.extract(comment, PAGE);
    expect(fields).toEqual({
      platform: 'reddit',
      kind: 'comment',
      author: {
        handle: 'u/quiet_fern',
        accountId: 't2_4f7h2q9w',
        profileUrl: 'https://www.reddit.com/user/quiet_fern/',
      },
      postId: 't1_mabc123',
      permalink: 'https://www.reddit.com/r/Leipzig/comments/1p8xyzq/comment/mabc123/',
      postedAt: { iso: '2025-11-28T08:11:22.123Z', displayed: '2 hr. ago' },
      text: 'Please keep every note and photograph where the bike was parked.\nThen report it at the Polizeirevier Südost.',
      inReplyTo: {
        postId: 't3_1p8xyzq',
        permalink: 'https://www.reddit.com/r/Leipzig/comments/1p8xyzq/someone_keeps_leaving_notes_on_my_bike/',
        author: 'u/marta_ruiz_le',
      },
    });
    const serialized = JSON.stringify(fields);
    expect(serialized).not.toContain('blind spot');
    expect(serialized).not.toContain('Hauptbahnhof');
    expect(serialized).not.toContain('Third note');
  });

  it('gives a reply the comment it answers, and returns hostile text unchanged', () => {
    const doc = load('thread.html');
    const reply = reddit.findPost(byId(doc, 'reply-word')) as Element;
    const fields = reddit.extract(reply, PAGE);
    expect(fields?.kind).toBe('reply');
    expect(fields?.author).toEqual({ handle: 'u/0xw4tcher', profileUrl: 'https://www.reddit.com/user/0xw4tcher/' });
    expect(fields?.postId).toBe('t1_mabd456');
    expect(fields?.postedAt).toEqual({ iso: '2025-11-28T08:40:03.554Z', displayed: '1 hr. ago' });
    expect(fields?.inReplyTo).toEqual({
      postId: 't1_mabc123',
      permalink: 'https://www.reddit.com/r/Leipzig/comments/1p8xyzq/comment/mabc123/',
      author: 'u/quiet_fern',
    });
    expect(fields?.text).toBe("<img src=x onerror=alert(1)> the library rack is the only one with a camera blind spot, isn't it");
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('reads the post: title and body as its text, account id, time and image', () => {
    const doc = load('thread.html');
    const post = doc.querySelector('shreddit-post') as Element;
    expect(reddit.extract(post, PAGE)).toEqual({
      platform: 'reddit',
      kind: 'post',
      author: {
        handle: 'u/marta_ruiz_le',
        accountId: 't2_8k2j4m1x',
        profileUrl: 'https://www.reddit.com/user/marta_ruiz_le/',
      },
      postId: 't3_1p8xyzq',
      permalink: 'https://www.reddit.com/r/Leipzig/comments/1p8xyzq/someone_keeps_leaving_notes_on_my_bike/',
      postedAt: { iso: '2025-11-28T07:30:15.481Z', displayed: '3 hr. ago' },
      text:
        'Someone keeps leaving notes on my bike\n\nThird note this week, always when I park near the library.\nHas this happened to anyone else around Südvorstadt?',
      mediaUrls: [
        'https://preview.redd.it/note-on-bike-v0-a1b2c3d4e5.jpg?width=1080&format=pjpg&auto=webp&s=0a1b2c3d4e5f',
      ],
    });
  });

  it('reads a deleted comment without taking the text of the reply kept under it', () => {
    const doc = load('thread.html');
    const deleted = reddit.findPost(byId(doc, 'deleted-placeholder')) as Element;
    expect(reddit.extract(deleted, PAGE)).toEqual({
      platform: 'reddit',
      kind: 'comment',
      author: { displayName: '[deleted]' },
      postId: 't1_mabf000',
      permalink: 'https://www.reddit.com/r/Leipzig/comments/1p8xyzq/comment/mabf000/',
      postedAt: { iso: '2025-11-28T09:20:00.000Z', displayed: '50 min. ago' },
      inReplyTo: {
        postId: 't3_1p8xyzq',
        permalink: 'https://www.reddit.com/r/Leipzig/comments/1p8xyzq/someone_keeps_leaving_notes_on_my_bike/',
        author: 'u/marta_ruiz_le',
      },
    });
  });

  it('returns null, without throwing, when the markup changed', () => {
    const doc = load('reddit-changed.html');
    expect(reddit.findPost(byId(doc, 'changed-post-word'))).toBeNull();
    expect(reddit.findPost(byId(doc, 'changed-comment-word'))).toBeNull();
    const kept = reddit.findPost(byId(doc, 'changed-kept-word'));
    expect(kept).not.toBeNull();
    expect(reddit.extract(kept as Element, PAGE)).toBeNull();
    expect(reddit.extract(doc.body, PAGE)).toBeNull();
  });
});
