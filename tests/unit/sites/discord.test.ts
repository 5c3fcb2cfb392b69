// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { discord } from '../../../utils/sites/discord';

const PAGE = new URL('https://discord.com/channels/1104312345678901234/1177001122334455667');

function load(name: string): void {
  const html = readFileSync(resolve(process.cwd(), 'tests/fixtures/sites/discord', name), 'utf8');
  document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}

function byId(id: string): Element {
  const element = document.getElementById(id);
  if (!element) throw new Error(`fixture lacks #${id}`);
  return element;
}

function capture(targetId: string, page = PAGE) {
  const post = discord.findPost(byId(targetId));
  expect(post).not.toBeNull();
  return discord.extract(post!, page);
}

describe('discord adapter', () => {
  beforeEach(() => load('discord-channel.html'));

  it('matches Discord channel pages only', () => {
    expect(discord.matches(PAGE)).toBe(true);
    expect(discord.matches(new URL('https://ptb.discord.com/channels/@me/1200000000000000000'))).toBe(true);
    expect(discord.matches(new URL('https://discord.com/login'))).toBe(false);
    expect(discord.matches(new URL('https://discord.com.evil.example/channels/1/2'))).toBe(false);
  });

  it('reads the second message, a reply with an image, from a word of its text', () => {
    const post = discord.findPost(byId('target-word'));
    expect(post?.id).toBe('chat-messages-1177001122334455667-1311998877665544332');
    expect(discord.extract(post!, PAGE)).toEqual({
      platform: 'discord',
      kind: 'message',
      author: { displayName: 'nightjar', accountId: '551122334455667788' },
      postId: '1311998877665544332',
      permalink: 'https://discord.com/channels/1104312345678901234/1177001122334455667/1311998877665544332',
      postedAt: { iso: '2026-11-29T10:41:07.512Z', displayed: 'Today at 10:41 AM' },
      text: "no. I'll be outside your work at 6 :knife:\neveryone here knows it",
      mediaUrls: [
        'https://cdn.discordapp.com/attachments/1177001122334455667/1311998877665544400/IMG_2231.jpg?ex=674a1b2c&is=6748c9ac&hm=ab12cd34',
      ],
      inReplyTo: {
        postId: '1311990000000000001',
        permalink: 'https://discord.com/channels/1104312345678901234/1177001122334455667/1311990000000000001',
        author: 'Marta R.',
      },
    });
  });

  it('finds the same message from the avatar, without the replied-to text or the neighbours', () => {
    const fields = capture('nightjar-avatar')!;
    expect(fields.postId).toBe('1311998877665544332');
    expect(fields.text).not.toMatch(/leave me alone|NEIGHBOUR|sister|\(edited\)/);
    expect(fields.author?.accountId).toBe('551122334455667788');
  });

  it('names the author of a follow-up message from the first message of its group', () => {
    expect(capture('followup-word')).toEqual({
      platform: 'discord',
      kind: 'message',
      author: { displayName: 'nightjar', accountId: '551122334455667788' },
      postId: '1311999000111222333',
      permalink: 'https://discord.com/channels/1104312345678901234/1177001122334455667/1311999000111222333',
      postedAt: { iso: '2026-11-29T10:42:30.020Z', displayed: '10:42' },
      text: 'and tell your sister too',
    });
  });

  it('finds the group start by walking back when aria-labelledby is missing', () => {
    byId('followup-word').closest('[role="article"]')!.removeAttribute('aria-labelledby');
    expect(capture('followup-word')?.author).toEqual({ displayName: 'nightjar', accountId: '551122334455667788' });
  });

  it('gives no account id for a default avatar and leaves badges out of the name', () => {
    const fields = capture('neighbour-word')!;
    expect(fields.author).toEqual({ displayName: 'Lena (mod)' });
    expect(fields.inReplyTo).toBeUndefined();
    expect(fields.mediaUrls).toBeUndefined();
  });

  it('builds no permalink when the page URL has no server', () => {
    expect(capture('target-word', new URL('https://discord.com/channels/'))?.permalink).toBeUndefined();
  });

  it('returns hostile names and text as the plain strings they are', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const name = byId('nightjar-name');
    name.setAttribute('data-text', hostile);
    name.textContent = hostile;
    byId('target-word').textContent = hostile;
    const fields = capture('target-word')!;
    expect(fields.author?.displayName).toBe(hostile);
    expect(fields.text).toContain(`outside your ${hostile} at 6`);
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('returns null for what is not a message, and never throws', () => {
    expect(discord.findPost(document.body)).toBeNull();
    expect(discord.extract(document.body, PAGE)).toBeNull();
    const odd = document.createElement('li');
    odd.id = 'chat-messages-"] , * [x="';
    expect(discord.extract(odd, PAGE)).toBeNull();
  });

  it('does not recognise the changed markup', () => {
    load('discord-changed.html');
    expect(discord.findPost(byId('changed-word'))).toBeNull();
    expect(discord.findPost(byId('changed-avatar'))).toBeNull();
    expect(discord.extract(document.querySelector('li')!, PAGE)).toBeNull();
  });
});
