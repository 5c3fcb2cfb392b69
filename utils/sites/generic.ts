/**
 * The generic adapter, used on every site without its own adapter and whenever a site's adapter
 * no longer recognises the page's markup. It finds the nearest article-like element around the
 * pointer and reads what standard markup says about it: `time[datetime]`, `rel=author`,
 * `itemprop=author`, permalinks, and — only for the page's main article — the page-level
 * OpenGraph and JSON-LD facts.
 *
 * Its reading helpers live with every adapter's in `./dom`.
 */
import { absoluteUrl, attrLine, climb, compact, lineOf, matchesSafe, mediaIn, oneLine, readableText } from './dom';
import type { PostAuthor, PostFields, PostKind, SiteAdapter } from './types';


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
  if (!holdsTime(element) || matchesSafe(element, 'main, [role="main"]')) return false;
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
  return matchesSafe(element, STRONG_POST) || isTimedListItem(element);
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
    if (matchesSafe(found, STRONG_POST)) return found;
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
  const nameElement = matchesSafe(element, '[itemprop~="name"]') ? element : element.querySelector('[itemprop~="name"]');
  const link = element.localName === 'a' ? element : element.querySelector('a[href]');
  const metaUrl = element.querySelector('[itemprop~="url"]');
  const displayName = attrLine(nameElement, 'content') ?? lineOf(nameElement) ?? lineOf(element);
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
    attrLine(identifier, 'content') ??
    lineOf(identifier) ??
    attrLine(post, 'data-post-id') ??
    attrLine(post, 'data-comment-id') ??
    attrLine(post, 'data-id') ??
    attrLine(post, 'id')
  );
}

function readKind(post: Element, parent: Element | null, main: boolean): PostKind {
  const inComments = post.closest(COMMENTS_REGION) !== null || matchesSafe(post, '[itemtype*="Comment"]');
  if (parent) {
    const parentIsComment = matchesSafe(parent, '[itemtype*="Comment"]') || parent.closest(COMMENTS_REGION) !== null || enclosingPost(parent) !== null;
    return parentIsComment ? 'reply' : 'comment';
  }
  if (main) return 'article';
  return inComments ? 'comment' : 'post';
}

/** The page's main article: not inside another post, and the first article of `main` (or of the page). */
function isMainArticle(post: Element): boolean {
  if (enclosingPost(post)) return false;
  if (matchesSafe(post, '[itemtype*="Comment"]') || post.closest(COMMENTS_REGION)) return false;
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
      attrLine(head.querySelector(`meta[property="${property}"], meta[name="${property}"]`), 'content');
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
      iso: attrLine(time, 'datetime') ?? facts.published,
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
