// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { protonmail } from '../../../utils/sites/protonmail';
import { HOSTILE, loadFixture, must } from './fixture';

const PAGE = new URL('https://mail.proton.me/u/0/inbox/Hc7Ne2Wq-1sD4fG6hJ8kL0zX2cV4bN6mQ8wE0rT2yU4iO6pA8sD0fG2hJ4kL6zX8cV0bN2mQ4wE6rT8yU0iO2pA4sDw==');
const SECOND_ID = 'Qm9Lp3xR-7tY2uI8oP1aS4dF6gH9jK0lZ3xC5vB7nM2qW4eR6tY8uI0oP2aS4dF6gH8jK0lZ2xC4vB6nM8qW0eR2tYw==';

function messages(): NodeListOf<Element> {
  return document.querySelectorAll('article.message-container');
}

describe('protonmail adapter', () => {
  beforeEach(() => {
    loadFixture('protonmail/protonmail-conversation.html');
  });

  it('matches Proton Mail only', () => {
    expect(protonmail.matches(PAGE)).toBe(true);
    expect(protonmail.matches(new URL('https://mail.protonmail.com/inbox'))).toBe(true);
    expect(protonmail.matches(new URL('https://proton.me/mail'))).toBe(false);
  });

  it('finds the message around its body frame or its sender, not a neighbour', () => {
    const frame = must('iframe[data-testid="content-iframe"]', messages()[1]);
    expect(protonmail.findPost(frame)).toBe(messages()[1]);
    expect(protonmail.findPost(must('[data-testid="recipient-label"]', messages()[1]))).toBe(messages()[1]);
  });

  it('reads every field the second message shows', () => {
    const post = protonmail.findPost(must('iframe', messages()[1]));
    expect(protonmail.extract(post as Element, PAGE)).toEqual({
      platform: 'protonmail',
      kind: 'email',
      author: { displayName: 'Jordan Pike', address: 'jpike.mail@example.net' },
      postId: SECOND_ID,
      permalink: `https://mail.proton.me/u/0/inbox/Hc7Ne2Wq-1sD4fG6hJ8kL0zX2cV4bN6mQ8wE0rT2yU4iO6pA8sD0fG2hJ4kL6zX8cV0bN2mQ4wE6rT8yU0iO2pA4sDw==/${SECOND_ID}`,
      postedAt: { displayed: 'Mar 2' },
      text: "Ignoring me won't work, Alex.\nI know where you park on Tuesdays.",
      mediaUrls: ['https://mail.proton.me/api/core/v4/images?Url=https%3A%2F%2Fphotos.example.net%2Fp%2Flot-4.jpg&DryRun=0&UID=9f3c1a'],
      email: {
        from: 'Jordan Pike <jpike.mail@example.net>',
        to: ['Alex Morgan <alex.morgan@proton.me>'],
        cc: ['Sam Ortiz <sam.ortiz@example.org>'],
        date: 'Monday, March 2nd, 2026 at 11:47 PM',
        subject: 'Re: Parking lot',
        messageId: SECOND_ID,
      },
    });
  });

  it('keeps the quoted reply and the neighbours out of the text, and never sets rawSourceUrl', () => {
    const fields = protonmail.extract(messages()[1], PAGE);
    expect(fields?.text).not.toContain('blue coat');
    expect(fields?.text).not.toContain('wrote:');
    expect(fields?.text).not.toContain('Stop contacting me');
    expect(fields?.rawSourceUrl).toBeUndefined();
  });

  it('reads the first message with its own subject and the collapsed recipient line', () => {
    const fields = protonmail.extract(messages()[0], PAGE);
    expect(fields?.email?.subject).toBe('Parking lot');
    expect(fields?.email?.to).toEqual(['Alex Morgan <alex.morgan@proton.me>']);
    expect(fields?.text).toBe('I saw you at the market today. Nice blue coat.');
  });

  it('keeps header fields when the body frame cannot be read', () => {
    must('iframe', messages()[1]).remove();
    const fields = protonmail.extract(messages()[1], PAGE);
    expect(fields?.text).toBeUndefined();
    expect(fields?.email?.subject).toBe('Re: Parking lot');
    expect(fields?.author?.displayName).toBe('Jordan Pike');
  });

  it('returns a hostile display name as plain text, unchanged', () => {
    must('[data-testid="recipients:sender"] [data-testid="recipient-label"]', messages()[1]).textContent = HOSTILE;
    const fields = protonmail.extract(messages()[1], PAGE);
    expect(fields?.author?.displayName).toBe(HOSTILE);
    expect(fields?.email?.from).toBe(`${HOSTILE} <jpike.mail@example.net>`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null for elements that are not a message', () => {
    const subject = must('[data-testid="conversation-header:subject"]');
    expect(protonmail.findPost(subject)).toBeNull();
    expect(protonmail.extract(subject, PAGE)).toBeNull();
  });
});

describe('protonmail adapter on changed markup', () => {
  it('finds no message and extracts nothing, without throwing', () => {
    loadFixture('protonmail/protonmail-changed.html');
    const article = document.querySelectorAll('article')[1];
    expect(protonmail.findPost(must('iframe', article))).toBeNull();
    expect(() => protonmail.extract(article, PAGE)).not.toThrow();
    expect(protonmail.extract(article, PAGE)).toBeNull();
  });
});
