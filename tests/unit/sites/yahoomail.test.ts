// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { yahoomail, yahooMessageId } from '../../../utils/sites/yahoomail';
import { elementWithText, HOSTILE, loadFixture, must } from './fixture';

const PAGE = new URL('https://mail.yahoo.com/d/folders/1/messages/AOD3xZ4nB5ryZ8xU2gKk7Qx0fAB');

function messages(): NodeListOf<Element> {
  return document.querySelectorAll('[data-test-id="message-view"]');
}

describe('yahoomail adapter', () => {
  beforeEach(() => {
    loadFixture('yahoomail/yahoomail-conversation.html');
  });

  it('matches Yahoo Mail only', () => {
    expect(yahoomail.matches(PAGE)).toBe(true);
    expect(yahoomail.matches(new URL('https://www.yahoo.com/'))).toBe(false);
    expect(yahoomail.matches(new URL('https://mail.yahoo.com.example.net/d/'))).toBe(false);
  });

  it('finds the message around a word of its body or its avatar, not a neighbour', () => {
    expect(yahoomail.findPost(elementWithText(document.body, 'where you park'))).toBe(messages()[1]);
    expect(yahoomail.findPost(must('[data-test-id="sender-avatar"]', messages()[1]))).toBe(messages()[1]);
  });

  it('reads every field the second message shows', () => {
    const post = yahoomail.findPost(elementWithText(document.body, 'where you park'));
    expect(yahoomail.extract(post as Element, PAGE)).toEqual({
      platform: 'yahoomail',
      kind: 'email',
      author: { displayName: 'Jordan Pike', address: 'jpike.mail@example.net' },
      postedAt: { displayed: 'Mon, Mar 2 at 11:47 PM' },
      text: "Ignoring me won't work, Alex.\nI know where you park on Tuesdays.",
      mediaUrls: [
        'https://edge-mail.yahoo.net/mail/ws/mailboxes/@/messages/@.id==AOD3xZ4nB5ryZ8xU2gKk7Qx0fAB/content/parts/@.id==2/thumbnail?appid=YMailNorrin',
      ],
      email: {
        from: 'Jordan Pike <jpike.mail@example.net>',
        to: ['Alex Morgan <alex_morgan87@yahoo.com>'],
        cc: ['Sam Ortiz <sam.ortiz@example.org>'],
        date: 'Mon, Mar 2, 2026 at 11:47 PM',
        subject: 'Re: Parking lot',
      },
    });
  });

  it('keeps the quoted reply and the neighbours out of the text', () => {
    const text = yahoomail.extract(messages()[1], PAGE)?.text ?? '';
    expect(text).not.toContain('blue coat');
    expect(text).not.toContain('wrote:');
    expect(text).not.toContain('Stop contacting me');
  });

  it('does not give the URL\'s message id to one message of a longer conversation', () => {
    const fields = yahoomail.extract(messages()[1], PAGE);
    expect(fields?.postId).toBeUndefined();
    expect(fields?.rawSourceUrl).toBeUndefined();
  });

  it('gives id, permalink and raw-source URL for a message opened on its own', () => {
    loadFixture('yahoomail/yahoomail-single.html');
    const page = new URL('https://mail.yahoo.com/d/folders/1/messages/AKHwKm7rZbN7Z8yXeQ8FvOoW8W0?guce_referrer=x');
    const fields = yahoomail.extract(messages()[0], page);
    expect(fields).toMatchObject({
      postId: 'AKHwKm7rZbN7Z8yXeQ8FvOoW8W0',
      permalink: 'https://mail.yahoo.com/d/folders/1/messages/AKHwKm7rZbN7Z8yXeQ8FvOoW8W0',
      rawSourceUrl: 'https://mail.yahoo.com/ws/v3/mailboxes/@/messages/@.id==AKHwKm7rZbN7Z8yXeQ8FvOoW8W0/content/rawplaintext',
      email: { messageId: 'AKHwKm7rZbN7Z8yXeQ8FvOoW8W0', from: 'J. P. <throwaway.jp@example.com>' },
    });
    expect(yahooMessageId(new URL('https://mail.yahoo.com/d/folders/1'))).toBeUndefined();
  });

  it('returns a hostile display name as plain text, unchanged', () => {
    must('[data-test-id="message-from"] .u_Z13VSE6', messages()[1]).textContent = HOSTILE;
    const fields = yahoomail.extract(messages()[1], PAGE);
    expect(fields?.author?.displayName).toBe(HOSTILE);
    expect(fields?.email?.from).toBe(`${HOSTILE} <jpike.mail@example.net>`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null for elements that are not a message', () => {
    const subject = must('[data-test-id="message-group-subject-text"]');
    expect(yahoomail.findPost(subject)).toBeNull();
    expect(yahoomail.extract(subject, PAGE)).toBeNull();
  });
});

describe('yahoomail adapter on changed markup', () => {
  it('finds no message and extracts nothing, without throwing', () => {
    loadFixture('yahoomail/yahoomail-changed.html');
    expect(yahoomail.findPost(elementWithText(document.body, 'where you park'))).toBeNull();
    const pane = must('[data-test-id="msg-read-pane"]');
    expect(() => yahoomail.extract(pane, PAGE)).not.toThrow();
    expect(yahoomail.extract(pane, PAGE)).toBeNull();
  });
});
