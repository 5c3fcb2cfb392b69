// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { bluesky } from '../../../utils/sites/bluesky';

const HOME = new URL('https://bsky.app/');
const THREAD = new URL('https://bsky.app/profile/kestrel-watch.bsky.social/post/3mbx7k2q4zs2c');

function load(name: string): void {
  const html = readFileSync(resolve(process.cwd(), 'tests/fixtures/sites/bluesky', name), 'utf8');
  document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

function byId(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`fixture lacks #${id}`);
  return element;
}

function capture(targetId: string, page = HOME) {
  const post = bluesky.findPost(byId(targetId));
  expect(post).not.toBeNull();
  return bluesky.extract(post!, page);
}

describe('bluesky adapter', () => {
  beforeEach(() => load('bluesky-feed.html'));

  it('matches bsky.app only', () => {
    expect(bluesky.matches(new URL('https://bsky.app/profile/someone.bsky.social'))).toBe(true);
    expect(bluesky.matches(new URL('https://bsky.app.evil.example/'))).toBe(false);
    expect(bluesky.matches(new URL('https://example.com/bsky.app'))).toBe(false);
  });

  it('reads the second feed item, a reply, from a word of its text', () => {
    const post = bluesky.findPost(byId('target-word'));
    expect(post?.getAttribute('data-testid')).toBe('feedItem-by-kestrel-watch.bsky.social');
    expect(bluesky.extract(post!, HOME)).toEqual({
      platform: 'bluesky',
      kind: 'reply',
      author: {
        displayName: 'Kestrel 👁',
        handle: '@kestrel-watch.bsky.social',
        accountId: 'did:plc:7qx3hzrl2vmkw5s4eudfbj6n',
        profileUrl: 'https://bsky.app/profile/kestrel-watch.bsky.social',
      },
      postId: '3mbx7k2q4zs2c',
      permalink: 'https://bsky.app/profile/kestrel-watch.bsky.social/post/3mbx7k2q4zs2c',
      postedAt: { displayed: '2h' },
      text: '@marta.bsky.social blocking me changes nothing.\nYour new flat has a blue door.',
      mediaUrls: [
        'https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:7qx3hzrl2vmkw5s4eudfbj6n/bafkreidoorphoto@jpeg',
        'https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:7qx3hzrl2vmkw5s4eudfbj6n/bafkreistreetphoto@jpeg',
      ],
      inReplyTo: { author: 'Marta Ruiz' },
    });
  });

  it('finds the same item from the avatar and keeps the neighbours out', () => {
    const fields = capture('kestrel-avatar')!;
    expect(fields.postId).toBe('3mbx7k2q4zs2c');
    expect(fields.text).not.toMatch(/NEIGHBOUR|QUOT/);
  });

  it('does not take a link card thumbnail for the post media', () => {
    const first = document.querySelector('[data-testid="feedItem-by-ingrid.bsky.social"]')!;
    const fields = bluesky.extract(first, HOME)!;
    expect(fields.mediaUrls).toBeUndefined();
    expect(fields.author?.accountId).toBe('did:plc:ab2cd3ef4gh5ij6kl7mn2op3');
    expect(fields.inReplyTo).toBeUndefined();
  });

  it('reads a reposted quote post as its author, without the reposter or the quoted post', () => {
    const fields = capture('quoting-word')!;
    expect(fields).toEqual({
      platform: 'bluesky',
      kind: 'post',
      author: {
        displayName: 'Sam Osei',
        handle: '@sam.osei.dev',
        accountId: 'did:web:sam.osei.dev',
        profileUrl: 'https://bsky.app/profile/sam.osei.dev',
      },
      postId: '3mbx5ccccccc2',
      permalink: 'https://bsky.app/profile/sam.osei.dev/post/3mbx5ccccccc2',
      postedAt: { displayed: '4h' },
      text: 'Look at what she wrote. QUOTING-TEXT',
    });
  });

  it('reads the focused post of a thread page with the page as its permalink', () => {
    load('bluesky-thread.html');
    expect(capture('anchor-word', THREAD)).toEqual({
      platform: 'bluesky',
      kind: 'post',
      author: {
        displayName: 'Kestrel 👁',
        handle: '@kestrel-watch.bsky.social',
        accountId: 'did:plc:7qx3hzrl2vmkw5s4eudfbj6n',
        profileUrl: 'https://bsky.app/profile/kestrel-watch.bsky.social',
      },
      postId: '3mbx7k2q4zs2c',
      permalink: 'https://bsky.app/profile/kestrel-watch.bsky.social/post/3mbx7k2q4zs2c',
      text: '@marta.bsky.social blocking me changes nothing.\nYour new flat has a blue door.',
    });
    const reply = capture('reply-word', THREAD)!;
    expect(reply.postId).toBe('3mbx8ddddddd2');
    expect(reply.author?.handle).toBe('@lena.bsky.social');
    expect(reply.text).toBe('Reported. REPLY-TEXT');
  });

  it('does not take the page URL as the permalink of another post on the page', () => {
    load('bluesky-thread.html');
    const other = new URL('https://bsky.app/profile/someone-else.bsky.social/post/3zzzzzzzzzzz2');
    expect(capture('anchor-word', other)).toBeNull();
  });

  it('returns hostile names and text as the plain strings they are', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    byId('kestrel-name').textContent = hostile;
    byId('target-word').textContent = hostile;
    const fields = capture('target-word')!;
    expect(fields.author?.displayName).toBe(hostile);
    expect(fields.text).toContain(`Your new ${hostile} has`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null for what is not a post, and never throws', () => {
    expect(bluesky.findPost(document.body)).toBeNull();
    expect(bluesky.extract(document.body, HOME)).toBeNull();
  });

  it('does not recognise the changed markup', () => {
    load('bluesky-changed.html');
    expect(bluesky.findPost(byId('changed-word'))).toBeNull();
    expect(bluesky.findPost(byId('changed-avatar'))).toBeNull();
    expect(bluesky.extract(document.querySelector('[data-testid="post-card"]')!, HOME)).toBeNull();
  });
});
