// @vitest-environment happy-dom
/** The DOM helpers every site adapter shares (`utils/sites/dom.ts`). */
import { describe, expect, it } from 'vitest';
import {
  MAX_TEXT_NODES,
  absoluteUrl,
  attrLine,
  attrOf,
  belongsTo,
  compact,
  epochToIso,
  hostIs,
  insideWithin,
  isoDateTime,
  isoFromDatetime,
  isoFromEpochSeconds,
  matchesSafe,
  mediaIn,
  mediaUrlsIn,
  oneLine,
  outermost,
  queryAllOwn,
  queryOwn,
  readableText,
  readText,
  safeClosest,
  safeQuery,
  safeQueryAll,
  textOf,
  uniqueUrls,
} from '../../../utils/sites/dom';

/** Markup in a fresh host element (the chat-app helpers' tests). */
function chat(markup: string): Element {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.replaceChildren(host);
  return host;
}

/** Markup as the whole body (the social helpers' tests). */
function social(markup: string): HTMLElement {
  document.body.innerHTML = markup;
  return document.body;
}

const CHAT_BASE = new URL('https://example.social/home');
const SOCIAL_BASE = new URL('https://example.social/feed/');

describe('readText', () => {
  it('turns paragraphs, line breaks and emoji images into plain text', () => {
    const root = chat('<p>one  <b>two</b></p><p>three<br>four <img alt="🙂" src="e.png"></p><script>alert(1)</script>');
    expect(readText(root)).toBe('one two\n\nthree\nfour 🙂');
  });

  it('skips excluded subtrees and keeps typed line breaks when asked', () => {
    const root = chat('<div>first\nline <span class="time">10:41</span><button>more</button></div>');
    expect(readText(root, { exclude: '.time, button' })).toBe('first line');
    expect(readText(root, { exclude: '.time, button', keepLineBreaks: true })).toBe('first\nline');
  });

  it('returns markup-looking text as the literal string', () => {
    const root = chat('');
    root.textContent = '<img src=x onerror=alert(1)> &amp;';
    expect(readText(root)).toBe('<img src=x onerror=alert(1)> &amp;');
    expect(root.querySelector('img')).toBeNull();
  });

  it('stops at its character and node limits', () => {
    const root = chat(`<p>${'a'.repeat(5000)}</p>`);
    expect(readText(root, { maxChars: 100 })).toHaveLength(100);
    const many = chat('');
    for (let i = 0; i < MAX_TEXT_NODES + 50; i += 1) many.appendChild(document.createTextNode('x'));
    expect(readText(many)!.length).toBeLessThan(MAX_TEXT_NODES);
  });

  it('answers undefined for nothing or only whitespace', () => {
    expect(readText(null)).toBeUndefined();
    expect(readText(chat('   <span> </span>'))).toBeUndefined();
  });
});

describe('own-element queries', () => {
  it('leave out what sits inside a nested boundary', () => {
    const root = chat('<article id="outer"><p class="t">outer</p><article id="inner"><p class="t">inner</p></article></article>');
    const outer = root.querySelector('#outer')!;
    expect(queryAllOwn(outer, '.t', 'article').map((e) => e.textContent)).toEqual(['outer']);
    expect(queryOwn(outer, '#inner', 'article')).toBeNull();
    expect(belongsTo(root.querySelector('#inner .t')!, outer, 'article')).toBe(false);
    expect(belongsTo(root.querySelector('#inner .t')!, outer)).toBe(true);
  });

  it('answer empty for an invalid selector instead of throwing', () => {
    const root = chat('<p>x</p>');
    expect(queryAllOwn(root, 'p[')).toEqual([]);
  });
});

describe('URLs and times', () => {
  it('resolves relative URLs and drops scripts and data', () => {
    expect(absoluteUrl('/@marta/1', CHAT_BASE)).toBe('https://example.social/@marta/1');
    expect(absoluteUrl('javascript:alert(1)', CHAT_BASE)).toBeUndefined();
    expect(absoluteUrl('data:text/html,<b>', CHAT_BASE)).toBeUndefined();
    expect(absoluteUrl('blob:https://example.social/1-2', CHAT_BASE)).toBeUndefined();
    expect(absoluteUrl('blob:https://example.social/1-2', CHAT_BASE, { allowBlob: true })).toBe('blob:https://example.social/1-2');
    expect(absoluteUrl('   ', CHAT_BASE)).toBeUndefined();
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
    expect(compact({ a: '', b: undefined, c: [] })).toBeUndefined();
    expect(compact({ a: 'x', b: undefined })).toEqual({ a: 'x' });
  });
});

describe('textOf', () => {
  it('reads text as a person reads it: blocks and <br> start lines, spaces collapse, emoji alt kept', () => {
    const root = social(`<div id="t">
        <p>First   line<br>second
           line</p>
        <div><span>Third</span> <img alt="🙂" src="e.png"> <b>line</b></div>
        <script>alert(1)</script><style>p{}</style><svg><title>icon</title></svg>
      </div>`);
    expect(textOf(root.querySelector('#t'))).toBe('First line\nsecond line\nThird 🙂 line');
  });

  it('keeps written line breaks only when asked (pre-wrap sites)', () => {
    const root = social('<div id="t"><span>one\ntwo\n\n\n\nthree</span></div>');
    expect(textOf(root.querySelector('#t'))).toBe('one two three');
    expect(textOf(root.querySelector('#t'), { preserveNewlines: true })).toBe('one\ntwo\n\nthree');
  });

  it('leaves out skipped subtrees, long image descriptions and returns markup as plain text', () => {
    const root = social(
      '<div id="t">&lt;img src=x onerror=alert(1)&gt; <div role="button">See more</div><img alt="Photo of a long description here" src="p.png"></div>',
    );
    expect(textOf(root.querySelector('#t'), { skip: '[role="button"]' })).toBe('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img[src="x"]')).toBeNull();
  });

  it('is undefined for nothing, empty text or a bad skip selector, and cuts long text', () => {
    const root = social('<div id="t">   </div><div id="u">abcdef</div>');
    expect(textOf(null)).toBeUndefined();
    expect(textOf(root.querySelector('#t'))).toBeUndefined();
    expect(textOf(root.querySelector('#u'), { skip: '[[[' })).toBe('abcdef');
    expect(textOf(root.querySelector('#u'), { maxChars: 3 })).toBe('abc');
  });
});

describe('queries', () => {
  it('never throw on invalid selectors and bound the number of results', () => {
    const root = social('<ul>' + '<li>x</li>'.repeat(30) + '</ul>');
    expect(safeQuery(root, '[[[')).toBeNull();
    expect(safeQueryAll(root, '[[[')).toEqual([]);
    expect(safeQueryAll(root, 'li', 5)).toHaveLength(5);
    expect(safeClosest(root.querySelector('li'), '[[[')).toBeNull();
    expect(safeQuery(null, 'li')).toBeNull();
  });

  it('finds the outermost match and tells what sits inside a nested part', () => {
    const root = social('<article id="a"><div role="link"><article id="b"><span id="s">q</span></article></div><p id="p">x</p></article>');
    const span = root.querySelector('#s') as Element;
    expect(outermost(span, 'article')?.id).toBe('a');
    const outer = root.querySelector('#a') as Element;
    expect(insideWithin(span, outer, 'div[role="link"]')).toBe(true);
    expect(insideWithin(root.querySelector('#p') as Element, outer, 'div[role="link"]')).toBe(false);
    expect(insideWithin(outer, outer, 'article')).toBe(false);
  });

  it('reads the first present attribute, trimmed', () => {
    const root = social('<div id="d" data-a="  " data-b=" two "></div>');
    expect(attrOf(root.querySelector('#d'), 'data-missing', 'data-a', 'data-b')).toBe('two');
    expect(attrOf(null, 'data-b')).toBeUndefined();
  });
});

describe('URLs', () => {
  it('resolves relative links and refuses non-http(s) schemes', () => {
    expect(absoluteUrl('/u/marta', SOCIAL_BASE)).toBe('https://example.social/u/marta');
    expect(absoluteUrl('post/1', SOCIAL_BASE)).toBe('https://example.social/feed/post/1');
    expect(absoluteUrl('javascript:alert(1)', SOCIAL_BASE)).toBeUndefined();
    expect(absoluteUrl('data:text/html,<b>x</b>', SOCIAL_BASE)).toBeUndefined();
    expect(absoluteUrl('blob:https://example.social/1', SOCIAL_BASE)).toBeUndefined();
    expect(absoluteUrl('', SOCIAL_BASE)).toBeUndefined();
    expect(absoluteUrl('http://[bad', SOCIAL_BASE)).toBeUndefined();
  });

  it('matches a host and its subdomains only', () => {
    expect(hostIs(new URL('https://www.reddit.com/'), 'reddit.com')).toBe(true);
    expect(hostIs(new URL('https://notreddit.com/'), 'reddit.com')).toBe(false);
    expect(hostIs(new URL('https://reddit.com.evil.example/'), 'reddit.com')).toBe(false);
  });

  it('collects media URLs once each, with posters, without blob: sources or excluded elements', () => {
    const root = social(
      '<div><img src="/a.jpg"><img src="/a.jpg"><img class="avatar" src="/me.jpg"><video src="blob:https://example.social/x" poster="/p.jpg"></video></div>',
    );
    expect(mediaUrlsIn(root, 'img, video', SOCIAL_BASE, (el) => el.classList.contains('avatar'))).toEqual([
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
    expect(oneLine('  a \n b ')).toBe('a b');
    expect(oneLine('   ')).toBeUndefined();
    expect(compact({ a: 'x', b: undefined, c: '', d: [], e: {}, f: 0, g: ['y'] })).toEqual({ a: 'x', f: 0, g: ['y'] });
  });
});

describe('readableText', () => {
  it('keeps paragraphs and line breaks, leaves out scripts, styles and excluded parts', () => {
    const root = document.createElement('div');
    root.innerHTML =
      '<p>One  two\n three</p><p>four<br>five</p><script>alert(1)</script><style>p{}</style>' +
      '<div class="quote">quoted</div><pre>  keep\n  lines</pre>';
    expect(readableText(root, { exclude: '.quote' })).toBe('One two three\n\nfour\nfive\n\nkeep\nlines');
    expect(readableText(root, { stopAt: 'pre', exclude: '.quote' })).toBe('One two three\n\nfour\nfive');
    expect(readableText(document.createElement('div'))).toBeUndefined();
  });
});

describe('helpers that were merged from three sets into one', () => {
  it('one absoluteUrl for every adapter: http(s) always, blob: only when asked, never script or data', () => {
    expect(absoluteUrl('/a', 'https://x.example/b/')).toBe('https://x.example/a');
    expect(absoluteUrl(' javascript:alert(1) ', CHAT_BASE)).toBeUndefined();
    expect(absoluteUrl('data:text/html,x', CHAT_BASE)).toBeUndefined();
    expect(absoluteUrl('blob:https://web.example/1', CHAT_BASE)).toBeUndefined();
    expect(absoluteUrl('blob:https://web.example/1', CHAT_BASE, { allowBlob: true })).toBe('blob:https://web.example/1');
    expect(absoluteUrl('http://[::1', CHAT_BASE)).toBeUndefined();
  });

  it('attrOf keeps the value as written (trimmed); attrLine makes it one line', () => {
    const el = social('<span title="  Mon,\n  Mar 2 " data-a=" " data-b="x">s</span>').firstElementChild!;
    expect(attrOf(el, 'title')).toBe('Mon,\n  Mar 2');
    expect(attrLine(el, 'title')).toBe('Mon, Mar 2');
    expect(attrOf(el, 'data-a', 'data-b')).toBe('x');
    expect(attrOf(null, 'title')).toBeUndefined();
  });

  it('matchesSafe answers false to a selector that does not parse', () => {
    const el = social('<p class="a">x</p>').firstElementChild!;
    expect(matchesSafe(el, '.a')).toBe(true);
    expect(matchesSafe(el, '[[[')).toBe(false);
  });

  it('mediaIn lists the images and videos of a post as absolute http(s) addresses, once each', () => {
    const root = social('<img src="/a.jpg"><img src="/a.jpg"><video src="blob:https://x/1" poster="/p.jpg"></video><img src="javascript:x">');
    expect(mediaIn(root, SOCIAL_BASE)).toEqual(['https://example.social/a.jpg', 'https://example.social/p.jpg']);
  });

  it('compact drops what is empty at every depth, and gives undefined when nothing is left', () => {
    expect(compact({ a: 'x', b: { c: '', d: [] }, e: [undefined, 'y'] })).toEqual({ a: 'x', e: ['y'] });
    expect(compact({ a: '', b: undefined })).toBeUndefined();
  });

  it('safeClosest and oneLine never throw', () => {
    expect(safeClosest(null, 'a')).toBeNull();
    expect(safeClosest(document.body, '[[[')).toBeNull();
    expect(oneLine(undefined)).toBeUndefined();
    expect(oneLine('  a \n b ')).toBe('a b');
  });
});
