// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { mastodon } from '../../../utils/sites/mastodon';

const HOME = new URL('https://mastodon.social/home');
const THREAD = new URL('https://mastodon.social/@kestrel@mstdn.example/115612345678901234');

function load(name: string): void {
  const html = readFileSync(resolve(process.cwd(), 'tests/fixtures/sites/mastodon', name), 'utf8');
  document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

function byId(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`fixture lacks #${id}`);
  return element;
}

function capture(targetId: string, page = HOME) {
  const post = mastodon.findPost(byId(targetId));
  expect(post).not.toBeNull();
  return mastodon.extract(post!, page);
}

describe('mastodon adapter', () => {
  beforeEach(() => load('mastodon-home.html'));

  it('matches the well-known instances by host', () => {
    for (const host of ['mastodon.social', 'mastodon.online', 'mstdn.social', 'infosec.exchange', 'fosstodon.org']) {
      expect(mastodon.matches(new URL(`https://${host}/home`))).toBe(true);
    }
    expect(mastodon.matches(new URL('https://mastodon.social.evil.example/home'))).toBe(false);
    expect(mastodon.matches(new URL('https://example.com/@someone'))).toBe(false);
  });

  it('reads the second status, a reply, from a word of its text', () => {
    const post = mastodon.findPost(byId('target-word'));
    expect(post?.getAttribute('data-id')).toBe('115612345678901234');
    expect(mastodon.extract(post!, HOME)).toEqual({
      platform: 'mastodon',
      kind: 'reply',
      author: {
        displayName: 'Kestrel :skull:',
        handle: '@kestrel@mstdn.example',
        accountId: '110987654321098765',
        profileUrl: 'https://mastodon.social/@kestrel@mstdn.example',
      },
      postId: '115612345678901234',
      permalink: 'https://mastodon.social/@kestrel@mstdn.example/115612345678901234',
      postedAt: { iso: '2026-11-29T10:41:07.000Z', displayed: '2h' },
      text: "@marta you can't block me forever. I know which gym you go to.\n\nSee you there :) #nowhere",
      mediaUrls: ['https://files.mastodon.social/cache/media_attachments/files/115/612/345/678/901/234/original/3f9a0c1d.jpg'],
      inReplyTo: { author: 'Marta Ruiz' },
    });
  });

  it('finds the same status from its avatar and keeps neighbours out', () => {
    const fields = capture('kestrel-avatar')!;
    expect(fields.postId).toBe('115612345678901234');
    expect(fields.text).not.toContain('NEIGHBOUR');
    expect(fields.text).not.toContain('QUOTED');
  });

  it('reads a boosted status as its own author, without a reply', () => {
    const fields = capture('boosted-word')!;
    expect(fields.kind).toBe('post');
    expect(fields.author?.displayName).toBe('Sam Osei');
    expect(fields.author?.handle).toBe('@sam@fosstodon.org');
    expect(fields.inReplyTo).toBeUndefined();
  });

  it('keeps a quoted status out of the quoting one, and reads the quote on its own', () => {
    const quoting = capture('quoting-word')!;
    expect(quoting.postId).toBe('115612100000000004');
    expect(quoting.text).toBe('Look at this. QUOTING-TEXT');
    expect(quoting.author?.displayName).toBe('Tomás Ferreira');
    expect(quoting.mediaUrls).toBeUndefined();
    byId('quoting-word').closest('.status__content')!.remove();
    expect(mastodon.extract(document.querySelector('[data-id="115612100000000004"].status')!, HOME)?.text).toBeUndefined();
    const quoted = capture('quoted-word')!;
    expect(quoted.postId).toBe('115612000000000005');
    expect(quoted.author?.displayName).toBe('Marta Ruiz');
    expect(quoted.text).toBe('Please stop messaging me. QUOTED-TEXT');
    expect(quoted.mediaUrls).toEqual(['https://files.mastodon.social/media_attachments/files/115/612/000/000/000/005/original/quoted.png']);
  });

  it('reads the focused status of a thread page and the reply below it', () => {
    load('mastodon-thread.html');
    expect(capture('focused-word', THREAD)).toEqual({
      platform: 'mastodon',
      kind: 'post',
      author: {
        displayName: 'Kestrel',
        handle: '@kestrel@mstdn.example',
        accountId: '110987654321098765',
        profileUrl: 'https://mastodon.social/@kestrel@mstdn.example',
      },
      postId: '115612345678901234',
      permalink: 'https://mastodon.social/@kestrel@mstdn.example/115612345678901234',
      postedAt: { displayed: 'Nov 29, 2026, 10:41 AM' },
      text: "@marta you can't block me forever. I know which gym you go to.",
      mediaUrls: ['https://files.mastodon.social/cache/media_attachments/files/115/612/345/678/901/234/original/3f9a0c1d.jpg'],
    });
    const reply = capture('descendant-word', THREAD)!;
    expect(reply.kind).toBe('reply');
    expect(reply.author?.handle).toBe('@lena');
    expect(reply.text).toBe('Reported this account. DESCENDANT-TEXT');
  });

  it('returns hostile names and text as the plain strings they are', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    byId('kestrel-name').textContent = hostile;
    byId('target-word').textContent = hostile;
    const fields = capture('target-word')!;
    expect(fields.author?.displayName).toBe(hostile);
    expect(fields.text).toContain(`which ${hostile} you go`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null for what is not a status, and never throws', () => {
    expect(mastodon.findPost(document.body)).toBeNull();
    expect(mastodon.extract(document.body, HOME)).toBeNull();
    const odd = document.createElement('div');
    odd.className = 'status';
    odd.setAttribute('data-id', 'javascript:alert(1)');
    expect(mastodon.extract(odd, HOME)).toBeNull();
  });

  it('does not recognise the changed markup', () => {
    load('mastodon-changed.html');
    expect(mastodon.findPost(byId('changed-word'))).toBeNull();
    expect(mastodon.findPost(byId('changed-avatar'))).toBeNull();
    expect(mastodon.extract(document.querySelector('article')!, HOME)).toBeNull();
  });
});
