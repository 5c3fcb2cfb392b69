// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  TEXT_NODE_LIMIT,
  absoluteUrl,
  belongsTo,
  isoFromDatetime,
  isoFromEpochSeconds,
  pruneEmpty,
  queryAllOwn,
  queryOwn,
  readText,
  uniqueUrls,
} from '../../../utils/sites/dom';

function html(markup: string): Element {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.replaceChildren(host);
  return host;
}

const BASE = new URL('https://example.social/home');

describe('readText', () => {
  it('turns paragraphs, line breaks and emoji images into plain text', () => {
    const root = html('<p>one  <b>two</b></p><p>three<br>four <img alt="🙂" src="e.png"></p><script>alert(1)</script>');
    expect(readText(root)).toBe('one two\n\nthree\nfour 🙂');
  });

  it('skips excluded subtrees and keeps typed line breaks when asked', () => {
    const root = html('<div>first\nline <span class="time">10:41</span><button>more</button></div>');
    expect(readText(root, { exclude: '.time, button' })).toBe('first line');
    expect(readText(root, { exclude: '.time, button', keepLineBreaks: true })).toBe('first\nline');
  });

  it('returns markup-looking text as the literal string', () => {
    const root = html('');
    root.textContent = '<img src=x onerror=alert(1)> &amp;';
    expect(readText(root)).toBe('<img src=x onerror=alert(1)> &amp;');
    expect(root.querySelector('img')).toBeNull();
  });

  it('stops at its character and node limits', () => {
    const root = html(`<p>${'a'.repeat(5000)}</p>`);
    expect(readText(root, { maxChars: 100 })).toHaveLength(100);
    const many = html('');
    for (let i = 0; i < TEXT_NODE_LIMIT + 50; i += 1) many.appendChild(document.createTextNode('x'));
    expect(readText(many)!.length).toBeLessThan(TEXT_NODE_LIMIT);
  });

  it('answers undefined for nothing or only whitespace', () => {
    expect(readText(null)).toBeUndefined();
    expect(readText(html('   <span> </span>'))).toBeUndefined();
  });
});

describe('own-element queries', () => {
  it('leave out what sits inside a nested boundary', () => {
    const root = html('<article id="outer"><p class="t">outer</p><article id="inner"><p class="t">inner</p></article></article>');
    const outer = root.querySelector('#outer')!;
    expect(queryAllOwn(outer, '.t', 'article').map((e) => e.textContent)).toEqual(['outer']);
    expect(queryOwn(outer, '#inner', 'article')).toBeNull();
    expect(belongsTo(root.querySelector('#inner .t')!, outer, 'article')).toBe(false);
    expect(belongsTo(root.querySelector('#inner .t')!, outer)).toBe(true);
  });

  it('answer empty for an invalid selector instead of throwing', () => {
    const root = html('<p>x</p>');
    expect(queryAllOwn(root, 'p[')).toEqual([]);
  });
});

describe('URLs and times', () => {
  it('resolves relative URLs and drops scripts and data', () => {
    expect(absoluteUrl('/@marta/1', BASE)).toBe('https://example.social/@marta/1');
    expect(absoluteUrl('javascript:alert(1)', BASE)).toBeUndefined();
    expect(absoluteUrl('data:text/html,<b>', BASE)).toBeUndefined();
    expect(absoluteUrl('blob:https://example.social/1-2', BASE)).toBeUndefined();
    expect(absoluteUrl('blob:https://example.social/1-2', BASE, { allowBlob: true })).toBe('blob:https://example.social/1-2');
    expect(absoluteUrl('   ', BASE)).toBeUndefined();
  });

  it('accepts only machine-readable times', () => {
    expect(isoFromDatetime('2026-11-29T10:41:07.000Z')).toBe('2026-11-29T10:41:07.000Z');
    expect(isoFromDatetime('2h')).toBeUndefined();
    expect(isoFromDatetime('2026-13-45Tnonsense')).toBeUndefined();
    expect(isoFromEpochSeconds('1795948867')).toBe('2026-11-29T10:41:07.000Z');
    expect(isoFromEpochSeconds('12e3')).toBeUndefined();
  });

  it('dedupes URLs and prunes empty fields', () => {
    expect(uniqueUrls(['a', undefined, 'a', 'b'])).toEqual(['a', 'b']);
    expect(uniqueUrls([undefined])).toBeUndefined();
    expect(pruneEmpty({ a: '', b: undefined, c: [] })).toBeUndefined();
    expect(pruneEmpty({ a: 'x', b: undefined })).toEqual({ a: 'x' });
  });
});
