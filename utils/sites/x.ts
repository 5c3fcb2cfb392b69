/**
 * X (Twitter): tweets in the timeline, in a conversation and on their own page.
 *
 * Markup read (x.com, 2025–2026): each tweet is `article[data-testid="tweet"]`; the author block
 * is `[data-testid="User-Name"]` with the display name link, the `@handle` link and the status
 * link `a[href*="/status/"]` around `time[datetime]`; the text is `[data-testid="tweetText"]`;
 * photos are `[data-testid="tweetPhoto"] img`, videos `[data-testid="videoPlayer"] video`. A
 * quoted tweet sits inside the quoting one in a `div[role="link"]` (sometimes an inner article):
 * everything inside it is left out. A reply shows "Replying to @handle" as a link to the profile.
 * The numeric account id is read from a follow button (`data-testid="<id>-follow"`) when the
 * tweet shows one (the focused tweet of a conversation does).
 */
import {
  absoluteUrl,
  compact,
  hostIs,
  insideWithin,
  isoDateTime,
  mediaUrlsIn,
  outermost,
  parseUrl,
  safeQuery,
  safeQueryAll,
  textOf,
} from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const TWEET = 'article[data-testid="tweet"]';
/** What belongs to a quoted tweet rather than to the tweet itself. */
const QUOTED = `div[role="link"], ${TWEET}`;
/** A profile path: `/marta_r` (no second segment). */
const PROFILE_PATH = /^\/([A-Za-z0-9_]{1,50})\/?$/;
const STATUS_PATH = /^\/([A-Za-z0-9_]{1,50})\/status\/(\d{1,25})/;
const HANDLE_TEXT = /^@[A-Za-z0-9_]{1,50}$/;

function own(post: Element, selector: string, limit = 50): Element[] {
  return safeQueryAll(post, selector, limit).filter((el) => !insideWithin(el, post, QUOTED));
}

function readAuthor(post: Element, userName: Element | undefined, pageUrl: URL): PostAuthor | undefined {
  if (!userName) return undefined;
  const profileLinks = safeQueryAll(userName, 'a[href]', 10).filter((a) => {
    const url = parseUrl(a.getAttribute('href'), pageUrl);
    return url !== undefined && PROFILE_PATH.test(url.pathname);
  });
  const nameLink = profileLinks[0];
  const handleLink = profileLinks.slice(1).find((a) => HANDLE_TEXT.test(textOf(a) ?? ''));
  const handleSpan = handleLink
    ? undefined
    : safeQueryAll(userName, 'span', 30).find((span) => HANDLE_TEXT.test(textOf(span) ?? ''));
  const follow = own(post, '[data-testid$="-follow"], [data-testid$="-unfollow"]', 5)
    .map((el) => /^(\d{1,25})-(?:un)?follow$/.exec(el.getAttribute('data-testid') ?? '')?.[1])
    .find((id) => id !== undefined);
  return compact<PostAuthor>({
    displayName: textOf(nameLink),
    handle: textOf(handleLink) ?? textOf(handleSpan),
    accountId: follow,
    profileUrl: absoluteUrl(nameLink?.getAttribute('href'), pageUrl),
  });
}

function readStatusLink(post: Element, pageUrl: URL): { link: Element; url: URL; match: RegExpExecArray } | undefined {
  for (const link of own(post, 'a[href*="/status/"]', 40)) {
    if (!safeQuery(link, 'time')) continue;
    const url = parseUrl(link.getAttribute('href'), pageUrl);
    const match = url ? STATUS_PATH.exec(url.pathname) : null;
    if (url && match) return { link, url, match };
  }
  return undefined;
}

/** The first "Replying to @handle" link: a link to a profile whose text is a handle, outside the author block. */
function readReplyingTo(post: Element, pageUrl: URL): string | undefined {
  for (const link of own(post, 'a[href]', 80)) {
    if (insideWithin(link, post, '[data-testid="User-Name"], [data-testid="tweetText"], [data-testid="socialContext"]')) continue;
    const url = parseUrl(link.getAttribute('href'), pageUrl);
    const text = textOf(link);
    if (url && PROFILE_PATH.test(url.pathname) && text && HANDLE_TEXT.test(text)) return text;
  }
  return undefined;
}

/** X (Twitter) tweets. */
export const x: SiteAdapter = {
  id: 'x',
  name: 'X (Twitter)',

  matches(url) {
    return hostIs(url, 'x.com', 'twitter.com');
  },

  findPost(target) {
    try {
      return outermost(target, TWEET);
    } catch {
      return null;
    }
  },

  extract(post, pageUrl) {
    try {
      if (!post.matches(TWEET)) return null;
      const userName = own(post, '[data-testid="User-Name"]', 5)[0];
      const status = readStatusLink(post, pageUrl);
      const textElement = own(post, '[data-testid="tweetText"]', 5)[0];
      if (!userName && !status && !textElement) return null;
      const time = safeQuery(status?.link, 'time');
      const replyingTo = readReplyingTo(post, pageUrl);
      const fields: PostFields = {
        platform: 'x',
        kind: replyingTo ? 'reply' : 'post',
        author: readAuthor(post, userName, pageUrl),
        postId: status?.match[2],
        permalink: status ? `${status.url.origin}/${status.match[1]}/status/${status.match[2]}` : undefined,
        postedAt: compact({ iso: isoDateTime(time?.getAttribute('datetime')), displayed: textOf(time) }),
        text: textOf(textElement, { preserveNewlines: true }),
        mediaUrls: mediaUrlsIn(
          post,
          '[data-testid="tweetPhoto"] img, [data-testid="videoPlayer"] video',
          pageUrl,
          (el) => insideWithin(el, post, QUOTED),
        ),
        inReplyTo: replyingTo ? { author: replyingTo } : undefined,
      };
      return compact(fields);
    } catch {
      return null;
    }
  },
};
