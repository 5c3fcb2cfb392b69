/**
 * Small DOM helpers shared by the site adapters. They run inside the captured page, so they are
 * plain DOM code, never throw, bound their work, and treat everything they read as text: a string
 * from the page is returned as it is, never parsed or rendered as HTML.
 */

/** Elements walked by {@link readText} before it stops. */
export const TEXT_NODE_LIMIT = 20_000;
/** Characters returned by {@link readText} unless the caller asks for fewer. */
export const TEXT_CHAR_LIMIT = 100_000;
/** Elements returned by {@link queryAllOwn} unless the caller asks for fewer. */
export const QUERY_LIMIT = 200;

/** Runs `read` and returns its result, or `undefined` when it throws (hostile or odd markup). */
export function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** `element.matches(selector)` that answers false instead of throwing. */
export function matchesSafely(element: Element, selector: string): boolean {
  return attempt(() => element.matches(selector)) ?? false;
}

/** The closest ancestor-or-self of `target` matching `selector`, or null. */
export function closestMatch(target: Element | null | undefined, selector: string): Element | null {
  if (!target || typeof target.closest !== 'function') return null;
  return attempt(() => target.closest(selector)) ?? null;
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
    if (matchesSafely(node, boundary)) return false;
    node = node.parentElement;
  }
  return node === root;
}

/** The descendants of `root` matching `selector` that belong to `root` itself (see {@link belongsTo}). */
export function queryAllOwn(root: Element, selector: string, boundary?: string, limit = QUERY_LIMIT): Element[] {
  const found = attempt(() => Array.from(root.querySelectorAll(selector))) ?? [];
  const own: Element[] = [];
  for (const element of found) {
    if (own.length >= limit) break;
    if (boundary && matchesSafely(element, boundary)) continue;
    if (belongsTo(element, root, boundary)) own.push(element);
  }
  return own;
}

/** The first descendant of `root` matching `selector` that belongs to `root` itself. */
export function queryOwn(root: Element, selector: string, boundary?: string): Element | null {
  return queryAllOwn(root, selector, boundary, 1)[0] ?? null;
}

/** A trimmed attribute value, or undefined when it is missing or blank. */
export function readAttr(element: Element | null | undefined, name: string): string | undefined {
  const value = element ? attempt(() => element.getAttribute(name)) : undefined;
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed || undefined;
}

export interface ReadTextOptions {
  /** Subtrees matching this selector are skipped (buttons, timestamps, quoted posts …). */
  exclude?: string;
  /** Characters kept; the default is {@link TEXT_CHAR_LIMIT}. */
  maxChars?: number;
  /**
   * The element keeps line breaks typed into its text (CSS `white-space: pre-wrap`, as chat apps
   * and Bluesky render messages): a newline in the text stays a line break.
   */
  keepLineBreaks?: boolean;
}

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'svg', 'SVG']);
const PARAGRAPH_TAGS = new Set(['P', 'BLOCKQUOTE', 'PRE', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const LINE_TAGS = new Set(['DIV', 'LI', 'TR', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER']);

/**
 * The text of `element` as a reader sees it, as plain text: whitespace runs collapse as in
 * rendering, `<br>` and block elements become line breaks, an image contributes its `alt` (emoji
 * are often images), and subtrees matching `options.exclude` are left out. Trimmed; undefined
 * when empty. Stops after {@link TEXT_NODE_LIMIT} nodes.
 */
export function readText(element: Element | null | undefined, options: ReadTextOptions = {}): string | undefined {
  if (!element) return undefined;
  const maxChars = options.maxChars ?? TEXT_CHAR_LIMIT;
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
  while (stack.length > 0 && visited < TEXT_NODE_LIMIT && length < readLimit) {
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
    if (SKIPPED_TAGS.has(tag)) continue;
    if (child !== element && options.exclude && matchesSafely(child, options.exclude)) continue;
    if (tag === 'BR') {
      push('\n');
      continue;
    }
    if (tag === 'IMG') {
      const alt = readAttr(child, 'alt');
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

export interface UrlOptions {
  /** Keep `blob:` URLs (chat apps show media from them); off by default. */
  allowBlob?: boolean;
}

/**
 * `value` resolved against `base` as an absolute URL, or undefined when it is empty, malformed or
 * not http(s) (`javascript:`, `data:` … are dropped; `blob:` only with `allowBlob`).
 */
export function absoluteUrl(value: string | null | undefined, base: URL, options: UrlOptions = {}): string | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  const url = attempt(() => new URL(raw, base));
  if (!url) return undefined;
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  if (options.allowBlob && url.protocol === 'blob:') return url.href;
  return undefined;
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

/** The URLs without blanks and repeats, in page order, at most `limit`; undefined when none. */
export function uniqueUrls(urls: Array<string | undefined>, limit = 50): string[] | undefined {
  const seen: string[] = [];
  for (const url of urls) {
    if (url && !seen.includes(url)) seen.push(url);
    if (seen.length >= limit) break;
  }
  return seen.length > 0 ? seen : undefined;
}

/** `value` without its undefined, empty-string and empty-array fields; undefined when none is left. */
export function pruneEmpty<T extends object>(value: T): T | undefined {
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || field === '' || (Array.isArray(field) && field.length === 0)) continue;
    kept[key] = field;
  }
  return Object.keys(kept).length > 0 ? (kept as T) : undefined;
}
