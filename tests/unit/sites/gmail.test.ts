// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { gmail, gmailAccountIndex, gmailIk } from '../../../utils/sites/gmail';
import { elementWithText, HOSTILE, loadFixture, must } from './fixture';

const PAGE = new URL('https://mail.google.com/mail/u/1/#inbox/FMfcgzQZTMbvPrrkwbJHkqzXqjJNWLQm');

/** Gmail declares GLOBALS in an inline script; element 9 is the account's `ik`. */
function addGlobalsScript(ik = '5f2a9c1e7b'): void {
  const script = document.createElement('script');
  script.setAttribute('nonce', 'r4nd0m');
  script.textContent =
    `var GM_START_TIME=performance.now();var GLOBALS=[null,"a,b]",[1,[2,"x"]],{"k":"v,w"},'q',` +
    `"https://mail.google.com/mail/u/1",1,"en",null,"${ik}","alex.morgan.1987@gmail.com"];`;
  document.head.append(script);
}

function secondMessage(): Element {
  return document.querySelectorAll('div.adn')[1];
}

describe('gmail adapter', () => {
  beforeEach(() => {
    loadFixture('gmail/gmail-thread.html');
    addGlobalsScript();
  });

  it('matches Gmail only', () => {
    expect(gmail.matches(PAGE)).toBe(true);
    expect(gmail.matches(new URL('https://mail.google.co.evil.example/mail/u/1/'))).toBe(false);
    expect(gmail.matches(new URL('https://outlook.live.com/mail/0/'))).toBe(false);
  });

  it('finds the message around a word of its body, not a neighbour', () => {
    const target = elementWithText(document.body, 'I know where you park');
    expect(gmail.findPost(target)).toBe(secondMessage());
    const avatar = must('img.ajn', secondMessage());
    expect(gmail.findPost(avatar)).toBe(secondMessage());
  });

  it('reads every field the second message shows', () => {
    const post = gmail.findPost(elementWithText(document.body, 'I know where you park'));
    expect(post).not.toBeNull();
    const fields = gmail.extract(post as Element, PAGE);
    expect(fields).toEqual({
      platform: 'gmail',
      kind: 'email',
      author: { displayName: 'Jordan Pike', address: 'jpike.mail@example.net' },
      postId: '18e0f1d93a6c2b58',
      permalink: 'https://mail.google.com/mail/u/1/#all/18e0f1d93a6c2b58',
      postedAt: { displayed: 'Mon, Mar 2, 11:47 PM (15 hours ago)' },
      text: "Ignoring me won't work, Alex.\nI know where you park on Tuesdays.",
      mediaUrls: [
        'https://ci3.googleusercontent.com/meips/ADKq_NbQx7parking=s0-d-e1-ft#https://photos.example.net/p/lot-4.jpg',
        'https://mail.google.com/mail/u/1?ui=2&ik=5f2a9c1e7b&attid=0.1&permmsgid=msg-f:1792698566983822168&th=18e0f1d93a6c2b58&view=att&disp=safe',
      ],
      email: {
        from: 'Jordan Pike <jpike.mail@example.net>',
        to: ['me <alex.morgan.1987@gmail.com>'],
        cc: ['Sam Ortiz <sam.ortiz@example.org>'],
        date: 'Mon, Mar 2, 2026, 11:47 PM',
        subject: 'Re: saw you today',
        messageId: 'msg-f:1792698566983822168',
      },
      rawSourceUrl: 'https://mail.google.com/mail/u/1/?ik=5f2a9c1e7b&view=om&permmsgid=msg-f:1792698566983822168',
    });
  });

  it('keeps the neighbours and the quoted earlier message out of the text', () => {
    const fields = gmail.extract(secondMessage(), PAGE);
    expect(fields?.text).not.toContain('Nice blue coat');
    expect(fields?.text).not.toContain('Stop contacting me');
    expect(fields?.text).not.toContain('wrote:');
  });

  it('reads a sent message with its own msg-a id', () => {
    const fields = gmail.extract(document.querySelectorAll('div.adn')[2], PAGE);
    expect(fields?.author).toEqual({ displayName: 'Alex Morgan', address: 'alex.morgan.1987@gmail.com' });
    expect(fields?.email?.to).toEqual(['Jordan Pike <jpike.mail@example.net>']);
    expect(fields?.email?.cc).toBeUndefined();
    expect(fields?.rawSourceUrl).toBe('https://mail.google.com/mail/u/1/?ik=5f2a9c1e7b&view=om&permmsgid=msg-a:r-4518830027664291044');
  });

  it('leaves rawSourceUrl out when the page does not show the ik or the account index', () => {
    document.querySelector('script')?.remove();
    expect(gmail.extract(secondMessage(), PAGE)?.rawSourceUrl).toBeUndefined();
    addGlobalsScript();
    const noIndex = new URL('https://mail.google.com/mail/#inbox/FMfcgzQZTMbvPrrkwbJHkqzXqjJNWLQm');
    const fields = gmail.extract(secondMessage(), noIndex);
    expect(fields?.rawSourceUrl).toBeUndefined();
    expect(fields?.permalink).toBeUndefined();
    expect(fields?.postId).toBe('18e0f1d93a6c2b58');
  });

  it('reads the ik only from a GLOBALS declaration with a hex key', () => {
    expect(gmailIk(document)).toBe('5f2a9c1e7b');
    document.querySelector('script')?.remove();
    addGlobalsScript('not-a-key"];alert(1);["');
    expect(gmailIk(document)).toBeUndefined();
    expect(gmailAccountIndex(new URL('https://mail.google.com/mail/u/3/#inbox'))).toBe('3');
  });

  it('returns a hostile display name as plain text, unchanged', () => {
    const sender = must('span.gD', secondMessage());
    sender.setAttribute('name', HOSTILE);
    sender.textContent = HOSTILE;
    const fields = gmail.extract(secondMessage(), PAGE);
    expect(fields?.author?.displayName).toBe(HOSTILE);
    expect(fields?.email?.from).toBe(`${HOSTILE} <jpike.mail@example.net>`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null for elements that are not a message, never throwing', () => {
    const subject = must('h2.hP');
    expect(gmail.findPost(subject)).toBeNull();
    expect(gmail.extract(subject, PAGE)).toBeNull();
  });
});

describe('gmail adapter on changed markup', () => {
  it('finds no message and extracts nothing, without throwing', () => {
    loadFixture('gmail/gmail-changed.html');
    const target = elementWithText(document.body, 'I know where you park');
    expect(gmail.findPost(target)).toBeNull();
    const container = must('div.kQz');
    expect(() => gmail.extract(container, PAGE)).not.toThrow();
    expect(gmail.extract(container, PAGE)).toBeNull();
  });
});
