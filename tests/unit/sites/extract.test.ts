// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { extractPost } from '../../../utils/sites/extract';
import { SITE_ADAPTERS } from '../../../utils/sites/index';
import type { SiteAdapter } from '../../../utils/sites/types';
import { elementWithText, loadFixture, must } from './fixture';

const PROTON = new URL('https://mail.proton.me/u/0/inbox/Hc7Ne2Wq-1sD4fG6hJ8kL0zX2cV4bN6mQ8wE0rT2yU4iO6pA8sD0fG2hJ4kL6zX8cV0bN2mQ4wE6rT8yU0iO2pA4sDw==');
const GMAIL = new URL('https://mail.google.com/mail/u/1/#inbox/FMfcgzQZTMbvPrrkwbJHkqzXqjJNWLQm');
const FORUM = new URL('https://forum.example.org/t/someone-keeps-showing-up-at-my-parking-lot/4512');

function fakeAdapter(overrides: Partial<SiteAdapter>): SiteAdapter {
  return {
    id: 'fakesite',
    name: 'Fake Site',
    matches: () => true,
    findPost: (target) => target.closest('div'),
    extract: () => ({ platform: 'fakesite', kind: 'post', text: 'from the fake adapter' }),
    ...overrides,
  };
}

describe('extractPost', () => {
  it('registers the webmail adapters and not the generic one', () => {
    const ids = SITE_ADAPTERS.map((adapter) => adapter.id);
    expect(ids).toEqual(expect.arrayContaining(['gmail', 'outlook', 'protonmail', 'yahoomail']));
    expect(ids).not.toContain('generic');
  });

  it("uses the site's own adapter when it recognises the markup", () => {
    loadFixture('gmail/gmail-thread.html');
    const result = extractPost(elementWithText(document.body, 'I know where you park'), GMAIL);
    expect(result.report).toEqual({ adapter: 'gmail', notes: [] });
    expect(result.post).toBe(document.querySelectorAll('div.adn')[1]);
    expect(result.fields?.email?.from).toBe('Jordan Pike <jpike.mail@example.net>');
  });

  it('falls back to the generic adapter when the site markup changed (Proton Mail)', () => {
    loadFixture('protonmail/protonmail-changed.html');
    const second = document.querySelectorAll('article')[1];
    const result = extractPost(must('iframe', second), PROTON);
    expect(result.report).toEqual({
      adapter: 'generic',
      fellBackFrom: 'protonmail',
      notes: ["Proton Mail: findPost found no post around the element (the site's markup may have changed)."],
    });
    expect(result.post).toBe(second);
    expect(result.fields?.platform).toBe('generic');
    expect(result.fields?.text).toContain('Jordan Pike');
    expect(result.fields?.text).not.toContain('Stop contacting me');
    expect(result.fields?.text).not.toContain('Nice blue coat');
  });

  it('reports both failures and returns no fields when the generic adapter finds nothing either (Gmail)', () => {
    loadFixture('gmail/gmail-changed.html');
    const result = extractPost(elementWithText(document.body, 'I know where you park'), GMAIL);
    expect(result.fields).toBeNull();
    expect(result.post).toBeNull();
    expect(result.report).toEqual({
      adapter: 'generic',
      fellBackFrom: 'gmail',
      notes: [
        "Gmail: findPost found no post around the element (the site's markup may have changed).",
        'Generic: no article-like element around the element.',
      ],
    });
  });

  it('falls back when the site adapter throws in findPost', () => {
    loadFixture('generic/forum-thread.html');
    const thrower = fakeAdapter({
      findPost: () => {
        throw new Error('selector exploded');
      },
    });
    const result = extractPost(elementWithText(document.body, 'likes the view'), FORUM, [thrower]);
    expect(result.report).toEqual({ adapter: 'generic', fellBackFrom: 'fakesite', notes: ['Fake Site: findPost failed (selector exploded).'] });
    expect(result.post).toBe(must('#post_2'));
    expect(result.fields?.author?.displayName).toBe('jp_watcher');
  });

  it('falls back when the site adapter extract returns null or throws', () => {
    loadFixture('generic/forum-thread.html');
    const target = elementWithText(document.body, 'likes the view');
    const nothing = extractPost(target, FORUM, [fakeAdapter({ extract: () => null })]);
    expect(nothing.report.notes).toEqual(["Fake Site: extract did not recognise the post's markup."]);
    expect(nothing.report.fellBackFrom).toBe('fakesite');
    expect(nothing.fields?.postId).toBe('post_2');
    const thrower = fakeAdapter({
      extract: () => {
        throw new TypeError("Cannot read properties of null (reading 'textContent')");
      },
    });
    const thrown = extractPost(target, FORUM, [thrower]);
    expect(thrown.report.notes).toEqual(["Fake Site: extract failed (Cannot read properties of null (reading 'textContent'))."]);
    expect(thrown.fields?.postId).toBe('post_2');
  });

  it('uses the generic adapter directly, without fellBackFrom, on sites without an adapter', () => {
    loadFixture('generic/forum-thread.html');
    const result = extractPost(elementWithText(document.body, 'likes the view'), FORUM);
    expect(result.report).toEqual({ adapter: 'generic', notes: [] });
    expect(result.fields?.postedAt?.iso).toBe('2026-03-02T23:47:12Z');
  });

  it('skips an adapter whose matches() throws, and never throws itself', () => {
    loadFixture('generic/forum-thread.html');
    const broken = fakeAdapter({
      matches: () => {
        throw new Error('bad url');
      },
    });
    const result = extractPost(elementWithText(document.body, 'likes the view'), FORUM, [broken]);
    expect(result.report).toEqual({ adapter: 'generic', notes: ['Fake Site: matches() failed (bad url); skipped.'] });
    expect(() => extractPost(document.documentElement, FORUM)).not.toThrow();
    expect(extractPost(document.documentElement, FORUM).fields).toBeNull();
  });
});
