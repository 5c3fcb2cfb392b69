// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { outlook } from '../../../utils/sites/outlook';
import { elementWithText, HOSTILE, loadFixture, must } from './fixture';

const PAGE = new URL('https://outlook.live.com/mail/0/inbox/id/AQQkADAwATM3ZmYAZS1mNWI4LTVlZTQtMDACLTAwCgAQAEnKX%2FzvlXxHu0o1rmTr6dw%3D');

function messages(): NodeListOf<Element> {
  return document.querySelectorAll('[aria-label="Email message"]');
}

describe('outlook adapter', () => {
  beforeEach(() => {
    loadFixture('outlook/outlook-conversation.html');
  });

  it('matches the Outlook on the web hosts only', () => {
    for (const host of ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft']) {
      expect(outlook.matches(new URL(`https://${host}/mail/`))).toBe(true);
    }
    expect(outlook.matches(new URL('https://outlook.example.com/mail/'))).toBe(false);
  });

  it('finds the message around a word of its body or its sender, not a neighbour', () => {
    expect(outlook.findPost(elementWithText(document.body, 'where you park'))).toBe(messages()[1]);
    expect(outlook.findPost(must('.OZZZK', messages()[1]))).toBe(messages()[1]);
  });

  it('reads every field the second message shows', () => {
    const post = outlook.findPost(elementWithText(document.body, 'where you park'));
    expect(outlook.extract(post as Element, PAGE)).toEqual({
      platform: 'outlook',
      kind: 'email',
      author: { displayName: 'Jordan Pike', address: 'jpike.mail@example.net' },
      postedAt: { displayed: 'Mon 3/2/2026 11:47 PM' },
      text: "Ignoring me won't work, Alex.\n\nI know where you park on Tuesdays.",
      mediaUrls: [
        'https://attachments.office.net/owa/alex.morgan%40outlook.com/service.svc/s/GetAttachmentThumbnail?id=AQMkADAwATM3ZmYAZS1mAAABEgAQAJ3&thumbnailType=2',
      ],
      email: {
        from: 'Jordan Pike <jpike.mail@example.net>',
        to: ['Alex Morgan'],
        cc: ['Sam Ortiz', 'Kim Lee'],
        date: 'Mon 3/2/2026 11:47 PM',
        subject: 'Re: Parking lot',
      },
    });
  });

  it('stops the text at the quoted earlier message and keeps the neighbours out', () => {
    const text = outlook.extract(messages()[1], PAGE)?.text ?? '';
    expect(text).not.toContain('blue coat');
    expect(text).not.toContain('Sent:');
    expect(text).not.toContain('Stop contacting me');
  });

  it('gives no permalink for one message of a longer conversation, and never a rawSourceUrl', () => {
    const fields = outlook.extract(messages()[1], PAGE);
    expect(fields?.permalink).toBeUndefined();
    expect(fields?.rawSourceUrl).toBeUndefined();
  });

  it('gives the page URL as permalink when it opens a lone message', () => {
    loadFixture('outlook/outlook-single.html');
    const page = new URL('https://outlook.office.com/mail/inbox/id/AAQkAGI2TG93AAA%3D?nlp=1');
    const fields = outlook.extract(messages()[0], page);
    expect(fields?.permalink).toBe('https://outlook.office.com/mail/inbox/id/AAQkAGI2TG93AAA%3D');
    expect(fields?.author).toEqual({ displayName: 'J. P.', address: 'throwaway.jp@example.com' });
    expect(fields?.email?.subject).toBe('new number');
  });

  it('returns a hostile display name as plain text, unchanged', () => {
    const sender = must('[aria-label^="From:"]', messages()[1]);
    sender.setAttribute('aria-label', `From: ${HOSTILE}`);
    must('.OZZZK', sender).textContent = HOSTILE;
    const fields = outlook.extract(messages()[1], PAGE);
    expect(fields?.author?.displayName).toBe(HOSTILE);
    expect(fields?.email?.from).toBe(`${HOSTILE} <jpike.mail@example.net>`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('does not take a subject planted inside a message body', () => {
    must('[role="heading"]').remove();
    for (const message of Array.from(messages())) {
      const fake = document.createElement('div');
      fake.id = 'CONV_fake_SUBJECT';
      fake.textContent = 'Invoice paid';
      must('[role="document"]', message).prepend(fake);
    }
    expect(outlook.extract(messages()[1], PAGE)?.email?.subject).toBeUndefined();
  });

  it('returns null for elements that are not a message', () => {
    const heading = must('[role="heading"]');
    expect(outlook.findPost(heading)).toBeNull();
    expect(outlook.extract(heading, PAGE)).toBeNull();
  });
});

describe('outlook adapter on changed markup', () => {
  it('finds no message and extracts nothing, without throwing', () => {
    loadFixture('outlook/outlook-changed.html');
    const target = elementWithText(document.body, 'where you park');
    expect(outlook.findPost(target)).toBeNull();
    const item = must('[aria-label="Message item"]');
    expect(() => outlook.extract(item, PAGE)).not.toThrow();
    expect(outlook.extract(item, PAGE)).toBeNull();
  });
});
