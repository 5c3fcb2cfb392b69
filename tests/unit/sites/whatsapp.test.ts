// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { whatsapp } from '../../../utils/sites/whatsapp';

const PAGE = new URL('https://web.whatsapp.com/');

function load(name: string): void {
  const html = readFileSync(resolve(process.cwd(), 'tests/fixtures/sites/whatsapp', name), 'utf8');
  document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

function byId(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`fixture lacks #${id}`);
  return element;
}

function capture(targetId: string) {
  const post = whatsapp.findPost(byId(targetId));
  expect(post).not.toBeNull();
  return whatsapp.extract(post!, PAGE);
}

describe('whatsapp adapter', () => {
  beforeEach(() => load('whatsapp-group.html'));

  it('matches WhatsApp Web only', () => {
    expect(whatsapp.matches(PAGE)).toBe(true);
    expect(whatsapp.matches(new URL('https://www.whatsapp.com/'))).toBe(false);
    expect(whatsapp.matches(new URL('https://web.whatsapp.com.evil.example/'))).toBe(false);
  });

  it('reads the second message, a quoted reply from an unsaved number, from a word of its text', () => {
    const post = whatsapp.findPost(byId('target-word'));
    expect(post?.getAttribute('data-id')).toBe('false_120363041234567890@g.us_3EB07F3A9C21D4E5B6A1_34600111222@c.us');
    expect(whatsapp.extract(post!, PAGE)).toEqual({
      platform: 'whatsapp',
      kind: 'message',
      author: { displayName: '+34 600 11 12 22', address: '+34600111222', accountId: '34600111222@c.us' },
      postId: 'false_120363041234567890@g.us_3EB07F3A9C21D4E5B6A1_34600111222@c.us',
      postedAt: { displayed: '10:41, 29/11/2026' },
      text: 'You can leave every group you like.\nI will find the next one 😈',
      inReplyTo: { author: 'You' },
    });
  });

  it('finds the same message from its time and keeps the quoted text and neighbours out', () => {
    const fields = capture('target-time')!;
    expect(fields.postId).toContain('3EB07F3A9C21D4E5B6A1');
    expect(fields.text).not.toMatch(/QUOTED|NEIGHBOUR|Please stop/);
  });

  it("reads the person's own message without an account id", () => {
    expect(capture('own-word')).toEqual({
      platform: 'whatsapp',
      kind: 'message',
      author: { displayName: 'Marta Ruiz' },
      postId: 'true_120363041234567890@g.us_3EB0AA11BB22CC33DD44_447700900999@c.us',
      postedAt: { displayed: '10:42, 29/11/2026' },
      text: 'Reporting this. NEIGHBOUR-THREE-TEXT',
    });
  });

  it('lists a photo by its blob URL and leaves emoji images out of the media', () => {
    const photo = capture('photo-word')!;
    expect(photo.mediaUrls).toEqual(['blob:https://web.whatsapp.com/5f0c7a1e-8b2d-4c3e-9a10-2b3c4d5e6f70']);
    expect(photo.text).toBe('Recognise this door?');
    expect(capture('target-word')?.mediaUrls).toBeUndefined();
  });

  it('takes the sender of a one-to-one chat from the chat id', () => {
    const row = byId('own-word').closest('[data-id]')!;
    row.setAttribute('data-id', 'false_34600111222@c.us_3EB0AA11BB22CC33DD44');
    expect(whatsapp.extract(row, PAGE)?.author).toEqual({ displayName: 'Marta Ruiz', address: '+34600111222', accountId: '34600111222@c.us' });
  });

  it('returns hostile names and text as the plain strings they are', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    byId('target-word').closest('[data-pre-plain-text]')!.setAttribute('data-pre-plain-text', `[10:41, 29/11/2026] ${hostile}: `);
    byId('target-word').textContent = hostile;
    const fields = capture('target-word')!;
    expect(fields.author?.displayName).toBe(hostile);
    expect(fields.text).toContain(`every ${hostile} you like`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null for what is not a message, and never throws', () => {
    expect(whatsapp.findPost(document.body)).toBeNull();
    expect(whatsapp.extract(document.body, PAGE)).toBeNull();
    const odd = document.createElement('div');
    odd.setAttribute('data-id', 'false_not a key');
    expect(whatsapp.findPost(odd)).toBeNull();
    expect(whatsapp.extract(odd, PAGE)).toBeNull();
  });

  it('does not recognise the changed markup', () => {
    load('whatsapp-changed.html');
    expect(whatsapp.findPost(byId('changed-word'))).toBeNull();
    expect(whatsapp.extract(document.querySelector('[data-msg-key]')!, PAGE)).toBeNull();
  });
});
