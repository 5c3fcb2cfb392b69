/**
 * Threads (threads.com, formerly threads.net): posts and replies.
 *
 * Markup read (2025–2026): each post is a `div[data-pressable-container="true"]` (Threads uses no
 * `<article>`); the author is a link to `/@username`, the time a `time[datetime]` inside the
 * post's link `/@username/post/<code>`, the text one or more `span[dir="auto"]` outside links and
 * buttons, photos `picture img` (avatars are bare `img`) and videos `video`. A quoted post is a
 * pressable container nested in the quoting one: it is left out of the quoting post, and pointing
 * at it captures it alone. The page does not mark which post a reply answers, so `inReplyTo`
 * stays empty (the screenshot shows the thread).
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

const POST = '[data-pressable-container="true"]';
const PROFILE_PATH = /^\/@([A-Za-z0-9._]{1,40})\/?$/;
const POST_PATH = /^\/@([A-Za-z0-9._]{1,40})\/post\/([A-Za-z0-9_-]{5,40})/;

/** Elements of `post` matching `selector` that are not inside a post it quotes. */
function own(post: Element, selector: string, limit = 60): Element[] {
  return safeQueryAll(post, selector, limit).filter((el) => !insideWithin(el, post, POST));
}

/** Threads posts and replies. */
export const threads: SiteAdapter = {
  id: 'threads',
  name: 'Threads',

  matches(url) {
    return hostIs(url, 'threads.com', 'threads.net');
  },

  findPost(target) {
    // the innermost container: pointing at a quoted post captures that post
    return safeClosest(target, POST);
  },

  extract(post, pageUrl) {
    try {
      if (!post.matches(POST)) return null;
      let postLink: { url: URL; match: RegExpExecArray; time: Element | null } | undefined;
      for (const link of own(post, 'a[href*="/post/"]', 20)) {
        const url = parseUrl(link.getAttribute('href'), pageUrl);
        const match = url ? POST_PATH.exec(url.pathname) : null;
        const time = safeQuery(link, 'time');
        if (url && match && time) {
          postLink = { url, match, time };
          break;
        }
      }
      const authorLink = own(post, 'a[href^="/@"], a[href*="threads.com/@"], a[href*="threads.net/@"]', 20).find((a) => {
        const url = parseUrl(a.getAttribute('href'), pageUrl);
        return url !== undefined && PROFILE_PATH.test(url.pathname) && textOf(a) !== undefined;
      });
      const textParts = own(post, 'span[dir="auto"]', 40)
        .filter((span) => !insideWithin(span, post, 'a, [role="button"], time'))
        .filter((span, _, all) => !all.some((other) => other !== span && other.contains(span)))
        .map((span) => textOf(span))
        .filter((part): part is string => part !== undefined);
      if (!postLink && !authorLink && textParts.length === 0) return null;
      const authorUrl = parseUrl(authorLink?.getAttribute('href'), pageUrl);
      const username = authorUrl ? PROFILE_PATH.exec(authorUrl.pathname)?.[1] : undefined;
      return compact<PostFields>({
        platform: 'threads',
        kind: 'post',
        author: compact<PostAuthor>({
          handle: username ? `@${username}` : undefined,
          profileUrl: username && authorUrl ? `${authorUrl.origin}/@${username}` : undefined,
        }),
        postId: postLink?.match[2],
        permalink: postLink ? `${postLink.url.origin}/@${postLink.match[1]}/post/${postLink.match[2]}` : undefined,
        postedAt: compact({
          iso: isoDateTime(postLink?.time?.getAttribute('datetime')),
          displayed: textOf(postLink?.time),
        }),
        text: textParts.join('\n') || undefined,
        mediaUrls: mediaUrlsIn(post, 'picture img, video', pageUrl, (el) => insideWithin(el, post, POST)),
      });
    } catch {
      return null;
    }
  },
};
