// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { telegram } from '../../../utils/sites/telegram';

const WEB_K = new URL('https://web.telegram.org/k/#-1002233445566');
const WEB_A = new URL('https://web.telegram.org/a/#-1002233445566');

function load(name: string): void {
  const html = readFileSync(resolve(process.cwd(), 'tests/fixtures/sites/telegram', name), 'utf8');
  document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

function byId(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`fixture lacks #${id}`);
  return element;
}

function capture(targetId: string, page: URL) {
  const post = telegram.findPost(byId(targetId));
  expect(post).not.toBeNull();
  return telegram.extract(post!, page);
}

describe('telegram adapter', () => {
  it('matches the Web K and Web A clients only', () => {
    expect(telegram.matches(WEB_K)).toBe(true);
    expect(telegram.matches(WEB_A)).toBe(true);
    expect(telegram.matches(new URL('https://web.telegram.org/'))).toBe(false);
    expect(telegram.matches(new URL('https://t.me/somechannel/12'))).toBe(false);
    expect(telegram.matches(new URL('https://web.telegram.org.evil.example/k/'))).toBe(false);
  });

  describe('Web K', () => {
    it('reads the second bubble, a reply, from a word of its text', () => {
      load('telegram-k-group.html');
      const post = telegram.findPost(byId('target-word'));
      expect(post?.getAttribute('data-mid')).toBe('4194306');
      expect(telegram.extract(post!, WEB_K)).toEqual({
        platform: 'telegram',
        kind: 'message',
        author: { displayName: 'Nightjar 🦉', accountId: '6098765432' },
        postId: '4194306',
        postedAt: { iso: '2026-11-29T10:41:07.000Z', displayed: 'edited 10:41' },
        text: "Leaving the group won't help you.\nI know which bus you take. 👻",
        inReplyTo: { author: 'Marta Ruiz' },
      });
    });

    it('keeps the replied-to text, the time and the neighbours out of the text', () => {
      load('telegram-k-group.html');
      const text = capture('target-word', WEB_K)!.text!;
      expect(text).not.toMatch(/QUOTED|NEIGHBOUR|10:41|this stop/);
    });

    it('names the sender of a follow-up bubble from its group avatar and lists its photo', () => {
      load('telegram-k-group.html');
      expect(capture('photo-word', WEB_K)).toEqual({
        platform: 'telegram',
        kind: 'message',
        author: { displayName: 'Nightjar 🦉', accountId: '6098765432' },
        postId: '4194307',
        postedAt: { iso: '2026-11-29T10:42:30.000Z', displayed: '10:42' },
        text: 'this stop',
        mediaUrls: ['blob:https://web.telegram.org/8a1e-4c2b-photo'],
      });
    });

    it("gives no author for the person's own bubble", () => {
      load('telegram-k-group.html');
      const own = capture('own-word', WEB_K)!;
      expect(own.author).toBeUndefined();
      expect(own.text).toBe('Reported to the admins. NEIGHBOUR-FOUR-TEXT');
    });

    it('names the other person of a private chat from the chat header', () => {
      load('telegram-k-group.html');
      const header = document.querySelector('.chat-info .peer-title')!;
      header.setAttribute('data-peer-id', '6098765432');
      header.textContent = 'Nightjar';
      const bubble = document.querySelector('[data-mid="4194305"]')!;
      bubble.setAttribute('data-peer-id', '6098765432');
      bubble.querySelector('.name')!.remove();
      bubble.parentElement!.querySelector('.bubbles-group-avatar[data-peer-id]')!.remove();
      expect(telegram.extract(bubble, WEB_K)?.author).toEqual({ displayName: 'Nightjar', accountId: '6098765432' });
    });

    it('returns hostile names and text as the plain strings they are', () => {
      load('telegram-k-group.html');
      const hostile = '<img src=x onerror=alert(1)>';
      byId('nightjar-name').textContent = hostile;
      byId('target-word').textContent = hostile;
      const fields = capture('target-word', WEB_K)!;
      expect(fields.author?.displayName).toBe(hostile);
      expect(fields.text).toContain(`which ${hostile} you take`);
      expect(document.querySelector('img[src="x"]')).toBeNull();
    });
  });

  describe('Web A', () => {
    it('reads the second message, a reply with a photo, from a word of its text', () => {
      load('telegram-a-chat.html');
      const post = telegram.findPost(byId('a-word'));
      expect(post?.getAttribute('data-message-id')).toBe('1202');
      expect(telegram.extract(post!, WEB_A)).toEqual({
        platform: 'telegram',
        kind: 'message',
        author: { displayName: 'Nightjar', accountId: '6098765432' },
        postId: '1202',
        postedAt: { displayed: '10:41' },
        text: 'I know which bus you take.\nSee you at 8.',
        mediaUrls: ['blob:https://web.telegram.org/a3-photo'],
        inReplyTo: { author: 'Marta Ruiz' },
      });
    });

    it('finds it from the avatar and gives no author for an own message', () => {
      load('telegram-a-chat.html');
      expect(capture('a-avatar', WEB_A)?.postId).toBe('1202');
      const own = capture('a-own-word', WEB_A)!;
      expect(own.author).toBeUndefined();
      expect(own.text).toBe('Reported. NEIGHBOUR-THREE-TEXT');
    });

    it('returns a hostile name as plain text', () => {
      load('telegram-a-chat.html');
      byId('a-name').textContent = '<img src=x onerror=alert(1)>';
      expect(capture('a-word', WEB_A)?.author?.displayName).toBe('<img src=x onerror=alert(1)>');
      expect(document.querySelector('img[src="x"]')).toBeNull();
    });
  });

  it('returns null for what is not a message, and never throws', () => {
    load('telegram-k-group.html');
    expect(telegram.findPost(document.body)).toBeNull();
    expect(telegram.extract(document.body, WEB_K)).toBeNull();
    const sending = document.createElement('div');
    sending.className = 'bubble is-out is-sending';
    sending.setAttribute('data-mid', '0.0001');
    expect(telegram.extract(sending, WEB_K)).toBeNull();
  });

  it('does not recognise the changed markup', () => {
    load('telegram-changed.html');
    expect(telegram.findPost(byId('changed-word'))).toBeNull();
    expect(telegram.extract(document.querySelector('.msg-bubble')!, WEB_K)).toBeNull();
  });
});
