/**
 * TikTok: a video's description (video page and For You feed) and its comments and replies.
 *
 * Markup read (www.tiktok.com, 2025–2026). TikTok's class names are generated
 * (`css-…-DivCommentItemWrapper`), so only its `data-e2e` test ids are relied on: the description
 * `[data-e2e="browse-video-desc"]` (feed: `video-desc`), the author's unique id
 * `[data-e2e="browse-username"]` (feed: `video-author-uniqueid`) and nickname
 * `[data-e2e="browser-nickname"]` (nickname · date), a comment's text
 * `[data-e2e="comment-level-1"]` (a reply's: `comment-level-2`), author
 * `[data-e2e="comment-username-1|2"]` and time `[data-e2e="comment-time-1|2"]`. The page shows no
 * id for a comment, so a comment has no `postId` or `permalink`.
 */
import {
  absoluteUrl,
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

const COMMENT_TEXT = '[data-e2e="comment-level-1"], [data-e2e="comment-level-2"]';
const DESCRIPTION = '[data-e2e="browse-video-desc"], [data-e2e="video-desc"]';
const UNIQUE_ID = '[data-e2e="browse-username"], [data-e2e="video-author-uniqueid"]';
const PROFILE_PATH = /^\/@([A-Za-z0-9._-]{1,40})\/?$/;
const VIDEO_PATH = /^\/@([A-Za-z0-9._-]{1,40})\/(video|photo)\/(\d{5,25})/;
/** How far up from the pointer a comment or a video's description block is looked for. */
const MAX_CLIMB = 14;

/** The smallest ancestor of `start` holding exactly one comment text and its author: one comment. */
function commentItemOf(start: Element): Element | null {
  let element: Element | null = start;
  for (let i = 0; element && i < MAX_CLIMB; i += 1) {
    const texts = safeQueryAll(element, COMMENT_TEXT, 2);
    if (texts.length > 1) return null;
    if (texts.length === 1 && safeQuery(element, '[data-e2e^="comment-username-"]')) return element;
    element = element.parentElement;
  }
  return null;
}

/** The smallest ancestor of `start` holding a video's description and its author's unique id. */
function videoBlockOf(start: Element): Element | null {
  let element: Element | null = start;
  for (let i = 0; element && i < MAX_CLIMB; i += 1) {
    if (safeQuery(element, DESCRIPTION) && safeQuery(element, UNIQUE_ID)) return element;
    element = element.parentElement;
  }
  return null;
}

function profileFromLink(link: Element | null | undefined, pageUrl: URL): { handle?: string; profileUrl?: string } {
  const url = parseUrl(link?.getAttribute('href'), pageUrl);
  const name = url ? PROFILE_PATH.exec(url.pathname)?.[1] : undefined;
  return name ? { handle: `@${name}`, profileUrl: `${url?.origin}/@${name}` } : {};
}

/** The video on a video page's URL, when its author is `handle`. */
function videoFromPage(pageUrl: URL, handle?: string): { postId: string; permalink: string; author: string } | undefined {
  const match = VIDEO_PATH.exec(pageUrl.pathname);
  if (!match || (handle && handle !== `@${match[1]}`)) return undefined;
  return { postId: match[3], permalink: `${pageUrl.origin}/@${match[1]}/${match[2]}/${match[3]}`, author: `@${match[1]}` };
}

function readCommentAuthor(item: Element, pageUrl: URL): PostAuthor | undefined {
  const name = safeQuery(item, '[data-e2e^="comment-username-"]');
  const inside = safeQuery(name, 'a[href]');
  const link = inside ?? safeClosest(name, 'a[href]') ?? safeQuery(item, 'a[href^="/@"]');
  // the name is the link's text; a "Creator" label may sit beside it
  return compact<PostAuthor>({ displayName: textOf(inside ?? name), ...profileFromLink(link, pageUrl) });
}

function extractComment(item: Element, textElement: Element, pageUrl: URL): PostFields {
  const level = textElement.getAttribute('data-e2e') === 'comment-level-2' ? 2 : 1;
  let inReplyTo: PostFields['inReplyTo'];
  if (level === 2) {
    let parent: Element | null = null;
    let element: Element | null = item.parentElement;
    for (let i = 0; element && !parent && i < MAX_CLIMB; i += 1) {
      const first = safeQuery(element, '[data-e2e="comment-level-1"]');
      if (first && !item.contains(first)) parent = commentItemOf(first);
      element = element.parentElement;
    }
    const parentAuthor = parent ? readCommentAuthor(parent, pageUrl) : undefined;
    const author = parentAuthor?.handle ?? parentAuthor?.displayName;
    inReplyTo = author ? { author } : undefined;
  } else {
    inReplyTo = videoFromPage(pageUrl);
  }
  return compact<PostFields>({
    platform: 'tiktok',
    kind: level === 2 ? 'reply' : 'comment',
    author: readCommentAuthor(item, pageUrl),
    postedAt: compact({ displayed: textOf(safeQuery(item, '[data-e2e^="comment-time-"]')) }),
    text: textOf(textElement),
    mediaUrls: mediaUrlsIn(item, 'img', pageUrl, (el) =>
      insideWithin(el, item, '[data-e2e^="comment-avatar-"], [data-e2e^="comment-username-"], a[href^="/@"]'),
    ),
    inReplyTo,
  });
}

/**
 * The video played next to a description block: the only `<video>` of the nearest ancestor that
 * has one (the player sits beside the description, not inside it).
 */
function videoNear(block: Element, pageUrl: URL): string[] {
  let element: Element | null = block;
  for (let i = 0; element && i < 6; i += 1) {
    const videos = safeQueryAll(element, 'video', 2);
    if (videos.length === 1) return mediaUrlsIn(element, 'video', pageUrl);
    if (videos.length > 1) return [];
    element = element.parentElement;
  }
  return [];
}

function extractVideo(block: Element, pageUrl: URL): PostFields | null {
  const description = safeQuery(block, DESCRIPTION);
  const uniqueId = safeQuery(block, UNIQUE_ID);
  if (!description && !uniqueId) return null;
  const link =
    safeQuery(block, 'a[data-e2e="browse-user-avatar"], a[data-e2e="video-author-avatar"]') ??
    safeClosest(uniqueId, 'a[href]') ??
    safeQuery(block, 'a[href^="/@"]');
  const profile = profileFromLink(link, pageUrl);
  const shownId = textOf(uniqueId);
  const handle = profile.handle ?? (shownId ? (shownId.startsWith('@') ? shownId : `@${shownId}`) : undefined);
  const nickname = safeQuery(block, '[data-e2e="browser-nickname"], [data-e2e="video-author-nickname"]');
  const parts = nickname ? Array.from(nickname.children).slice(0, 5) : [];
  const hasDate = parts.length >= 3;
  let video = videoFromPage(pageUrl, handle);
  if (!video) {
    for (const a of safeQueryAll(block, 'a[href*="/video/"], a[href*="/photo/"]', 10)) {
      const url = parseUrl(a.getAttribute('href'), pageUrl);
      const match = url ? VIDEO_PATH.exec(url.pathname) : null;
      if (url && match && (!handle || handle === `@${match[1]}`)) {
        video = { postId: match[3], permalink: `${url.origin}/@${match[1]}/${match[2]}/${match[3]}`, author: `@${match[1]}` };
        break;
      }
    }
  }
  return compact<PostFields>({
    platform: 'tiktok',
    kind: 'post',
    author: compact<PostAuthor>({
      displayName: hasDate ? textOf(parts[0]) : textOf(nickname),
      handle,
      profileUrl: profile.profileUrl ?? (handle ? absoluteUrl(`/${handle}`, pageUrl) : undefined),
    }),
    postId: video?.postId,
    permalink: video?.permalink,
    postedAt: compact({ displayed: hasDate ? textOf(parts[parts.length - 1]) : undefined }),
    text: textOf(description),
    mediaUrls: videoNear(block, pageUrl),
  });
}

/** TikTok video descriptions, comments and replies. */
export const tiktok: SiteAdapter = {
  id: 'tiktok',
  name: 'TikTok',

  matches(url) {
    return hostIs(url, 'tiktok.com');
  },

  findPost(target) {
    try {
      return commentItemOf(target) ?? videoBlockOf(target);
    } catch {
      return null;
    }
  },

  extract(post, pageUrl) {
    try {
      if (safeQuery(post, DESCRIPTION)) return extractVideo(post, pageUrl);
      const texts = safeQueryAll(post, COMMENT_TEXT, 2);
      if (texts.length === 1 && safeQuery(post, '[data-e2e^="comment-username-"]')) {
        return extractComment(post, texts[0], pageUrl);
      }
      return null;
    } catch {
      return null;
    }
  },
};
