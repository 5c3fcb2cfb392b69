/**
 * The generic adapter, used on every site without its own adapter and whenever a site's adapter
 * no longer recognises the page's markup. It finds the nearest article-like element around the
 * pointer and reads what standard markup says about it: `time[datetime]`, `rel=author`,
 * `itemprop=author`, permalinks, and — only for the page's main article — the page-level
 * OpenGraph and JSON-LD facts.
 *
 * This file also holds the small reading helpers the webmail adapters share (`readableText`,
 * `absoluteUrl`, `compact` …). They are plain DOM code: everything they return is page content,
 * read with `textContent`/`getAttribute`, never interpreted as HTML.
 */
import type { PostAuthor, PostFields, PostKind, SiteAdapter } from './types';

/** Most ancestors an adapter climbs from the element under the pointer. */
export const MAX_CLIMB = 25;
/** Longest text kept for one post (characters). */
export const MAX_TEXT_CHARS = 100_000;
/** Most nodes visited when reading one post's text. */
export const MAX_TEXT_NODES = 50_000;
/** Most media URLs kept for one post. */
export const MAX_MEDIA = 40;

// ---------------------------------------------------------------------------------------------
// Shared reading helpers
// ---------------------------------------------------------------------------------------------

/** The string trimmed, with runs of white space made one space; undefined when nothing is left. */
export function oneLine(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : line;
}

/** An attribute's value as one trimmed line, or undefined. */
export function attrOf(element: Element | null | undefined, name: string): string | undefined {
  return element ? oneLine(element.getAttribute(name)) : undefined;
}

/** An element's text as one trimmed line, or undefined. */
export function lineOf(element: Element | null | undefined): string | undefined {
  return element ? oneLine(element.textContent) : undefined;
}

/** `href` resolved against `base`, kept only when it is an http(s) URL. */
export function absoluteUrl(href: string | null | undefined, base: URL): string | undefined {
  const raw = href?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `element.matches(selector)` that answers false instead of throwing. */
export function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
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

const SKIPPED_TAGS = new Set(['script', 'style', 'template', 'noscript', 'svg', 'iframe', 'object', 'canvas', 'head']);
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'pre',
  'section', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);

export interface TextOptions {
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
export function readableText(root: Element, options: TextOptions = {}): string | undefined {
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
      if (stopAt && safeMatches(element, stopAt)) {
        stopped = true;
        break;
      }
      if (SKIPPED_TAGS.has(tag) || element.hasAttribute('hidden')) continue;
      if (exclude && safeMatches(element, exclude)) continue;
      if (options.skip?.(element)) continue;
    }
    if (tag === 'br') {
      emit('\n');
      continue;
    }
    const isBlock = tag === 'p' || BLOCK_TAGS.has(tag);
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
    if (element !== container && safeMatches(element, itemSelector)) {
      const value = read(element);
      if (value && !lists[current].includes(value)) lists[current].push(value);
      continue;
    }
    const children = element.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return lists;
}

// ---------------------------------------------------------------------------------------------
// The generic adapter
// ---------------------------------------------------------------------------------------------

const STRONG_POST =
  'article, [role="article"], [itemtype*="SocialMediaPosting"], [itemtype*="DiscussionForumPosting"], [itemtype*="Comment"]';
/** Where a post's own text lives, when the markup says so (schema.org, microformats, common themes). */
const CONTENT = '[itemprop~="articleBody"], [itemprop~="text"], .e-content, .entry-content, .comment-content, .post-content';
/** Who wrote a post: schema.org, rel=author, microformats (h-entry, hCard). */
const AUTHOR = '[itemprop~="author"], [rel~="author"], .p-author, .vcard .fn';
/** A comments region: a post inside it without a parent post is a comment. */
const COMMENTS_REGION = '#comments, .comments-area, .comment-list, .commentlist, [itemprop~="comment"]';
const ARTICLE_TYPES = /^(Article|BlogPosting|NewsArticle|Report|ScholarlyArticle|TechArticle|SocialMediaPosting|DiscussionForumPosting|LiveBlogPosting)$/;
/** Parts of a post that are not its text: its header line, buttons, forms. */
const NOT_TEXT = 'header, footer, nav, aside, form, button, menu, [role="toolbar"]';

/** Most `time` elements a lone `li`/`div` may hold and still count as one post (not a thread). */
const MAX_TIMES_IN_ITEM = 3;

function holdsTime(element: Element): boolean {
  const tag = element.localName;
  return (tag === 'li' || tag === 'div') && element.querySelector('time') !== null;
}

/**
 * The last resort of `findPost`: a `li`/`div` holding a few `time`s that is not the page's main
 * region and does not hold posts itself.
 */
function isTimedItem(element: Element): boolean {
  if (!holdsTime(element) || safeMatches(element, 'main, [role="main"]')) return false;
  const times = element.querySelectorAll('time');
  if (times.length > MAX_TIMES_IN_ITEM || element.querySelector(STRONG_POST)) return false;
  for (let i = 0; i < times.length; i++) {
    let inner = times[i].parentElement;
    for (let depth = 0; inner && inner !== element && depth < 30; depth++) {
      if (isTimedListItem(inner)) return false;
      inner = inner.parentElement;
    }
  }
  return true;
}

/** A `li`/`div` holding a `time` that sits among siblings of its kind that also hold one. */
function isTimedListItem(element: Element): boolean {
  if (!holdsTime(element)) return false;
  const parent = element.parentElement;
  if (!parent) return false;
  const siblings = parent.children;
  for (let i = 0, checked = 0; i < siblings.length && checked < 12; i++) {
    const sibling = siblings[i];
    if (sibling === element || sibling.localName !== element.localName) continue;
    checked++;
    if (sibling.querySelector('time')) return true;
  }
  return false;
}

function isPostLike(element: Element): boolean {
  return safeMatches(element, STRONG_POST) || isTimedListItem(element);
}

/**
 * The post `post` belongs to or answers: the nearest post-like element outside it. An element
 * whose first `time` is `post`'s own only wraps `post` (WordPress puts each comment's `article` in a
 * `li`; a forum puts its opening post in the thread's element) and is skipped. A `li`/`div` that
 * wraps another post's `article` and its replies stands for that `article`.
 */
function enclosingPost(post: Element): Element | null {
  let from = post.parentElement;
  for (let guard = 0; from && guard < 6; guard++) {
    const found = climb(from, isPostLike);
    if (!found) return null;
    const firstTime = found.querySelector('time');
    if (firstTime && post.contains(firstTime)) {
      from = found.parentElement;
      continue;
    }
    if (safeMatches(found, STRONG_POST)) return found;
    const own = found.querySelector(STRONG_POST);
    return own && !own.contains(post) && !post.contains(own) ? own : found;
  }
  return null;
}

/** True for elements inside `root` that belong to a post nested in it (a comment in an article). */
function inNestedPost(root: Element, element: Element): boolean {
  let current = element.parentElement;
  for (let depth = 0; current && current !== root && depth < 60; depth++) {
    if (isPostLike(current)) return true;
    current = current.parentElement;
  }
  return false;
}

/** Elements matching `selector` that belong to `post` itself, not to a post nested in it. */
function ownQueryAll(post: Element, selector: string, max = 10): Element[] {
  let found: NodeListOf<Element>;
  try {
    found = post.querySelectorAll(selector);
  } catch {
    return [];
  }
  const kept: Element[] = [];
  for (let i = 0; i < found.length && i < 100 && kept.length < max; i++) {
    if (!inNestedPost(post, found[i]) && !isPostLike(found[i])) kept.push(found[i]);
  }
  return kept;
}

function ownQuery(post: Element, selector: string): Element | null {
  return ownQueryAll(post, selector, 1)[0] ?? null;
}

/** True when an `itemprop` on `element` describes `post` (not a Person or other item inside it). */
function inPostScope(element: Element, post: Element): boolean {
  const scope = element.parentElement?.closest('[itemscope]');
  return !scope || scope === post || !post.contains(scope);
}

function readAuthor(post: Element, base: URL): PostAuthor | undefined {
  const element = ownQuery(post, AUTHOR);
  if (!element) return undefined;
  const nameElement = safeMatches(element, '[itemprop~="name"]') ? element : element.querySelector('[itemprop~="name"]');
  const link = element.localName === 'a' ? element : element.querySelector('a[href]');
  const metaUrl = element.querySelector('[itemprop~="url"]');
  const displayName = attrOf(nameElement, 'content') ?? lineOf(nameElement) ?? lineOf(element);
  const profileUrl = absoluteUrl(link?.getAttribute('href'), base) ?? absoluteUrl(metaUrl?.getAttribute('href') ?? metaUrl?.getAttribute('content'), base);
  return { displayName, profileUrl };
}

function readPermalink(post: Element, base: URL, time: Element | null): string | undefined {
  for (const link of ownQueryAll(post, 'a[rel~="bookmark"][href], a[itemprop~="url"][href], link[itemprop~="url"][href]')) {
    if (link.matches('[rel~="bookmark"]') || inPostScope(link, post)) return absoluteUrl(link.getAttribute('href'), base);
  }
  const timeLink = time?.closest('a[href]');
  if (timeLink && post.contains(timeLink)) return absoluteUrl(timeLink.getAttribute('href'), base);
  const inner = time?.querySelector('a[href]');
  if (inner) return absoluteUrl(inner.getAttribute('href'), base);
  const id = post.getAttribute('id');
  if (id) {
    const selfLink = ownQuery(post, `a[href$="#${cssString(id)}"]`);
    if (selfLink) return absoluteUrl(selfLink.getAttribute('href'), base);
  }
  return undefined;
}

function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

function readPostId(post: Element): string | undefined {
  const identifier = ownQuery(post, '[itemprop~="identifier"]');
  return (
    attrOf(identifier, 'content') ??
    lineOf(identifier) ??
    attrOf(post, 'data-post-id') ??
    attrOf(post, 'data-comment-id') ??
    attrOf(post, 'data-id') ??
    attrOf(post, 'id')
  );
}

function readKind(post: Element, parent: Element | null, main: boolean): PostKind {
  const inComments = post.closest(COMMENTS_REGION) !== null || safeMatches(post, '[itemtype*="Comment"]');
  if (parent) {
    const parentIsComment = safeMatches(parent, '[itemtype*="Comment"]') || parent.closest(COMMENTS_REGION) !== null || enclosingPost(parent) !== null;
    return parentIsComment ? 'reply' : 'comment';
  }
  if (main) return 'article';
  return inComments ? 'comment' : 'post';
}

/** The page's main article: not inside another post, and the first article of `main` (or of the page). */
function isMainArticle(post: Element): boolean {
  if (enclosingPost(post)) return false;
  if (safeMatches(post, '[itemtype*="Comment"]') || post.closest(COMMENTS_REGION)) return false;
  const doc = post.ownerDocument;
  const first = doc.querySelector('main article, [role="main"] article') ?? doc.querySelector('article');
  return first === post;
}

interface PageFacts {
  url?: string;
  authorName?: string;
  authorUrl?: string;
  published?: string;
}

/** OpenGraph / article meta tags and JSON-LD of the page, read only for its main article. */
function readPageFacts(doc: Document, base: URL): PageFacts {
  const facts: PageFacts = {};
  const head = doc.head;
  if (head) {
    const meta = (property: string) =>
      attrOf(head.querySelector(`meta[property="${property}"], meta[name="${property}"]`), 'content');
    facts.url = absoluteUrl(meta('og:url'), base);
    const author = meta('article:author');
    if (author && /^https?:\/\//i.test(author)) facts.authorUrl = absoluteUrl(author, base);
    else facts.authorName = author;
    facts.published = meta('article:published_time');
  }
  const ld = readJsonLdArticle(doc);
  if (ld) {
    facts.url = facts.url ?? absoluteUrl(ld.url, base);
    facts.authorName = facts.authorName ?? ld.authorName;
    facts.authorUrl = facts.authorUrl ?? absoluteUrl(ld.authorUrl, base);
    facts.published = facts.published ?? ld.published;
  }
  return facts;
}

interface LdArticle {
  url?: string;
  authorName?: string;
  authorUrl?: string;
  published?: string;
}

function readJsonLdArticle(doc: Document): LdArticle | undefined {
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length && i < 10; i++) {
    const text = scripts[i].textContent ?? '';
    if (text.length > 500_000) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const article = findArticleNode(data, 0);
    if (article) return article;
  }
  return undefined;
}

function findArticleNode(data: unknown, depth: number): LdArticle | undefined {
  if (depth > 4 || !data || typeof data !== 'object') return undefined;
  if (Array.isArray(data)) {
    for (const item of data.slice(0, 50)) {
      const found = findArticleNode(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const node = data as Record<string, unknown>;
  const types = ([] as unknown[]).concat(node['@type'] ?? []);
  if (types.some((type) => typeof type === 'string' && ARTICLE_TYPES.test(type))) {
    const author = ([] as unknown[]).concat(node.author ?? [])[0];
    const authorObject = author && typeof author === 'object' ? (author as Record<string, unknown>) : undefined;
    const page = node.mainEntityOfPage;
    const pageUrl = typeof page === 'string' ? page : page && typeof page === 'object' ? (page as Record<string, unknown>)['@id'] : undefined;
    return {
      url: stringOf(node.url) ?? stringOf(pageUrl),
      authorName: typeof author === 'string' ? oneLine(author) : stringOf(authorObject?.name),
      authorUrl: stringOf(authorObject?.url),
      published: stringOf(node.datePublished),
    };
  }
  return findArticleNode(node['@graph'], depth + 1);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? oneLine(value) : undefined;
}

/**
 * The post's own text: its content container when the markup names one, else the post without
 * its header/footer, author line, `time`s and nested posts.
 */
function readBody(post: Element): string | undefined {
  const content = ownQuery(post, CONTENT);
  if (content) return readableText(content, { skip: isPostLike });
  return readableText(post, { exclude: `${NOT_TEXT}, time, ${AUTHOR}`, skip: isPostLike });
}

function readGeneric(post: Element, pageUrl: URL): PostFields | null {
  const time = ownQuery(post, 'time[datetime]') ?? ownQuery(post, 'time');
  const parent = enclosingPost(post);
  const main = isMainArticle(post);
  const facts = main ? readPageFacts(post.ownerDocument, pageUrl) : {};
  const author = readAuthor(post, pageUrl);

  const fields: PostFields = {
    platform: 'generic',
    kind: readKind(post, parent, main),
    author: {
      displayName: author?.displayName ?? facts.authorName,
      profileUrl: author?.profileUrl ?? facts.authorUrl,
    },
    postId: readPostId(post),
    permalink: readPermalink(post, pageUrl, time) ?? facts.url,
    postedAt: {
      iso: attrOf(time, 'datetime') ?? facts.published,
      displayed: lineOf(time),
    },
    text: readBody(post),
    mediaUrls: mediaIn(post, pageUrl, (element) => inNestedPost(post, element) || inPostChrome(post, element)),
    inReplyTo: parent ? replyTarget(parent, pageUrl) : undefined,
  };
  const result = compact(fields);
  return result.text || result.postedAt || result.author || result.permalink ? result : null;
}

/** True for images in the post's own header or footer (avatars, badges), not its content. */
function inPostChrome(post: Element, element: Element): boolean {
  const chrome = element.closest('header, footer');
  return chrome !== null && post.contains(chrome);
}

function replyTarget(parent: Element, base: URL): PostFields['inReplyTo'] {
  const time = ownQuery(parent, 'time[datetime]') ?? ownQuery(parent, 'time');
  return {
    postId: readPostId(parent),
    permalink: readPermalink(parent, base, time),
    author: readAuthor(parent, base)?.displayName,
  };
}

/** The generic adapter: standard markup on any page. */
export const generic: SiteAdapter = {
  id: 'generic',
  name: 'Any website',
  matches: () => true,
  findPost(target) {
    try {
      const strong = climb(target, isPostLike);
      if (strong) return strong;
      return climb(target, isTimedItem);
    } catch {
      return null;
    }
  },
  extract(post, pageUrl) {
    try {
      return readGeneric(post, pageUrl);
    } catch {
      return null;
    }
  },
};
