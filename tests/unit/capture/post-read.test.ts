import { describe, expect, it } from 'vitest';
import { parsePageAndPost, POST_LIMITS } from '@/utils/capture/post-read';
import { pageRead } from '../support/capture-services';

function post(overrides: Record<string, unknown> = {}) {
  return {
    target: { method: 'hover', element: 'span#target-word' },
    fields: {
      platform: 'x',
      kind: 'reply',
      author: { displayName: 'Night Owl', handle: '@nightowl_88', profileUrl: 'https://x.com/nightowl_88' },
      postId: '1862455123456789012',
      permalink: 'https://x.com/nightowl_88/status/1862455123456789012',
      postedAt: { iso: '2025-11-28T09:14:05.000Z', displayed: '2h' },
      text: 'Saw you at the station again',
      mediaUrls: ['https://pbs.twimg.com/media/a.jpg'],
    },
    extraction: { adapter: 'x', notes: [] },
    rect: { x: 8, y: 264, width: 1264, height: 369 },
    text: 'Saw you at the station again',
    textTruncated: false,
    ...overrides,
  };
}

describe('the post reading that crosses from the page to the background', () => {
  it('accepts a reading as the post reader makes it', () => {
    const read = parsePageAndPost({ page: pageRead(), post: post() });
    expect(read.post?.fields?.author?.handle).toBe('@nightowl_88');
    expect(read.post?.rect).toEqual({ x: 8, y: 264, width: 1264, height: 369 });
  });

  it('accepts a full-page reading, which has no post', () => {
    expect(parsePageAndPost({ page: pageRead(), post: null }).post).toBeNull();
  });

  it.each([
    ['a javascript: permalink', { fields: { ...post().fields, permalink: 'javascript:alert(1)' } }, 'post.fields.permalink'],
    ['a data: profile address', { fields: { ...post().fields, author: { profileUrl: 'data:text/html,<b>x</b>' } } }, 'post.fields.author.profileUrl'],
    ['a blob: media address', { fields: { ...post().fields, mediaUrls: ['blob:https://web.whatsapp.com/1'] } }, 'post.fields.mediaUrls.0'],
    ['a raw-source address that is not http(s)', { fields: { ...post().fields, rawSourceUrl: 'file:///etc/passwd' } }, 'post.fields.rawSourceUrl'],
    ['an author name longer than the cap', { fields: { ...post().fields, author: { displayName: 'x'.repeat(POST_LIMITS.fieldChars + 1) } } }, 'post.fields.author.displayName'],
    ['a post text longer than the cap', { text: 'x'.repeat(POST_LIMITS.textChars + 1) }, 'post.text'],
    ['an unknown kind of post', { fields: { ...post().fields, kind: 'script' } }, 'post.fields.kind'],
    ['an unknown way of choosing the element', { target: { method: 'page-said-so', element: 'div' } }, 'post.target.method'],
    ['a rectangle that is not a number', { rect: { x: 0, y: 0, width: Infinity, height: 10 } }, 'post.rect.width'],
    ['too many media addresses', { fields: { ...post().fields, mediaUrls: Array.from({ length: 51 }, (_, i) => `https://a.example/${i}`) } }, 'post.fields.mediaUrls'],
  ])('refuses %s, naming the field', (_what, change, where) => {
    expect(() => parsePageAndPost({ page: pageRead(), post: post(change) })).toThrow(new RegExp(`\\(${where.replace(/\./g, '\\.')}:`));
  });

  it('refuses something that is not a reading at all', () => {
    expect(() => parsePageAndPost('<html>')).toThrow(/unexpected reading/);
    expect(() => parsePageAndPost({ page: pageRead() })).toThrow(/post/);
  });
});
