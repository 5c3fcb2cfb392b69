// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { x } from '../../../utils/sites/x';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites/x');

function load(name: string): Document {
  document.documentElement.innerHTML = readFileSync(join(FIXTURES, name), 'utf8').replace(/^<!DOCTYPE[^>]*>/i, '');
  return document;
}

function byId(doc: Document, id: string): Element {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`fixture has no #${id}`);
  return element;
}

const HOME = new URL('https://x.com/home');
const STATUS = new URL('https://x.com/marta_r/status/1862390000000000777');

describe('x adapter', () => {
  it('matches x.com and twitter.com only', () => {
    expect(x.matches(new URL('https://x.com/home'))).toBe(true);
    expect(x.matches(new URL('https://mobile.twitter.com/marta_r'))).toBe(true);
    expect(x.matches(new URL('https://box.com/x.com'))).toBe(false);
    expect(x.matches(new URL('https://x.com.evil.example/'))).toBe(false);
  });

  it('finds the tweet under the pointer, not its neighbour or the tweet it quotes', () => {
    const doc = load('timeline.html');
    const tweets = doc.querySelectorAll('article[data-testid="tweet"]');
    expect(x.findPost(byId(doc, 'target-word'))).toBe(tweets[1]);
    expect(x.findPost(byId(doc, 'target-avatar'))).toBe(tweets[1]);
    // pointing at the quoted tweet still captures the tweet on screen, which contains it
    const quoted = doc.querySelector('#id__q2 span') as Element;
    expect(x.findPost(quoted)).toBe(tweets[1]);
    expect(x.findPost(doc.body)).toBeNull();
  });

  it('reads every field the second tweet shows, and nothing of the quoted tweet', () => {
    const doc = load('timeline.html');
    const post = x.findPost(byId(doc, 'target-word')) as Element;
    const fields = x.extract(post, HOME);
    expect(fields).toEqual({
      platform: 'x',
      kind: 'reply',
      author: {
        displayName: 'Night Owl 🦉',
        handle: '@nightowl_88',
        profileUrl: 'https://x.com/nightowl_88',
      },
      postId: '1862455123456789012',
      permalink: 'https://x.com/nightowl_88/status/1862455123456789012',
      postedAt: { iso: '2025-11-28T09:14:05.000Z', displayed: '2h' },
      text: 'Saw you at the station again this morning 👀\nSame coat as yesterday.',
      mediaUrls: ['https://pbs.twimg.com/media/GdStation9BBqRsT?format=jpg&name=medium'],
      inReplyTo: { author: '@marta_r' },
    });
    const serialized = JSON.stringify(fields);
    expect(serialized).not.toContain('green coat');
    expect(serialized).not.toContain('GdCoatQuoteCCc');
    expect(serialized).not.toContain('1862390000000000777');
    expect(serialized).not.toContain('canal');
    expect(serialized).not.toContain('trams');
  });

  it('reads the original author of a repost and keeps the video poster, not the blob URL', () => {
    const doc = load('timeline.html');
    const post = doc.querySelectorAll('article[data-testid="tweet"]')[2];
    const fields = x.extract(post, HOME);
    expect(fields?.author).toEqual({
      displayName: 'City Transit',
      handle: '@citytransit',
      profileUrl: 'https://x.com/citytransit',
    });
    expect(fields?.kind).toBe('post');
    expect(fields?.inReplyTo).toBeUndefined();
    expect(fields?.mediaUrls).toEqual(['https://pbs.twimg.com/amplify_video_thumb/1862299000000000000/img/TramThumb.jpg']);
  });

  it('reads the numeric account id from the follow button of the focused tweet', () => {
    const doc = load('conversation.html');
    const post = doc.querySelectorAll('article[data-testid="tweet"]')[0];
    const fields = x.extract(post, STATUS);
    expect(fields?.author?.accountId).toBe('1523334455667788990');
    expect(fields?.postId).toBe('1862390000000000777');
    expect(fields?.permalink).toBe('https://x.com/marta_r/status/1862390000000000777');
    expect(fields?.postedAt).toEqual({ iso: '2025-11-28T05:40:00.000Z', displayed: '6:40 AM · Nov 28, 2025' });
    expect(fields?.text).toBe('Commuting with my new green coat today, finally warm.');
  });

  it('returns hostile names and text as plain text, unchanged', () => {
    const doc = load('conversation.html');
    const post = x.findPost(byId(doc, 'hostile-name')) as Element;
    const fields = x.extract(post, STATUS);
    expect(fields?.author?.displayName).toBe('<img src=x onerror=alert(1)>');
    expect(fields?.author?.handle).toBe('@x0x_watcher');
    expect(fields?.text).toBe('<script>alert("coat")</script> green suits you');
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null, without throwing, when the markup changed', () => {
    const doc = load('x-changed.html');
    expect(x.findPost(byId(doc, 'changed-word-1'))).toBeNull();
    const renamedInside = x.findPost(byId(doc, 'changed-word-2'));
    expect(renamedInside).not.toBeNull();
    expect(x.extract(renamedInside as Element, HOME)).toBeNull();
    expect(x.extract(doc.body, HOME)).toBeNull();
  });
});
