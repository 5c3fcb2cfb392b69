/**
 * Small DOM helpers shared by the site adapters. They run inside the captured page, so they use
 * nothing but the DOM, never throw, and bound their work: every query is limited, every walk up
 * or down the tree has a ceiling. Everything they return is page content: plain strings, trimmed,
 * never interpreted as HTML.
 */

/** Most characters of text read from one element; longer text is cut (and never guessed at). */
export const MAX_TEXT_CHARS = 100_000;
/** Most nodes visited when reading the text of one element. */
export const MAX_TEXT_NODES = 20_000;
/** Most elements returned by {@link safeQueryAll} unless the caller asks for fewer. */
export const DEFAULT_QUERY_LIMIT = 200;
/** Most ancestors walked by the helpers that climb the tree. */
export const MAX_ANCESTORS = 64;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Elements whose content is never text a person reads. */
const SILENT_ELEMENTS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'iframe', 'object', 'head']);

/** Elements that start a new line of text when rendered. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tr', 'ul',
]);

/** Collapses runs of whitespace to one space and trims; undefined for an empty result. */
export function normalizeSpace(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

export interface TextOptions {
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
export function textOf(element: Element | null | undefined, options: TextOptions = {}): string | undefined {
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

/**
 * `href` resolved against `base`, when it is an http(s) URL; undefined for `javascript:`, `data:`,
 * `blob:` and anything that is not a URL.
 */
export function absoluteUrl(href: string | null | undefined, base: URL | string): string | undefined {
  const url = parseUrl(href, base);
  return url ? url.href : undefined;
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

/** The value as given when it looks like an ISO 8601 date-time (`2025-11-28T09:14:00Z`), else undefined. */
export function isoDateTime(value: string | null | undefined): string | undefined {
  const text = normalizeSpace(value);
  return text && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ? text : undefined;
}

/** An epoch time in seconds or milliseconds as an ISO 8601 UTC string, undefined when not a time. */
export function epochToIso(value: string | number | null | undefined): string | undefined {
  const number = typeof value === 'number' ? value : Number(normalizeSpace(value ?? undefined));
  if (!Number.isFinite(number) || number <= 0) return undefined;
  const ms = number < 1e11 ? number * 1000 : number;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
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

/** Drops the keys whose value is undefined, an empty string, an empty array or an empty object. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || field === null || field === '') continue;
    if (Array.isArray(field) && field.length === 0) continue;
    if (typeof field === 'object' && !Array.isArray(field) && Object.keys(field).length === 0) continue;
    out[key] = field;
  }
  return out as T;
}
