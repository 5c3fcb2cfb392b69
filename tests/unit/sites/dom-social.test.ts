// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  absoluteUrl,
  attrOf,
  compact,
  epochToIso,
  hostIs,
  insideWithin,
  isoDateTime,
  mediaUrlsIn,
  normalizeSpace,
  outermost,
  safeClosest,
  safeQuery,
  safeQueryAll,
  textOf,
} from '../../../utils/sites/dom-social';

function html(markup: string): HTMLElement {
  document.body.innerHTML = markup;
  return document.body;
}

const BASE = new URL('https://example.social/feed/');

describe('textOf', () => {
  it('reads text as a person reads it: blocks and <br> start lines, spaces collapse, emoji alt kept', () => {
    const root = html(`<div id="t">
        <p>First   line<br>second
           line</p>
        <div><span>Third</span> <img alt="🙂" src="e.png"> <b>line</b></div>
        <script>alert(1)</script><style>p{}</style><svg><title>icon</title></svg>
      </div>`);
    expect(textOf(root.querySelector('#t'))).toBe('First line\nsecond line\nThird 🙂 line');
  });

  it('keeps written line breaks only when asked (pre-wrap sites)', () => {
    const root = html('<div id="t"><span>one\ntwo\n\n\n\nthree</span></div>');
    expect(textOf(root.querySelector('#t'))).toBe('one two three');
    expect(textOf(root.querySelector('#t'), { preserveNewlines: true })).toBe('one\ntwo\n\nthree');
  });

  it('leaves out skipped subtrees, long image descriptions and returns markup as plain text', () => {
    const root = html(
      '<div id="t">&lt;img src=x onerror=alert(1)&gt; <div role="button">See more</div><img alt="Photo of a long description here" src="p.png"></div>',
    );
    expect(textOf(root.querySelector('#t'), { skip: '[role="button"]' })).toBe('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img[src="x"]')).toBeNull();
  });

  it('is undefined for nothing, empty text or a bad skip selector, and cuts long text', () => {
    const root = html('<div id="t">   </div><div id="u">abcdef</div>');
    expect(textOf(null)).toBeUndefined();
    expect(textOf(root.querySelector('#t'))).toBeUndefined();
    expect(textOf(root.querySelector('#u'), { skip: '[[[' })).toBe('abcdef');
    expect(textOf(root.querySelector('#u'), { maxChars: 3 })).toBe('abc');
  });
});

describe('queries', () => {
  it('never throw on invalid selectors and bound the number of results', () => {
    const root = html('<ul>' + '<li>x</li>'.repeat(30) + '</ul>');
    expect(safeQuery(root, '[[[')).toBeNull();
    expect(safeQueryAll(root, '[[[')).toEqual([]);
    expect(safeQueryAll(root, 'li', 5)).toHaveLength(5);
    expect(safeClosest(root.querySelector('li'), '[[[')).toBeNull();
    expect(safeQuery(null, 'li')).toBeNull();
  });

  it('finds the outermost match and tells what sits inside a nested part', () => {
    const root = html('<article id="a"><div role="link"><article id="b"><span id="s">q</span></article></div><p id="p">x</p></article>');
    const span = root.querySelector('#s') as Element;
    expect(outermost(span, 'article')?.id).toBe('a');
    const outer = root.querySelector('#a') as Element;
    expect(insideWithin(span, outer, 'div[role="link"]')).toBe(true);
    expect(insideWithin(root.querySelector('#p') as Element, outer, 'div[role="link"]')).toBe(false);
    expect(insideWithin(outer, outer, 'article')).toBe(false);
  });

  it('reads the first present attribute, trimmed', () => {
    const root = html('<div id="d" data-a="  " data-b=" two "></div>');
    expect(attrOf(root.querySelector('#d'), 'data-missing', 'data-a', 'data-b')).toBe('two');
    expect(attrOf(null, 'data-b')).toBeUndefined();
  });
});

describe('URLs', () => {
  it('resolves relative links and refuses non-http(s) schemes', () => {
    expect(absoluteUrl('/u/marta', BASE)).toBe('https://example.social/u/marta');
    expect(absoluteUrl('post/1', BASE)).toBe('https://example.social/feed/post/1');
    expect(absoluteUrl('javascript:alert(1)', BASE)).toBeUndefined();
    expect(absoluteUrl('data:text/html,<b>x</b>', BASE)).toBeUndefined();
    expect(absoluteUrl('blob:https://example.social/1', BASE)).toBeUndefined();
    expect(absoluteUrl('', BASE)).toBeUndefined();
    expect(absoluteUrl('http://[bad', BASE)).toBeUndefined();
  });

  it('matches a host and its subdomains only', () => {
    expect(hostIs(new URL('https://www.reddit.com/'), 'reddit.com')).toBe(true);
    expect(hostIs(new URL('https://notreddit.com/'), 'reddit.com')).toBe(false);
    expect(hostIs(new URL('https://reddit.com.evil.example/'), 'reddit.com')).toBe(false);
  });

  it('collects media URLs once each, with posters, without blob: sources or excluded elements', () => {
    const root = html(
      '<div><img src="/a.jpg"><img src="/a.jpg"><img class="avatar" src="/me.jpg"><video src="blob:https://example.social/x" poster="/p.jpg"></video></div>',
    );
    expect(mediaUrlsIn(root, 'img, video', BASE, (el) => el.classList.contains('avatar'))).toEqual([
      'https://example.social/a.jpg',
      'https://example.social/p.jpg',
    ]);
  });
});

describe('values', () => {
  it('keeps ISO times as given and converts epochs', () => {
    expect(isoDateTime(' 2025-11-28T09:14:05.000Z ')).toBe('2025-11-28T09:14:05.000Z');
    expect(isoDateTime('Nov 28')).toBeUndefined();
    expect(epochToIso(1764321245)).toBe('2025-11-28T09:14:05.000Z');
    expect(epochToIso('1764321245000')).toBe('2025-11-28T09:14:05.000Z');
    expect(epochToIso('soon')).toBeUndefined();
  });

  it('normalizes space and drops empty fields', () => {
    expect(normalizeSpace('  a \n b ')).toBe('a b');
    expect(normalizeSpace('   ')).toBeUndefined();
    expect(compact({ a: 'x', b: undefined, c: '', d: [], e: {}, f: 0, g: ['y'] })).toEqual({ a: 'x', f: 0, g: ['y'] });
  });
});
