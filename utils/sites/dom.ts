/**
 * The DOM helpers every site adapter shares (and the generic adapter). They run inside the
 * captured page, so they are plain DOM code: they never throw (a selector that does not parse, an
 * odd node or a hostile page gives `undefined`, `null` or `[]`), they bound their work (every
 * query is limited, every walk up or down the tree has a ceiling), and everything they return is
 * page content as plain strings — read with `textContent`/`getAttribute`, never interpreted as
 * HTML.
 *
 * Three text readers are kept because adapters rely on their differences: `textOf` (one line per
 * block, for social posts; can keep typed line breaks), `readText` (a blank line between
 * paragraphs, emoji images as their `alt`; for chat apps) and `readableText` (paragraphs, `pre`
 * kept, stops at a quoted reply; for email bodies and the generic adapter).
 */

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/** Most characters of text read from one element; longer text is cut (and never guessed at). */
export const MAX_TEXT_CHARS = 100_000;
/** Most nodes visited when reading the text of one element. */
export const MAX_TEXT_NODES = 20_000;
/** Most elements returned by a query unless the caller asks for fewer. */
export const DEFAULT_QUERY_LIMIT = 200;

/** Most ancestors walked by the helpers that climb the tree. */
export const MAX_ANCESTORS = 64;

/** Most ancestors an adapter climbs from the element under the pointer. */
export const MAX_CLIMB = 25;

/** Most media URLs kept for one post. */
export const MAX_MEDIA = 40;

const ELEMENT_NODE = 1;

const TEXT_NODE = 3;

// ---------------------------------------------------------------------------------------------
// Finding elements, never throwing
// ---------------------------------------------------------------------------------------------

/** Runs `read` and returns its result, or `undefined` when it throws (hostile or odd markup). */
export function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** `element.matches(selector)`, false when the selector is invalid or the element is odd. */
export function matchesSafe(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

/** The first element inside `root` matching `selector`, or null (never throws). */
export function safeQuery(root: ParentNode | null | undefined, selector: string): Element | null {
  if (!root) return null;
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

/** Up to `limit` elements inside `root` matching `selector` (never throws). */
export function safeQueryAll(
  root: ParentNode | null | undefined,
  selector: string,
  limit = DEFAULT_QUERY_LIMIT,
): Element[] {
  if (!root) return [];
  try {
    const found = root.querySelectorAll(selector);
    const out: Element[] = [];
    for (let i = 0; i < found.length && out.length < limit; i += 1) out.push(found[i]);
    return out;
  } catch {
    return [];
  }
}

/** `element.closest(selector)`, null when nothing matches or the selector is invalid. */
export function safeClosest(element: Element | null | undefined, selector: string): Element | null {
  if (!element) return null;
  try {
    return element.closest(selector);
  } catch {
    return null;
  }
}

/**
 * The outermost ancestor of `element` (or the element itself) matching `selector`, walking at most
 * {@link MAX_ANCESTORS} levels. For sites that nest a quoted post inside the post that quotes it.
 */
export function outermost(element: Element | null | undefined, selector: string): Element | null {
  let found = safeClosest(element, selector);
  for (let i = 0; found && i < MAX_ANCESTORS; i += 1) {
    const outer = safeClosest(found.parentElement, selector);
    if (!outer) break;
    found = outer;
  }
  return found;
}

/**
 * True when `element`, or one of its ancestors strictly inside `container`, matches `selector`.
 * Used to leave out what sits inside a quoted post, a nested reply or a button.
 */
export function insideWithin(element: Element, container: Element, selector: string): boolean {
  let current: Element | null = element;
  for (let i = 0; current && current !== container && i < MAX_ANCESTORS; i += 1) {
    if (matchesSafe(current, selector)) return true;
    current = current.parentElement;
  }
  return false;
}

/**
 * The first element, from `from` itself outwards (at most `max` steps), that passes `test`.
 * Never returns `body` or `html`: the climb stops there.
 */
export function climb(from: Element, test: (element: Element) => boolean, max = MAX_CLIMB): Element | null {
  let element: Element | null = from;
  for (let step = 0; element && step <= max; step++) {
    const tag = element.localName;
    if (tag === 'body' || tag === 'html') return null;
    if (test(element)) return element;
    element = element.parentElement;
  }
  return null;
}

/**
 * True when `element` lies inside `root` with no element matching `boundary` in between (both
 * ends excluded). Used to keep a post's fields apart from a quoted post, a reply or a comment
 * nested inside it.
 */
export function belongsTo(element: Element, root: Element, boundary?: string): boolean {
  if (!boundary) return root.contains(element);
  let node = element.parentElement;
  while (node && node !== root) {
    if (matchesSafe(node, boundary)) return false;
    node = node.parentElement;
  }
  return node === root;
}

/** The descendants of `root` matching `selector` that belong to `root` itself (see {@link belongsTo}). */
export function queryAllOwn(root: Element, selector: string, boundary?: string, limit = DEFAULT_QUERY_LIMIT): Element[] {
  const found = attempt(() => Array.from(root.querySelectorAll(selector))) ?? [];
  const own: Element[] = [];
  for (const element of found) {
    if (own.length >= limit) break;
    if (boundary && matchesSafe(element, boundary)) continue;
    if (belongsTo(element, root, boundary)) own.push(element);
  }
  return own;
}

/** The first descendant of `root` matching `selector` that belongs to `root` itself. */
export function queryOwn(root: Element, selector: string, boundary?: string): Element | null {
  return queryAllOwn(root, selector, boundary, 1)[0] ?? null;
}

/** The first element matching `selector` inside `root` that is not inside `outside`. */
export function queryOutside(root: Element, selector: string, outside: Element | null, max = 20): Element | null {
  let found: NodeListOf<Element>;
  try {
    found = root.querySelectorAll(selector);
  } catch {
    return null;
  }
  for (let i = 0; i < found.length && i < max; i++) {
    if (!outside || !outside.contains(found[i])) return found[i];
  }
  return null;
}

/** Every element matching `selector` inside `root` and not inside `outside`, at most `max`. */
export function queryAllOutside(root: Element, selector: string, outside: Element | null, max = 200): Element[] {
  let found: NodeListOf<Element>;
  try {
    found = root.querySelectorAll(selector);
  } catch {
    return [];
  }
  const kept: Element[] = [];
  for (let i = 0; i < found.length && kept.length < max; i++) {
    if (!outside || !outside.contains(found[i])) kept.push(found[i]);
  }
  return kept;
}

/**
 * An element near `post` but outside it (a conversation's subject heading, say): the first match
 * inside the nearest of `post`'s ancestors (at most `levels` up) that holds one. Matches inside
 * `post`, or inside any element matching `notInside` (the other messages), are ignored, so a
 * message body cannot pose as the page's own header.
 */
export function nearby(post: Element, selector: string, notInside?: string, levels = 12): Element | null {
  let ancestor = post.parentElement;
  for (let level = 0; ancestor && level < levels; level++) {
    if (ancestor.localName === 'html') return null;
    let found: NodeListOf<Element>;
    try {
      found = ancestor.querySelectorAll(selector);
    } catch {
      return null;
    }
    for (let i = 0; i < found.length && i < 10; i++) {
      const hit = found[i];
      if (post.contains(hit)) continue;
      if (notInside && hit.parentElement?.closest(notInside)) continue;
      return hit;
    }
    ancestor = ancestor.parentElement;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Attributes and one-line text
// ---------------------------------------------------------------------------------------------

/** The string trimmed, with runs of white space made one space; undefined when nothing is left. */
export function oneLine(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : line;
}

/** The first attribute among `names` that is present and not blank, trimmed. */
export function attrOf(element: Element | null | undefined, ...names: string[]): string | undefined {
  if (!element) return undefined;
  for (const name of names) {
    try {
      const value = element.getAttribute(name);
      if (value && value.trim() !== '') return value.trim();
    } catch {
      // an odd attribute name: try the next one
    }
  }
  return undefined;
}

/** An attribute's value as one line (inner runs of white space made one space), or undefined. */
export function attrLine(element: Element | null | undefined, name: string): string | undefined {
  return element ? oneLine(element.getAttribute(name)) : undefined;
}

/** An element's text as one trimmed line, or undefined. */
export function lineOf(element: Element | null | undefined): string | undefined {
  return element ? oneLine(element.textContent) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/** Elements whose content is never text a person reads. */
const SILENT_ELEMENTS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'iframe', 'object', 'head']);

/** Elements that start a new line of text when rendered. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tr', 'ul',
]);

export interface TextOfOptions {
  /**
   * Keep the line breaks written in the text itself (sites that render text with
   * `white-space: pre-wrap`, e.g. X and YouTube). Otherwise a line break in the markup is a space.
   */
  preserveNewlines?: boolean;
  /** Subtrees matching this selector are left out (nested replies, quoted posts, buttons). */
  skip?: string;
  /** Cut the text after this many characters (default {@link MAX_TEXT_CHARS}). */
  maxChars?: number;
}

/**
 * The text of an element as a person reads it: block elements and `<br>` start new lines, spaces
 * are collapsed within each line, `alt` text of images (emoji) is kept, scripts, styles and SVG
 * are left out. Undefined when the element has no text.
 */
export function textOf(element: Element | null | undefined, options: TextOfOptions = {}): string | undefined {
  if (!element) return undefined;
  try {
    const maxChars = options.maxChars ?? MAX_TEXT_CHARS;
    let out = '';
    let visited = 0;
    const softBreak = (): void => {
      if (out !== '' && !/\n[^\S\n]*$/.test(out)) out += '\n';
    };
    const stack: Array<Node | 'close'> = [element];
    while (stack.length > 0 && visited < MAX_TEXT_NODES && out.length < maxChars) {
      const item = stack.pop() as Node | 'close';
      if (item === 'close') {
        softBreak();
        continue;
      }
      visited += 1;
      if (item.nodeType === TEXT_NODE) {
        const data = item.nodeValue ?? '';
        out += options.preserveNewlines ? data.replace(/\r\n?/g, '\n') : data.replace(/\s+/g, ' ');
        continue;
      }
      if (item.nodeType !== ELEMENT_NODE) continue;
      const el = item as Element;
      const name = el.localName?.toLowerCase() ?? '';
      if (SILENT_ELEMENTS.has(name)) continue;
      if (el !== element && options.skip && matchesSafe(el, options.skip)) continue;
      if (name === 'br') {
        out += '\n';
        continue;
      }
      if (name === 'img') {
        const alt = el.getAttribute('alt');
        if (alt && alt.length <= 16) out += alt;
        continue;
      }
      const block = BLOCK_ELEMENTS.has(name);
      if (block) {
        softBreak();
        stack.push('close');
      }
      const children = el.childNodes;
      for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
    }
    const lines = out
      .slice(0, maxChars)
      .split('\n')
      .map((line) => line.replace(/[^\S\n]+/g, ' ').trim());
    const text = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

export interface ReadTextOptions {
  /** Subtrees matching this selector are skipped (buttons, timestamps, quoted posts …). */
  exclude?: string;
  /** Characters kept; the default is {@link MAX_TEXT_CHARS}. */
  maxChars?: number;
  /**
   * The element keeps line breaks typed into its text (CSS `white-space: pre-wrap`, as chat apps
   * and Bluesky render messages): a newline in the text stays a line break.
   */
  keepLineBreaks?: boolean;
}

const TEXT_SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'svg', 'SVG']);

const PARAGRAPH_TAGS = new Set(['P', 'BLOCKQUOTE', 'PRE', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

const LINE_TAGS = new Set(['DIV', 'LI', 'TR', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER']);

/**
 * The text of `element` as a reader sees it, as plain text: whitespace runs collapse as in
 * rendering, `<br>` and block elements become line breaks, an image contributes its `alt` (emoji
 * are often images), and subtrees matching `options.exclude` are left out. Trimmed; undefined
 * when empty. Stops after {@link MAX_TEXT_NODES} nodes.
 */
export function readText(element: Element | null | undefined, options: ReadTextOptions = {}): string | undefined {
  if (!element) return undefined;
  const maxChars = options.maxChars ?? MAX_TEXT_CHARS;
  const parts: string[] = [];
  let length = 0;
  let visited = 0;
  const push = (piece: string) => {
    parts.push(piece);
    length += piece.length;
  };
  // Each entry is a node to enter, or a break to write when leaving a block element.
  const stack: Array<Node | '\n' | '\n\n'> = [element];
  // Read a little past the cap: line breaks and spaces are tidied away below, then the cap applies.
  const readLimit = maxChars + 1_000;
  while (stack.length > 0 && visited < MAX_TEXT_NODES && length < readLimit) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      push(item);
      continue;
    }
    visited += 1;
    if (item.nodeType === 3) {
      const value = item.nodeValue ?? '';
      push(options.keepLineBreaks ? value.replace(/\r\n?/g, '\n').replace(/[ \t\f]+/g, ' ') : value.replace(/[ \t\n\r\f]+/g, ' '));
      continue;
    }
    if (item.nodeType !== 1) continue;
    const child = item as Element;
    const tag = child.tagName;
    if (TEXT_SKIPPED_TAGS.has(tag)) continue;
    if (child !== element && options.exclude && matchesSafe(child, options.exclude)) continue;
    if (tag === 'BR') {
      push('\n');
      continue;
    }
    if (tag === 'IMG') {
      const alt = attrOf(child, 'alt');
      if (alt) push(alt);
      continue;
    }
    const blockBreak = PARAGRAPH_TAGS.has(tag) ? '\n\n' : LINE_TAGS.has(tag) ? '\n' : undefined;
    if (blockBreak) {
      push(blockBreak);
      stack.push(blockBreak);
    }
    const children = child.childNodes;
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
  }
  const lines = parts
    .join('')
    .slice(0, readLimit)
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim());
  const joined = lines.join('\n');
  // Typed blank lines are kept as typed; markup-made ones are at most one.
  const text = (options.keepLineBreaks ? joined : joined.replace(/\n{3,}/g, '\n\n')).trim().slice(0, maxChars).trimEnd();
  return text || undefined;
}

/** {@link readText} on one line: every run of whitespace, line breaks included, becomes one space. */
export function readLine(element: Element | null | undefined, options: ReadTextOptions = {}): string | undefined {
  const text = readText(element, options);
  const line = text?.replace(/\s+/g, ' ').trim();
  return line || undefined;
}

const READABLE_SKIPPED_TAGS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'iframe', 'object', 'canvas', 'head']);

const READABLE_BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'pre',
  'section', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);

export interface ReadableTextOptions {
  /** Subtrees to leave out (quoted messages, buttons, nested posts). */
  exclude?: string;
  /** Reading stops at the first element matching this (e.g. the "From: … Sent: …" of a quoted reply). */
  stopAt?: string;
  /** Also leave out these elements and what they contain. */
  skip?: (element: Element) => boolean;
  maxChars?: number;
}

/**
 * The text of `root` as a reader sees it: line breaks for `br` and block elements, blank lines
 * between paragraphs, runs of spaces collapsed (except in `pre`). Bounded in nodes and characters.
 * Undefined when there is no text.
 */
export function readableText(root: Element, options: ReadableTextOptions = {}): string | undefined {
  const maxChars = options.maxChars ?? MAX_TEXT_CHARS;
  const exclude = options.exclude && isValidSelector(root, options.exclude) ? options.exclude : undefined;
  const stopAt = options.stopAt && isValidSelector(root, options.stopAt) ? options.stopAt : undefined;
  let out = '';
  let pendingBreaks = 0;
  let visited = 0;
  let stopped = false;

  const breakAtLeast = (count: number) => {
    if (out !== '') pendingBreaks = Math.max(pendingBreaks, count);
  };
  const emit = (text: string) => {
    if (text === '') return;
    if (pendingBreaks > 0) {
      out += '\n'.repeat(pendingBreaks);
      pendingBreaks = 0;
    }
    out += text;
  };

  type Step = { node: Node; inPre: boolean; leaving?: Element };
  const stack: Step[] = [{ node: root, inPre: false }];
  while (stack.length > 0 && !stopped && out.length < maxChars && visited < MAX_TEXT_NODES) {
    const step = stack.pop() as Step;
    if (step.leaving) {
      breakAtLeast(step.leaving.localName === 'p' ? 2 : 1);
      continue;
    }
    visited++;
    const node = step.node;
    if (node.nodeType === 3) {
      const raw = node.nodeValue ?? '';
      emit(step.inPre ? raw : raw.replace(/[ \t\n\r\f]+/g, ' '));
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    const tag = element.localName;
    if (element !== root) {
      if (stopAt && matchesSafe(element, stopAt)) {
        stopped = true;
        break;
      }
      if (READABLE_SKIPPED_TAGS.has(tag) || element.hasAttribute('hidden')) continue;
      if (exclude && matchesSafe(element, exclude)) continue;
      if (options.skip?.(element)) continue;
    }
    if (tag === 'br') {
      emit('\n');
      continue;
    }
    const isBlock = tag === 'p' || READABLE_BLOCK_TAGS.has(tag);
    if (isBlock && element !== root) {
      breakAtLeast(tag === 'p' ? 2 : 1);
      stack.push({ node: element, inPre: step.inPre, leaving: element });
    }
    const inPre = step.inPre || tag === 'pre';
    const children = element.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], inPre });
  }

  const lines = out
    .slice(0, maxChars)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim());
  const kept: string[] = [];
  for (const line of lines) {
    if (line === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
    kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  const text = kept.join('\n');
  return text === '' ? undefined : text;
}

function isValidSelector(root: Element, selector: string): boolean {
  try {
    root.matches(selector);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses and media
// ---------------------------------------------------------------------------------------------

export interface UrlOptions {
  /** Keep `blob:` URLs (chat apps show media from them); off by default. */
  allowBlob?: boolean;
}

/**
 * `href` resolved against `base` as an absolute URL, or undefined when it is empty, malformed or
 * not http(s) (`javascript:`, `data:` … are dropped; `blob:` only with `allowBlob`).
 */
export function absoluteUrl(href: string | null | undefined, base: URL | string, options: UrlOptions = {}): string | undefined {
  const raw = typeof href === 'string' ? href.trim() : '';
  if (!raw) return undefined;
  const url = attempt(() => new URL(raw, base));
  if (!url) return undefined;
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  if (options.allowBlob && url.protocol === 'blob:') return url.href;
  return undefined;
}

/** `href` parsed against `base` when it is an http(s) URL, else undefined. */
export function parseUrl(href: string | null | undefined, base: URL | string): URL | undefined {
  if (typeof href !== 'string' || href.trim() === '') return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** True when the URL's host is one of `domains` or a subdomain of one. */
export function hostIs(url: URL, ...domains: string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The URLs without blanks and repeats, in page order, at most `limit`; undefined when none. */
export function uniqueUrls(urls: Array<string | undefined>, limit = 50): string[] | undefined {
  const seen: string[] = [];
  for (const url of urls) {
    if (url && !seen.includes(url)) seen.push(url);
    if (seen.length >= limit) break;
  }
  return seen.length > 0 ? seen : undefined;
}

/**
 * The absolute http(s) URLs of the images and videos matched by `selector` inside `root` (their
 * `src`, and `poster` for videos; `blob:` and `data:` URLs are left out), without duplicates,
 * leaving out the elements for which `exclude` returns true.
 */
export function mediaUrlsIn(
  root: Element,
  selector: string,
  base: URL,
  exclude: (element: Element) => boolean = () => false,
  limit = 50,
): string[] {
  const urls: string[] = [];
  for (const element of safeQueryAll(root, selector, limit * 2)) {
    if (urls.length >= limit) break;
    try {
      if (exclude(element)) continue;
    } catch {
      continue;
    }
    for (const name of ['src', 'poster']) {
      const url = absoluteUrl(element.getAttribute(name), base);
      if (url && !urls.includes(url)) urls.push(url);
    }
  }
  return urls;
}

/** Absolute http(s) URLs of the images and videos inside `root`, in page order, without repeats. */
export function mediaIn(root: Element, base: URL, skip?: (element: Element) => boolean): string[] {
  const urls: string[] = [];
  let found: NodeListOf<Element>;
  try {
    found = root.querySelectorAll('img[src], video[src], video source[src], video[poster]');
  } catch {
    return urls;
  }
  for (let i = 0; i < found.length && i < MAX_MEDIA * 4 && urls.length < MAX_MEDIA; i++) {
    const element = found[i];
    if (skip?.(element)) continue;
    const candidates = [element.getAttribute('src'), element.localName === 'video' ? element.getAttribute('poster') : null];
    for (const candidate of candidates) {
      const url = absoluteUrl(candidate, base);
      if (url && !urls.includes(url)) urls.push(url);
    }
  }
  return urls;
}

// ---------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------

/** The value as given when it looks like an ISO 8601 date-time (`2025-11-28T09:14:00Z`), else undefined. */
export function isoDateTime(value: string | null | undefined): string | undefined {
  const text = oneLine(value);
  return text && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ? text : undefined;
}

/** An epoch time in seconds or milliseconds as an ISO 8601 UTC string, undefined when not a time. */
export function epochToIso(value: string | number | null | undefined): string | undefined {
  const number = typeof value === 'number' ? value : Number(oneLine(value ?? undefined));
  if (!Number.isFinite(number) || number <= 0) return undefined;
  const ms = number < 1e11 ? number * 1000 : number;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A `datetime`-style attribute value as given, when it is a date a machine can read; else undefined. */
export function isoFromDatetime(value: string | null | undefined): string | undefined {
  const raw = value?.trim();
  if (!raw || !/^\d{4}-\d{2}-\d{2}/.test(raw)) return undefined;
  return Number.isNaN(Date.parse(raw)) ? undefined : raw;
}

/** Seconds since the Unix epoch (as a page attribute gives them) as ISO 8601 UTC; else undefined. */
export function isoFromEpochSeconds(value: string | null | undefined): string | undefined {
  const raw = value?.trim();
  if (!raw || !/^\d{1,12}$/.test(raw)) return undefined;
  const date = new Date(Number(raw) * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------

/** Leaves out undefined values, empty strings, empty arrays and objects left empty. */
export function compact<T>(value: T): T {
  return prune(value) as T;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const kept: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const pruned = prune(inner);
      if (pruned !== undefined) kept[key] = pruned;
    }
    return Object.keys(kept).length > 0 ? kept : undefined;
  }
  if (value === '' || value === null) return undefined;
  return value;
}

// ---------------------------------------------------------------------------------------------
// Email addresses and recipients (webmail adapters)
// ---------------------------------------------------------------------------------------------

/** Splits `Name <address>` (or a bare address) into its parts. */
export function parseMailbox(text: string | null | undefined): { name?: string; address?: string } {
  const line = oneLine(text);
  if (!line) return {};
  const angled = /^(.*?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>$/.exec(line);
  if (angled) return { name: oneLine(angled[1].replace(/^"(.*)"$/, '$1')), address: angled[2] };
  if (/^[^\s<>@]+@[^\s<>@]+$/.test(line)) return { address: line };
  return { name: line };
}

/** `Name <address>`, or whichever of the two is known. */
export function formatMailbox(name: string | undefined, address: string | undefined): string | undefined {
  if (name && address && name !== address) return `${name} <${address}>`;
  return address ?? name;
}

/** The first `user@host` found in `text`. */
export function findAddress(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const match = /[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[^\s<>()"',;:]+/.exec(text);
  return match ? match[0] : undefined;
}

export type RecipientField = 'to' | 'cc' | 'bcc';

/**
 * Recipients in a header line such as `to me, Sam, cc: Kim`, split by the labels shown between
 * them. Items are the elements matching `itemSelector`; labels are read from the text between
 * items (English labels: "to", "cc", "bcc").
 */
export function recipientsByLabel(
  container: Element,
  itemSelector: string,
  read: (item: Element) => string | undefined,
  initial: RecipientField = 'to',
): Record<RecipientField, string[]> {
  const lists: Record<RecipientField, string[]> = { to: [], cc: [], bcc: [] };
  let current = initial;
  const stack: Node[] = [container];
  let visited = 0;
  while (stack.length > 0 && visited < 5_000) {
    const node = stack.pop() as Node;
    visited++;
    if (node.nodeType === 3) {
      const label = /\b(bcc|cc|to)\b\s*:?/i.exec(node.nodeValue ?? '');
      if (label) current = label[1].toLowerCase() as RecipientField;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element !== container && matchesSafe(element, itemSelector)) {
      const value = read(element);
      if (value && !lists[current].includes(value)) lists[current].push(value);
      continue;
    }
    const children = element.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return lists;
}
