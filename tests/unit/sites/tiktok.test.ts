// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tiktok } from '../../../utils/sites/tiktok';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites/tiktok');
const PAGE = new URL('https://www.tiktok.com/@lena.fischer.art/video/7441234567890123456');

function load(name: string): Document {
  document.documentElement.innerHTML = readFileSync(join(FIXTURES, name), 'utf8').replace(/^<!DOCTYPE[^>]*>/i, '');
  return document;
}

function byId(doc: Document, id: string): Element {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`fixture has no #${id}`);
  return element;
}

const VIDEO_SRC =
  'https://v16-webapp-prime.tiktok.com/video/tos/maliva/tos-maliva-ve-0068c799-us/oQfkAbCdEfGhIjKlMnOp/?a=1988&bti=ODszNWYuMDE6&ch=0&mime_type=video_mp4';
const VIDEO_POSTER =
  'https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/oAbCdEfGhIjKlMnOpQrStUv?x-expires=1764400000&x-signature=AbC%3D';

describe('tiktok adapter', () => {
  it('matches tiktok.com only', () => {
    expect(tiktok.matches(PAGE)).toBe(true);
    expect(tiktok.matches(new URL('https://m.tiktok.com/v/1.html'))).toBe(true);
    expect(tiktok.matches(new URL('https://tiktok.com.evil.example/'))).toBe(false);
  });

  it('finds the same comment from its text, avatar or like button, and never a neighbour', () => {
    const doc = load('video-comments.html');
    const fromWord = tiktok.findPost(byId(doc, 'target-word')) as Element;
    const fromAvatar = tiktok.findPost(byId(doc, 'target-avatar')) as Element;
    const fromLike = tiktok.findPost(byId(doc, 'target-like')) as Element;
    for (const found of [fromWord, fromAvatar, fromLike]) {
      expect(tiktok.extract(found, PAGE)?.text).toBe('third time this week you walked past at 9pm');
    }
    expect(tiktok.findPost(byId(doc, 'reply-word'))).not.toBe(fromWord);
  });

  it('reads every field the second comment shows, without its reply or its neighbours', () => {
    const doc = load('video-comments.html');
    const comment = tiktok.findPost(byId(doc, 'target-word')) as Element;
    const fields = tiktok.extract(comment, PAGE);
    expect(fields).toEqual({
      platform: 'tiktok',
      kind: 'comment',
      author: {
        displayName: 'watcher',
        handle: '@user8841207733',
        profileUrl: 'https://www.tiktok.com/@user8841207733',
      },
      postedAt: { displayed: '1d ago' },
      text: 'third time this week you walked past at 9pm',
      inReplyTo: {
        postId: '7441234567890123456',
        permalink: 'https://www.tiktok.com/@lena.fischer.art/video/7441234567890123456',
        author: '@lena.fischer.art',
      },
    });
    const serialized = JSON.stringify(fields);
    expect(serialized).not.toContain('stop following');
    expect(serialized).not.toContain('cycle');
    expect(serialized).not.toContain('coat');
  });

  it('gives a reply the comment it answers', () => {
    const doc = load('video-comments.html');
    const reply = tiktok.findPost(byId(doc, 'reply-word')) as Element;
    expect(tiktok.extract(reply, PAGE)).toEqual({
      platform: 'tiktok',
      kind: 'reply',
      author: {
        displayName: 'Lena Fischer',
        handle: '@lena.fischer.art',
        profileUrl: 'https://www.tiktok.com/@lena.fischer.art',
      },
      postedAt: { displayed: '22h ago' },
      text: 'Please stop following me.',
      inReplyTo: { author: '@user8841207733' },
    });
  });

  it('reads the video description, its author, date and the video', () => {
    const doc = load('video-comments.html');
    const description = doc.querySelector('[data-e2e="browse-video-desc"] span') as Element;
    const post = tiktok.findPost(description) as Element;
    expect(tiktok.extract(post, PAGE)).toEqual({
      platform: 'tiktok',
      kind: 'post',
      author: {
        displayName: 'Lena Fischer',
        handle: '@lena.fischer.art',
        profileUrl: 'https://www.tiktok.com/@lena.fischer.art',
      },
      postId: '7441234567890123456',
      permalink: 'https://www.tiktok.com/@lena.fischer.art/video/7441234567890123456',
      postedAt: { displayed: '11-27' },
      text: 'Walking home past the Elster canal #leipzig',
      mediaUrls: [VIDEO_SRC, VIDEO_POSTER],
    });
  });

  it('returns a hostile nickname as plain text and keeps a sticker, not the avatar', () => {
    const doc = load('video-comments.html');
    const comment = tiktok.findPost(byId(doc, 'hostile-name')) as Element;
    const fields = tiktok.extract(comment, PAGE);
    expect(fields?.author?.displayName).toBe('<img src=x onerror=alert(1)>');
    expect(fields?.author?.handle).toBe('@x.x.nobody');
    expect(fields?.mediaUrls).toEqual([
      'https://p16-sign-va.tiktokcdn.com/tos-maliva-i-0068/stickerEyes01~tplv-photomode.image',
    ]);
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null, without throwing, when the markup changed', () => {
    const doc = load('tiktok-changed.html');
    expect(tiktok.findPost(byId(doc, 'changed-desc-word'))).toBeNull();
    expect(tiktok.findPost(byId(doc, 'changed-comment-word'))).toBeNull();
    const item = doc.querySelector('.css-1i7ohvi-DivCommentItemContainer') as Element;
    expect(tiktok.extract(item, PAGE)).toBeNull();
    expect(tiktok.extract(doc.body, PAGE)).toBeNull();
  });
});
