// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { instagram } from '../../../utils/sites/instagram';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites/instagram');
const FEED = new URL('https://www.instagram.com/');
const POST_PAGE = new URL('https://www.instagram.com/p/DCx9AbC1dEf/');

function load(name: string): Document {
  document.documentElement.innerHTML = readFileSync(join(FIXTURES, name), 'utf8').replace(/^<!DOCTYPE[^>]*>/i, '');
  return document;
}

function byId(doc: Document, id: string): Element {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`fixture has no #${id}`);
  return element;
}

const DRAWING =
  'https://scontent-fra3-1.cdninstagram.com/v/t51.29350-15/468001122_1_n.jpg?stp=dst-jpg_e35_p1080x1080&_nc_ht=scontent-fra3-1.cdninstagram.com';

describe('instagram adapter', () => {
  it('matches instagram.com only', () => {
    expect(instagram.matches(FEED)).toBe(true);
    expect(instagram.matches(new URL('https://instagram.com/lena.fischer.art/'))).toBe(true);
    expect(instagram.matches(new URL('https://instagram.com.example.org/'))).toBe(false);
  });

  it('finds the feed post under the pointer, not its neighbour', () => {
    const doc = load('feed.html');
    const articles = doc.querySelectorAll('article');
    expect(instagram.findPost(byId(doc, 'target-word'))).toBe(articles[1]);
    expect(instagram.findPost(byId(doc, 'target-avatar'))).toBe(articles[1]);
  });

  it('reads every field the second feed post shows, and not the comment shown under it', () => {
    const doc = load('feed.html');
    const post = instagram.findPost(byId(doc, 'target-word')) as Element;
    const fields = instagram.extract(post, FEED);
    expect(fields).toEqual({
      platform: 'instagram',
      kind: 'post',
      author: { handle: '@lena.fischer.art', profileUrl: 'https://www.instagram.com/lena.fischer.art/' },
      postId: 'DCx9AbC1dEf',
      permalink: 'https://www.instagram.com/p/DCx9AbC1dEf/',
      postedAt: { iso: '2025-11-27T18:02:11.000Z', displayed: '16h' },
      text: 'Sketchbook, page 41: the Sachsenbrücke at dusk.\nPrints soon #leipzig',
      mediaUrls: [
        DRAWING,
        'https://scontent-fra3-1.cdninstagram.com/v/t51.29350-15/468001123_1_n.jpg?stp=dst-jpg_e15',
      ],
    });
    const serialized = JSON.stringify(fields);
    expect(serialized).not.toContain('your window');
    expect(serialized).not.toContain('Fog over');
    expect(serialized).not.toContain('profile picture');
    expect(serialized).not.toContain('462318890');
  });

  it('never takes a comment shown under a post without a caption as its caption', () => {
    const doc = load('feed.html');
    const fields = instagram.extract(doc.querySelectorAll('article')[2], FEED);
    expect(fields?.author?.handle).toBe('@sam.okafor');
    expect(fields?.permalink).toBe('https://www.instagram.com/reel/DCy2SaMoKaF/');
    expect(fields?.text).toBeUndefined();
    expect(JSON.stringify(fields)).not.toContain('love this');
  });

  it('finds a comment on the post page, not the post, its reply or a neighbour', () => {
    const doc = load('post-comments.html');
    const comment = instagram.findPost(byId(doc, 'target-word')) as Element;
    expect(comment.matches('main, article')).toBe(false);
    expect(instagram.findPost(byId(doc, 'target-avatar'))?.contains(comment)).toBe(true);
    expect(instagram.findPost(byId(doc, 'caption-word'))).toBe(doc.querySelector('main'));
    expect(comment.contains(byId(doc, 'reply-word'))).toBe(false);
  });

  it('reads every field the second comment shows', () => {
    const doc = load('post-comments.html');
    const comment = instagram.findPost(byId(doc, 'target-word')) as Element;
    const fields = instagram.extract(comment, POST_PAGE);
    expect(fields).toEqual({
      platform: 'instagram',
      kind: 'comment',
      author: { handle: '@nachtfalke.77', profileUrl: 'https://www.instagram.com/nachtfalke.77/' },
      postId: '18045678901234522',
      permalink: 'https://www.instagram.com/p/DCx9AbC1dEf/c/18045678901234522/',
      postedAt: { iso: '2025-11-28T07:45:30.000Z', displayed: '3h' },
      text: 'Same bench as every Thursday, right? @lena.fischer.art',
      inReplyTo: { postId: 'DCx9AbC1dEf', permalink: 'https://www.instagram.com/p/DCx9AbC1dEf/' },
    });
    const serialized = JSON.stringify(fields);
    expect(serialized).not.toContain('Please do not');
    expect(serialized).not.toContain('linework');
    expect(serialized).not.toContain('See translation');
    // the same comment read from its avatar
    const fromAvatar = instagram.extract(instagram.findPost(byId(doc, 'target-avatar')) as Element, POST_PAGE);
    expect(fromAvatar).toEqual(fields);
  });

  it('gives a reply the comment it answers', () => {
    const doc = load('post-comments.html');
    const reply = instagram.findPost(byId(doc, 'reply-word')) as Element;
    expect(instagram.extract(reply, POST_PAGE)).toEqual({
      platform: 'instagram',
      kind: 'reply',
      author: { handle: '@lena.fischer.art', profileUrl: 'https://www.instagram.com/lena.fischer.art/' },
      postId: '18045678901234588',
      permalink: 'https://www.instagram.com/p/DCx9AbC1dEf/c/18045678901234522/r/18045678901234588/',
      postedAt: { iso: '2025-11-28T08:02:10.000Z', displayed: '2h' },
      text: 'Please do not comment on my posts again.',
      inReplyTo: {
        postId: '18045678901234522',
        permalink: 'https://www.instagram.com/p/DCx9AbC1dEf/c/18045678901234522/',
      },
    });
  });

  it('reads the post page itself: caption, time and photo, none of the comments or other posts', () => {
    const doc = load('post-comments.html');
    const post = instagram.findPost(byId(doc, 'caption-word')) as Element;
    expect(instagram.extract(post, POST_PAGE)).toEqual({
      platform: 'instagram',
      kind: 'post',
      author: { handle: '@lena.fischer.art', profileUrl: 'https://www.instagram.com/lena.fischer.art/' },
      postId: 'DCx9AbC1dEf',
      permalink: 'https://www.instagram.com/p/DCx9AbC1dEf/',
      postedAt: { iso: '2025-11-27T18:02:11.000Z', displayed: '16h' },
      text: 'Sketchbook, page 41: the Sachsenbrücke at dusk.\nPrints soon #leipzig',
      mediaUrls: [DRAWING],
    });
  });

  it('returns hostile comment text as plain text and keeps an attached GIF', () => {
    const doc = load('post-comments.html');
    const comment = instagram.findPost(byId(doc, 'hostile-text')) as Element;
    const fields = instagram.extract(comment, POST_PAGE);
    expect(fields?.text).toBe('<img src=x onerror=alert(1)>');
    expect(fields?.author?.handle).toBe('@x.x.nobody');
    expect(fields?.mediaUrls).toEqual(['https://media.giphy.com/media/3o7TKSjRrfIPjeiVyM/giphy.gif']);
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null, without throwing, when the markup changed', () => {
    const doc = load('instagram-changed.html');
    expect(instagram.findPost(byId(doc, 'changed-word'))).toBeNull();
    expect(instagram.findPost(byId(doc, 'changed-comment-word'))).toBeNull();
    expect(instagram.extract(byId(doc, 'changed-article'), FEED)).toBeNull();
    expect(instagram.extract(doc.body, FEED)).toBeNull();
  });
});
