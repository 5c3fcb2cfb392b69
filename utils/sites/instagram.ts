/**
 * Instagram: posts (feed and post page) and their comments and replies.
 *
 * Markup read (www.instagram.com, 2025–2026). Class names are generated, so the adapter relies on
 * elements, links and attributes: a feed post is an `<article>`; its author is the first link to
 * `/<username>/`; its time is `time[datetime]` inside its link `/p/<code>/` (or `/reel/<code>/`,
 * sometimes prefixed `/<username>/p/<code>/`); its caption is an `h1` on the post page, or in the
 * feed the `span[dir="auto"]` next to the author's link. A comment is the smallest block holding
 * exactly one comment link `/p/<code>/c/<comment id>/` (a reply's: `…/c/<parent id>/r/<reply id>/`)
 * with `time[datetime]`, the commenter's link and a `span[dir="auto"]` with the text. The page
 * shows no numeric account id.
 */
import {
  compact,
  hostIs,
  insideWithin,
  isoDateTime,
  mediaUrlsIn,
  parseUrl,
  safeClosest,
  safeQuery,
  safeQueryAll,
  textOf,
} from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const CONTAINER = 'article, main, [role="dialog"]';
const COMMENT_LINK = 'a[href*="/c/"]';
const COMMENT_PATH = /\/(p|reel)\/([A-Za-z0-9_-]{5,40})\/c\/(\d{5,25})(?:\/r\/(\d{5,25}))?\/?$/;
const POST_PATH = /\/(p|reel|tv)\/([A-Za-z0-9_-]{5,40})\/?$/;
const PROFILE_PATH = /^\/([A-Za-z0-9._]{1,30})\/?$/;
const NOT_PROFILES = new Set(['explore', 'reels', 'reel', 'p', 'tv', 'stories', 'direct', 'accounts', 'about', 'legal']);
const MAX_CLIMB = 12;

function usernameOf(link: Element, pageUrl: URL): string | undefined {
  const url = parseUrl(link.getAttribute('href'), pageUrl);
  const name = url ? PROFILE_PATH.exec(url.pathname)?.[1] : undefined;
  return name && !NOT_PROFILES.has(name.toLowerCase()) ? name : undefined;
}

/** The first link to a profile, with visible text, among `links` (and accepted by `accept`). */
function profileLink(
  links: Element[],
  pageUrl: URL,
  accept: (link: Element) => boolean = () => true,
): { link: Element; username: string } | undefined {
  for (const link of links) {
    const username = usernameOf(link, pageUrl);
    if (username && textOf(link) && accept(link)) return { link, username };
  }
  return undefined;
}

/**
 * The comment around `start`: the smallest ancestor, below the post, holding exactly one comment
 * link (with its time) and a link to a profile, and no link to the post itself. Null when `start`
 * is not inside a comment.
 */
function commentOf(start: Element): Element | null {
  let element: Element | null = start;
  for (let i = 0; element && i < MAX_CLIMB; i += 1) {
    if (element.matches(CONTAINER)) return null;
    let comments = 0;
    for (const time of safeQueryAll(element, 'a[href] time', 3)) {
      const href = safeClosest(time, 'a[href]')?.getAttribute('href') ?? '';
      if (COMMENT_PATH.test(href)) comments += 1;
      else if (POST_PATH.test(href)) return null; // the post's own header or caption
    }
    if (comments > 1) return null;
    if (comments === 1 && safeQueryAll(element, 'a[href]', 12).length > 1) return element;
    element = element.parentElement;
  }
  return null;
}

/** The first `span[dir="auto"]` of `root` with text of its own: not a link, button, time or `exceptText`. */
function ownTextSpan(root: Element, accept: (span: Element) => boolean, exceptText?: string): Element | undefined {
  return safeQueryAll(root, 'span[dir="auto"]', 60).find(
    (span) =>
      !insideWithin(span, root, 'a, [role="button"], button, time') &&
      textOf(span) !== undefined &&
      textOf(span) !== exceptText &&
      accept(span),
  );
}

function isAvatarOrLinked(img: Element, root: Element): boolean {
  return (
    insideWithin(img, root, 'a[href], [role="link"]') || /profile picture/i.test(img.getAttribute('alt') ?? '')
  );
}

function extractComment(comment: Element, pageUrl: URL): PostFields | null {
  const link = safeQueryAll(comment, COMMENT_LINK, 2).find((a) => COMMENT_PATH.test(a.getAttribute('href') ?? ''));
  const url = parseUrl(link?.getAttribute('href'), pageUrl);
  const match = url ? COMMENT_PATH.exec(url.pathname) : null;
  if (!link || !url || !match) return null;
  const author = profileLink(safeQueryAll(comment, 'a[href]', 20), pageUrl);
  const time = safeQuery(link, 'time');
  const [, kind, code, commentId, replyId] = match;
  const base = `${url.origin}/${kind}/${code}/`;
  return compact<PostFields>({
    platform: 'instagram',
    kind: replyId ? 'reply' : 'comment',
    author: author
      ? compact<PostAuthor>({ handle: `@${author.username}`, profileUrl: `${url.origin}/${author.username}/` })
      : undefined,
    postId: replyId ?? commentId,
    permalink: replyId ? `${base}c/${commentId}/r/${replyId}/` : `${base}c/${commentId}/`,
    postedAt: compact({ iso: isoDateTime(time?.getAttribute('datetime')), displayed: textOf(time) }),
    text: textOf(ownTextSpan(comment, () => true, author ? textOf(author.link) : undefined)),
    mediaUrls: mediaUrlsIn(comment, 'img', pageUrl, (img) => isAvatarOrLinked(img, comment)),
    inReplyTo: replyId ? { postId: commentId, permalink: `${base}c/${commentId}/` } : { postId: code, permalink: base },
  });
}

function extractPost(post: Element, pageUrl: URL): PostFields | null {
  const outsideComments = (el: Element): boolean => commentOf(el) === null;
  let timeLink: { link: Element; url: URL; match: RegExpExecArray } | undefined;
  for (const link of safeQueryAll(post, 'a[href]', 200)) {
    const url = parseUrl(link.getAttribute('href'), pageUrl);
    const match = url ? POST_PATH.exec(url.pathname) : null;
    if (url && match && safeQuery(link, 'time') && outsideComments(link)) {
      timeLink = { link, url, match };
      break;
    }
  }
  const author = profileLink(safeQueryAll(post, 'a[href]', 60), pageUrl, outsideComments);
  if (!timeLink && !author) return null;
  const heading = safeQueryAll(post, 'h1', 5).find((h1) => outsideComments(h1));
  const authorHref = author?.link.getAttribute('href');
  const caption =
    heading ??
    ownTextSpan(
      post,
      (span) =>
        outsideComments(span) &&
        authorHref !== undefined &&
        authorHref !== null &&
        safeQueryAll(span.parentElement, 'a[href]', 20).some((a) => a.getAttribute('href') === authorHref),
      author ? textOf(author.link) : undefined,
    );
  const time = safeQuery(timeLink?.link, 'time');
  const origin = timeLink?.url.origin ?? pageUrl.origin;
  return compact<PostFields>({
    platform: 'instagram',
    kind: 'post',
    author: author
      ? compact<PostAuthor>({ handle: `@${author.username}`, profileUrl: `${origin}/${author.username}/` })
      : undefined,
    postId: timeLink?.match[2],
    permalink: timeLink ? `${origin}/${timeLink.match[1]}/${timeLink.match[2]}/` : undefined,
    postedAt: compact({ iso: isoDateTime(time?.getAttribute('datetime')), displayed: textOf(time) }),
    text: textOf(caption),
    mediaUrls: mediaUrlsIn(post, 'img, video', pageUrl, (el) => isAvatarOrLinked(el, post) || !outsideComments(el)),
  });
}

/** Instagram posts, comments and replies. */
export const instagram: SiteAdapter = {
  id: 'instagram',
  name: 'Instagram',

  matches(url) {
    return hostIs(url, 'instagram.com');
  },

  findPost(target) {
    try {
      return commentOf(target) ?? safeClosest(target, 'article') ?? safeClosest(target, 'main, [role="dialog"]');
    } catch {
      return null;
    }
  },

  extract(post, pageUrl) {
    try {
      if (post.matches(CONTAINER)) return extractPost(post, pageUrl);
      return commentOf(post) === post ? extractComment(post, pageUrl) : null;
    } catch {
      return null;
    }
  },
};
