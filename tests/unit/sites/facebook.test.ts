// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { facebook } from '../../../utils/sites/facebook';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites/facebook');
const FEED = new URL('https://www.facebook.com/');

function load(name: string): Document {
  document.documentElement.innerHTML = readFileSync(join(FIXTURES, name), 'utf8').replace(/^<!DOCTYPE[^>]*>/i, '');
  return document;
}

function byId(doc: Document, id: string): Element {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`fixture has no #${id}`);
  return element;
}

const POST_URL = 'https://www.facebook.com/kai.brenner.lpz/posts/pfbid02XkBrEnNeR7qQ9mZt4Lw8YvA1cD3eF5gH';
const LENA_COMMENT = 'Y29tbWVudDoxMTk4NzY1NDMyMTA5ODc2XzEyMzQ1Njc4OTAxMjM0MDE%3D';
const REPLY = 'Y29tbWVudDoxMTk4NzY1NDMyMTA5ODc2XzEyMzQ1Njc4OTAxMjM0NTU%3D';

describe('facebook adapter', () => {
  it('matches www.facebook.com, not the mobile sites', () => {
    expect(facebook.matches(FEED)).toBe(true);
    expect(facebook.matches(new URL('https://web.facebook.com/groups/leipzigbikes/'))).toBe(true);
    expect(facebook.matches(new URL('https://m.facebook.com/'))).toBe(false);
    expect(facebook.matches(new URL('https://facebook.com.example.org/'))).toBe(false);
  });

  it('finds the feed post under the pointer, and a comment as itself', () => {
    const doc = load('feed.html');
    const units = doc.querySelectorAll('[aria-posinset]');
    expect(facebook.findPost(byId(doc, 'target-word'))).toBe(units[1]);
    expect(facebook.findPost(byId(doc, 'target-photo'))).toBe(units[1]);
    const comment = facebook.findPost(byId(doc, 'comment-word')) as Element;
    expect(comment.getAttribute('role')).toBe('article');
    expect(comment.getAttribute('aria-label')).toBe('Comment by Lena Fischer 1 hour ago');
    expect(facebook.findPost(doc.querySelector('h3') as Element)).toBeNull();
  });

  it('reads every field the second post shows, without its comments or the "See more" button', () => {
    const doc = load('feed.html');
    const post = facebook.findPost(byId(doc, 'target-word')) as Element;
    const fields = facebook.extract(post, FEED);
    expect(fields).toEqual({
      platform: 'facebook',
      kind: 'post',
      author: {
        displayName: 'Kai Brenner',
        profileUrl: 'https://www.facebook.com/profile.php?id=100089012345678',
        accountId: '100089012345678',
      },
      postId: 'pfbid02XkBrEnNeR7qQ9mZt4Lw8YvA1cD3eF5gH',
      permalink: POST_URL,
      postedAt: { displayed: '2h' },
      text: 'Found this bike lock cut at the library rack again 😡\nWhoever keeps doing this: I have the footage.',
      mediaUrls: [
        'https://scontent-ber1-1.xx.fbcdn.net/v/t39.30808-6/468551234_122101234567_n.jpg?stp=dst-jpg_s600x600&_nc_cat=101&oh=00_AYBx&oe=674F1A2B',
      ],
    });
    const serialized = JSON.stringify(fields);
    expect(serialized).not.toContain('See more');
    expect(serialized).not.toContain('camera');
    expect(serialized).not.toContain('Come and show me');
    expect(serialized).not.toContain('468559999');
    expect(serialized).not.toContain('Sachsenbrücke');
    expect(serialized).not.toContain('__cft__');
  });

  it('reads a comment: decoded id, the post it answers, its permalink without tracking', () => {
    const doc = load('feed.html');
    const comment = facebook.findPost(byId(doc, 'comment-word')) as Element;
    expect(facebook.extract(comment, FEED)).toEqual({
      platform: 'facebook',
      kind: 'comment',
      author: { displayName: 'Lena Fischer', profileUrl: 'https://www.facebook.com/lena.fischer.art' },
      postId: '1234567890123401',
      permalink: `${POST_URL}?comment_id=${LENA_COMMENT}`,
      postedAt: { displayed: '1h' },
      text: 'That rack has no camera, report it anyway.',
      inReplyTo: { postId: 'pfbid02XkBrEnNeR7qQ9mZt4Lw8YvA1cD3eF5gH', permalink: POST_URL, author: 'Kai Brenner' },
    });
  });

  it('gives a reply the comment it answers, and returns a hostile name as plain text', () => {
    const doc = load('feed.html');
    const reply = facebook.findPost(byId(doc, 'hostile-name')) as Element;
    const fields = facebook.extract(reply, FEED);
    expect(fields).toEqual({
      platform: 'facebook',
      kind: 'reply',
      author: {
        displayName: '<img src=x onerror=alert(1)>',
        profileUrl: 'https://www.facebook.com/profile.php?id=61550001112223',
        accountId: '61550001112223',
      },
      postId: '1234567890123455',
      permalink: `${POST_URL}?comment_id=${LENA_COMMENT}&reply_comment_id=${REPLY}`,
      postedAt: { displayed: '30m' },
      text: 'Footage of what? Come and show me.',
      mediaUrls: ['https://scontent-ber1-1.xx.fbcdn.net/v/t39.30808-6/468559999_1_n.jpg?stp=dst-jpg_p206x206'],
      inReplyTo: { postId: '1234567890123401', permalink: `${POST_URL}?comment_id=${LENA_COMMENT}`, author: 'Lena Fischer' },
    });
    expect(doc.querySelector('img[src="x"]')).toBeNull();
  });

  it('reads a plain numeric comment id and a group post with the member id', () => {
    const doc = load('feed.html');
    const sam = doc.querySelector('[aria-label="Comment by Sam Okafor 20 minutes ago"]') as Element;
    expect(facebook.extract(sam, FEED)?.postId).toBe('1234567890123499');
    const group = doc.querySelectorAll('[aria-posinset]')[2];
    expect(facebook.extract(group, FEED)).toEqual({
      platform: 'facebook',
      kind: 'post',
      author: {
        displayName: 'Mira Haas',
        profileUrl: 'https://www.facebook.com/groups/leipzigbikes/user/100004455667788/',
        accountId: '100004455667788',
      },
      postId: '2233445566778899',
      permalink: 'https://www.facebook.com/groups/leipzigbikes/posts/2233445566778899/',
      postedAt: { displayed: 'Yesterday at 18:40' },
      text: 'Lost a blue helmet near Connewitzer Kreuz.',
    });
  });

  it('returns null, without throwing, when the markup changed', () => {
    const doc = load('facebook-changed.html');
    expect(facebook.findPost(byId(doc, 'changed-word'))).toBeNull();
    const comment = facebook.findPost(byId(doc, 'changed-comment-word'));
    expect(comment).toBe(byId(doc, 'changed-comment'));
    expect(facebook.extract(comment as Element, FEED)).toBeNull();
    expect(facebook.extract(doc.body, FEED)).toBeNull();
  });
});
