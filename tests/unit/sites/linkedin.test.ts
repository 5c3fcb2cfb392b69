// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { linkedin } from '../../../utils/sites/linkedin';

const PAGE = new URL('https://www.linkedin.com/feed/');

function load(name: string): void {
  const html = readFileSync(resolve(process.cwd(), 'tests/fixtures/sites/linkedin', name), 'utf8');
  document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

function byId(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`fixture lacks #${id}`);
  return element;
}

function capture(targetId: string) {
  const post = linkedin.findPost(byId(targetId));
  expect(post).not.toBeNull();
  return linkedin.extract(post!, PAGE);
}

describe('linkedin adapter', () => {
  beforeEach(() => load('linkedin-feed.html'));

  it('matches LinkedIn pages only', () => {
    expect(linkedin.matches(new URL('https://www.linkedin.com/feed/'))).toBe(true);
    expect(linkedin.matches(new URL('https://linkedin.com/in/someone/'))).toBe(true);
    expect(linkedin.matches(new URL('https://linkedin.com.evil.example/feed/'))).toBe(false);
    expect(linkedin.matches(new URL('https://example.com/linkedin.com'))).toBe(false);
  });

  it('finds the second post from a word of its text and reads every field it shows', () => {
    const post = linkedin.findPost(byId('target-word'));
    expect(post?.getAttribute('data-urn')).toBe('urn:li:activity:7401192233445566778');
    expect(linkedin.extract(post!, PAGE)).toEqual({
      platform: 'linkedin',
      kind: 'post',
      author: {
        displayName: 'Daniel Okafor',
        accountId: 'ACoAAD3kLmNoPqRsTuVwXyZaBcDeFgHiJ03',
        profileUrl: 'https://www.linkedin.com/in/daniel-okafor-5e8f21',
      },
      postId: 'urn:li:activity:7401192233445566778',
      permalink: 'https://www.linkedin.com/feed/update/urn:li:activity:7401192233445566778/',
      postedAt: { displayed: '2h • Edited' },
      text: 'Some people think leaving a job means they can hide. Marta, everyone at your new office will hear what you did.\n\nShare this so her new boss sees it. #truth',
      mediaUrls: ['https://media.licdn.com/dms/image/v2/D4E22AQ/feedshare-shrink_800/0/office-photo.jpg'],
    });
  });

  it('finds the same post from its author avatar', () => {
    expect(capture('daniel-avatar')?.postId).toBe('urn:li:activity:7401192233445566778');
  });

  it('keeps neighbours, comments, the "commented on this" header and the see-more button out of the post', () => {
    const fields = capture('target-word')!;
    for (const foreign of ['NEIGHBOUR-ONE-TEXT', 'NEIGHBOUR-THREE-TEXT', 'Reported', 'business', 'Tomás', '…more', 'see more']) {
      expect(fields.text).not.toContain(foreign);
    }
    expect(fields.author?.displayName).toBe('Daniel Okafor');
  });

  it('reads a top-level comment as a comment on the post', () => {
    expect(capture('comment-word')).toEqual({
      platform: 'linkedin',
      kind: 'comment',
      author: {
        displayName: 'Priya Natarajan',
        accountId: 'ACoAAE4pQrStUvWxYzAbCdEfGhIjKlMn04',
        profileUrl: 'https://www.linkedin.com/in/priya-natarajan-0b3c44',
      },
      postId: 'urn:li:comment:(activity:7401192233445566778,7401201122334455667)',
      permalink:
        'https://www.linkedin.com/feed/update/urn:li:activity:7401192233445566778/?commentUrn=urn%3Ali%3Acomment%3A(activity%3A7401192233445566778%2C7401201122334455667)',
      postedAt: { displayed: '1h' },
      text: 'This is harassment. Please take it down. Reported.',
      inReplyTo: {
        postId: 'urn:li:activity:7401192233445566778',
        permalink: 'https://www.linkedin.com/feed/update/urn:li:activity:7401192233445566778/',
        author: 'Daniel Okafor',
      },
    });
  });

  it('reads a nested reply with the comment it answers, and the comment without its reply', () => {
    const reply = capture('reply-word')!;
    expect(reply.kind).toBe('reply');
    expect(reply.postId).toBe('urn:li:comment:(activity:7401192233445566778,7401203344556677889)');
    expect(reply.author?.displayName).toBe('Daniel Okafor');
    expect(reply.postedAt).toEqual({ displayed: '45m' });
    expect(reply.text).toBe('Priya Natarajan mind your own business.');
    expect(reply.inReplyTo).toEqual({
      postId: 'urn:li:comment:(activity:7401192233445566778,7401201122334455667)',
      permalink:
        'https://www.linkedin.com/feed/update/urn:li:activity:7401192233445566778/?commentUrn=urn%3Ali%3Acomment%3A(activity%3A7401192233445566778%2C7401201122334455667)',
      author: 'Priya Natarajan',
    });
    expect(capture('comment-word')?.text).not.toContain('business');
  });

  it('reads a repost as its own author and text, not the reshared post', () => {
    const repost = document.querySelector('[data-urn="urn:li:activity:7401170099887766554"]')!;
    const fields = linkedin.extract(repost, PAGE)!;
    expect(fields.author?.displayName).toBe('Lena Vogt');
    expect(fields.text).toBe('Worth reading. NEIGHBOUR-THREE-TEXT');
    expect(fields.postedAt).toEqual({ displayed: '1d' });
    repost.querySelector('.update-components-update-v2__commentary')!.remove();
    expect(linkedin.extract(repost, PAGE)?.text).toBeUndefined();
  });

  it("never lends a reply's name or a comment's text to what encloses it", () => {
    byId('comment-word').closest('article')!.querySelector('.comments-comment-meta__description-title')!.remove();
    expect(capture('comment-word')?.author?.displayName).toBeUndefined();
    byId('target-word').closest('.update-components-text')!.remove();
    expect(capture('daniel-avatar')?.text).toBeUndefined();
  });

  it('returns hostile names and text as the plain strings they are', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    byId('daniel-name').textContent = hostile;
    byId('target-word').textContent = hostile;
    const fields = capture('target-word')!;
    expect(fields.author?.displayName).toBe(hostile);
    expect(fields.text).toContain(`hide. ${hostile}, everyone`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null for an element that is not a post, and never throws', () => {
    expect(linkedin.findPost(document.body)).toBeNull();
    expect(linkedin.extract(document.body, PAGE)).toBeNull();
    const fake = document.createElement('div');
    fake.setAttribute('data-urn', 'urn:li:activity:not-a-number');
    expect(linkedin.extract(fake, PAGE)).toBeNull();
  });

  it('does not recognise the changed markup', () => {
    load('linkedin-changed.html');
    expect(linkedin.findPost(byId('changed-word'))).toBeNull();
    expect(linkedin.findPost(byId('changed-avatar'))).toBeNull();
    expect(linkedin.findPost(byId('changed-comment-word'))).toBeNull();
    const item = document.querySelector('[data-view-name="feed-full-update"]')!;
    expect(linkedin.extract(item, PAGE)).toBeNull();
  });
});
