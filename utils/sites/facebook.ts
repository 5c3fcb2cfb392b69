/**
 * Facebook: posts (feed, groups, pages, a post's own page) and their comments and replies.
 *
 * Markup read (www.facebook.com, 2025–2026). Class names are generated, so the adapter relies on
 * roles, data attributes and links: a feed post is the `[aria-posinset]` element (elsewhere a
 * `[role="article"]` without comment links); its author is in
 * `[data-ad-rendering-role="profile_name"]` (or the first `h2`–`h4` link); its text in
 * `[data-ad-rendering-role="story_message"]` / `[data-ad-preview="message"]`; its permalink and
 * time is the link to `/…/posts/<id>`, `/permalink.php?story_fbid=…`, `/groups/…/posts/<id>`,
 * `/photo/?fbid=…`, `/videos/<id>` or `/reel/<id>`; its photos `img[data-visualcompletion=
 * "media-vc-image"]`. A comment is a `[role="article"]` whose own time link carries `comment_id=`
 * (a reply's also `reply_comment_id=`), plain or base64 (`comment:<post id>_<comment id>`); its
 * text is its `div[dir="auto"][style*="text-align"]`. The page shows no machine-readable time.
 * Click-tracking parameters (`__cft__`, `__tn__`, …) are removed from the URLs returned.
 */
import {
  compact,
  hostIs,
  insideWithin,
  mediaUrlsIn,
  parseUrl,
  safeClosest,
  safeQuery,
  safeQueryAll,
  textOf,
} from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const ARTICLE = '[role="article"]';
const FEED_UNIT = '[aria-posinset]';
const MESSAGE =
  '[data-ad-rendering-role="story_message"], [data-ad-preview="message"], [data-ad-comet-preview="message"]';
const NOT_PROFILES = new Set([
  'groups', 'photo', 'photo.php', 'photos', 'watch', 'reel', 'reels', 'events', 'marketplace',
  'hashtag', 'permalink.php', 'story.php', 'share', 'stories', 'videos', 'gaming', 'pages', 'help',
]);

/** A Facebook URL without its click-tracking parameters. */
function withoutTracking(url: URL): string {
  const clean = new URL(url.href);
  for (const name of Array.from(clean.searchParams.keys())) {
    if (/^__[a-z]+__/i.test(name) || name === 'comment_tracking' || name === 'notif_id' || name === 'notif_t') {
      clean.searchParams.delete(name);
    }
  }
  return clean.href;
}

/** The post id a Facebook URL points at, when it points at a post. */
function postIdOf(url: URL): string | undefined {
  const path = url.pathname;
  const fromPath =
    /\/posts\/([A-Za-z0-9_-]{5,80})/.exec(path)?.[1] ??
    /\/permalink\/(\d{5,25})/.exec(path)?.[1] ??
    /^\/(?:[^/]+\/)?videos\/(?:[^/]+\/)?(\d{5,25})/.exec(path)?.[1] ??
    /^\/reel\/(\d{5,25})/.exec(path)?.[1];
  if (fromPath) return fromPath;
  if (/^\/(permalink\.php|story\.php)$/.test(path)) return url.searchParams.get('story_fbid') ?? undefined;
  if (/^\/photo(\.php|s)?\/?$/.test(path) || /\/photos\//.test(path)) {
    return url.searchParams.get('fbid') ?? /\/photos\/[^/]+\/(\d{5,25})/.exec(path)?.[1];
  }
  if (path === '/watch/' || path === '/watch') return url.searchParams.get('v') ?? undefined;
  return undefined;
}

/** The profile a URL points at, with the numeric account id when the URL shows it. */
function profileOf(url: URL): { profileUrl: string; accountId?: string } | undefined {
  if (!hostIs(url, 'facebook.com')) return undefined;
  const path = url.pathname;
  const base = `${url.origin}${path}`;
  if (path === '/profile.php') {
    const id = url.searchParams.get('id');
    return id && /^\d{5,25}$/.test(id) ? { profileUrl: `${base}?id=${id}`, accountId: id } : undefined;
  }
  const groupUser = /^\/groups\/[^/]+\/user\/(\d{5,25})\/?$/.exec(path);
  if (groupUser) return { profileUrl: base, accountId: groupUser[1] };
  const people = /^\/people\/[^/]+\/(\d{5,25})\/?$/.exec(path);
  if (people) return { profileUrl: base, accountId: people[1] };
  const single = /^\/([A-Za-z0-9.]{1,80})\/?$/.exec(path);
  if (single && !NOT_PROFILES.has(single[1].toLowerCase())) {
    return { profileUrl: base, accountId: /^\d{5,25}$/.test(single[1]) ? single[1] : undefined };
  }
  return undefined;
}

/** A comment id as Facebook writes it (digits, or base64 of `comment:<post>_<comment>`), as digits. */
function decodeCommentId(raw: string | null): string | undefined {
  if (!raw) return undefined;
  if (/^\d{5,25}$/.test(raw)) return raw;
  try {
    const decoded = atob(raw.replace(/-/g, '+').replace(/_/g, '/'));
    return /^comment:\d+_(\d{5,25})$/.exec(decoded)?.[1];
  } catch {
    return undefined;
  }
}

/** The elements of `root` matching `selector` that belong to `root`, not to an article nested in it. */
function own(root: Element, selector: string, limit = 80): Element[] {
  return safeQueryAll(root, selector, limit).filter((el) => !insideWithin(el, root, ARTICLE));
}

function linkUrl(link: Element, pageUrl: URL): URL | undefined {
  const url = parseUrl(link.getAttribute('href'), pageUrl);
  return url && hostIs(url, 'facebook.com') ? url : undefined;
}

/** The comment's own time link: it carries `comment_id` and does not point at a profile. */
function commentLink(article: Element, pageUrl: URL): URL | undefined {
  for (const link of own(article, 'a[href*="comment_id="]', 20)) {
    const url = linkUrl(link, pageUrl);
    if (url && !profileOf(url)) return url;
  }
  return undefined;
}

function authorFrom(links: Element[], pageUrl: URL, nameOf: (link: Element) => string | undefined): PostAuthor | undefined {
  for (const link of links) {
    const url = linkUrl(link, pageUrl);
    const profile = url ? profileOf(url) : undefined;
    const displayName = nameOf(link);
    if (profile && displayName) return compact<PostAuthor>({ displayName, ...profile });
  }
  return undefined;
}

function extractComment(article: Element, timeUrl: URL, pageUrl: URL): PostFields {
  const timeLink = own(article, 'a[href*="comment_id="]', 20).find((a) => linkUrl(a, pageUrl)?.href === timeUrl.href);
  const rawComment = timeUrl.searchParams.get('comment_id');
  const rawReply = timeUrl.searchParams.get('reply_comment_id');
  const commentId = decodeCommentId(rawComment);
  const replyId = decodeCommentId(rawReply);
  const postUrl = new URL(timeUrl.href);
  postUrl.search = '';
  const postId = postIdOf(timeUrl);
  let inReplyTo: PostFields['inReplyTo'];
  if (rawReply) {
    const parentLink = new URL(postUrl.href);
    if (rawComment) parentLink.searchParams.set('comment_id', rawComment);
    let parentAuthor: string | undefined;
    let element: Element | null = article.parentElement;
    for (let i = 0; element && !parentAuthor && i < 12; i += 1) {
      const candidate = safeQuery(element, ARTICLE);
      if (candidate && candidate !== article && !candidate.contains(article)) {
        const candidateUrl = commentLink(candidate, pageUrl);
        if (candidateUrl && decodeCommentId(candidateUrl.searchParams.get('comment_id')) === commentId) {
          parentAuthor = readCommentAuthor(candidate, pageUrl)?.displayName;
        }
        break;
      }
      element = element.parentElement;
    }
    inReplyTo = compact({ postId: commentId, permalink: rawComment ? parentLink.href : undefined, author: parentAuthor });
  } else if (postId) {
    const unit = safeClosest(article, FEED_UNIT);
    const postAuthor = unit ? readPostAuthor(unit, pageUrl)?.displayName : undefined;
    inReplyTo = compact({ postId, permalink: postUrl.href, author: postAuthor });
  }
  return compact<PostFields>({
    platform: 'facebook',
    kind: rawReply ? 'reply' : 'comment',
    author: readCommentAuthor(article, pageUrl),
    postId: replyId ?? commentId,
    permalink: withoutTracking(timeUrl),
    postedAt: compact({ displayed: timeLink ? textOf(timeLink) : undefined }),
    text: own(article, 'div[dir="auto"][style*="text-align"]', 20)
      .map((div) => textOf(div))
      .filter((part): part is string => part !== undefined)
      .join('\n') || undefined,
    mediaUrls: mediaUrlsIn(
      article,
      'img',
      pageUrl,
      (img) => insideWithin(img, article, ARTICLE) || isEmoji(img) || isAvatar(img, article, pageUrl),
    ),
    inReplyTo,
  });
}

/** True for Facebook's emoji images, which are part of the text, not media. */
function isEmoji(img: Element): boolean {
  return /\/images\/emoji\.php\//.test(img.getAttribute('src') ?? '');
}

/** True when `img` sits in a link to a profile (an avatar). */
function isAvatar(img: Element, article: Element, pageUrl: URL): boolean {
  const link = safeClosest(img, 'a[href]');
  if (!link || !article.contains(link)) return false;
  const url = linkUrl(link, pageUrl);
  return url !== undefined && profileOf(url) !== undefined;
}

function readCommentAuthor(article: Element, pageUrl: URL): PostAuthor | undefined {
  return authorFrom(own(article, 'a[href]', 30), pageUrl, (link) => textOf(link));
}

function readPostAuthor(post: Element, pageUrl: URL): PostAuthor | undefined {
  const header = own(post, '[data-ad-rendering-role="profile_name"]', 3)[0];
  const links = header ? safeQueryAll(header, 'a[href]', 10) : own(post, 'h2 a[href], h3 a[href], h4 a[href]', 10);
  return authorFrom(links, pageUrl, (link) => textOf(safeQuery(link, 'strong') ?? link));
}

function extractPost(post: Element, pageUrl: URL): PostFields | null {
  let permalink: URL | undefined;
  let timeLink: Element | undefined;
  for (const link of own(post, 'a[href]', 120)) {
    const url = linkUrl(link, pageUrl);
    if (!url || url.searchParams.has('comment_id') || !postIdOf(url)) continue;
    if (safeQuery(link, 'img')) continue; // a photo link, not the time
    permalink = url;
    timeLink = link;
    break;
  }
  if (!permalink && !safeClosest(post, FEED_UNIT) && postIdOf(pageUrl)) permalink = pageUrl;
  const message = own(post, MESSAGE, 5)[0];
  const author = readPostAuthor(post, pageUrl);
  if (!permalink && !message && !author) return null;
  return compact<PostFields>({
    platform: 'facebook',
    kind: 'post',
    author,
    postId: permalink ? postIdOf(permalink) : undefined,
    permalink: permalink ? withoutTracking(permalink) : undefined,
    postedAt: compact({
      displayed: timeLink ? (timeLink.getAttribute('aria-label')?.trim() || textOf(timeLink)) : undefined,
    }),
    text: textOf(message, { skip: '[role="button"]' }),
    mediaUrls: mediaUrlsIn(
      post,
      'img[data-visualcompletion="media-vc-image"], a[href*="/photo"] img, video',
      pageUrl,
      (el) => insideWithin(el, post, ARTICLE) || isEmoji(el),
    ),
  });
}

/** Facebook posts, comments and replies. */
export const facebook: SiteAdapter = {
  id: 'facebook',
  name: 'Facebook',

  matches(url) {
    return hostIs(url, 'facebook.com') && !hostIs(url, 'm.facebook.com', 'mbasic.facebook.com');
  },

  findPost(target) {
    try {
      const article = safeClosest(target, ARTICLE);
      if (article && safeQueryAll(article, 'a[href*="comment_id="]', 20).some((a) => safeClosest(a, ARTICLE) === article)) {
        return article;
      }
      return safeClosest(target, FEED_UNIT) ?? article;
    } catch {
      return null;
    }
  },

  extract(post, pageUrl) {
    try {
      if (post.matches(ARTICLE)) {
        const timeUrl = commentLink(post, pageUrl);
        if (timeUrl) return extractComment(post, timeUrl, pageUrl);
      }
      if (post.matches(`${ARTICLE}, ${FEED_UNIT}`)) return extractPost(post, pageUrl);
      return null;
    } catch {
      return null;
    }
  },
};
