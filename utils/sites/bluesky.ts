/**
 * Bluesky web app (bsky.app, React Native Web): feed items (`data-testid="feedItem-by-<handle>"`)
 * and thread items (`postThreadItem-by-<handle>`). The markup has no class names worth trusting,
 * so the adapter reads structure: the post's own link `/profile/<handle>/post/<rkey>` carries the
 * id and the relative time; the author's links before it carry the name and handle; a profile
 * link after it and before the content is the "Replied to …" line. The account's DID is read
 * from its avatar URL (`cdn.bsky.app/img/avatar…/plain/<did>/…`). The full date is only in the
 * time link's tooltip, which `PostTime` has no field for, so `postedAt.iso` stays empty.
 */
import {
  absoluteUrl,
  attempt,
  belongsTo,
  safeClosest,
  compact,
  queryAllOwn,
  queryOwn,
  attrOf,
  readLine,
  readText,
  uniqueUrls,
} from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const ITEM = '[data-testid^="feedItem-by-"], [data-testid^="postThreadItem-by-"]';
/** Inside an item but not the item's own: a quoted post, another item. */
const NESTED = `${ITEM}, [data-testid="quotePost"]`;
const POST_PATH = /^\/profile\/([^/]+)\/post\/([A-Za-z0-9._~:-]{1,64})\/?$/;
const PROFILE_PATH = /^\/profile\/([^/]+)\/?$/;
const DID_IN_URL = /\/(did:(?:plc:[a-z2-7]{8,64}|web:[A-Za-z0-9.%-]{1,253}))(?:\/|$)/;

function handleOf(item: Element): string | undefined {
  const testId = attrOf(item, 'data-testid');
  return testId?.replace(/^(feedItem|postThreadItem)-by-/, '') || undefined;
}

function pathOf(href: string | undefined, base: URL): string | undefined {
  const absolute = absoluteUrl(href, base);
  if (!absolute) return undefined;
  const url = new URL(absolute);
  return url.host === base.host || url.hostname === 'bsky.app' ? safeDecode(url.pathname) : undefined;
}

function safeDecode(path: string): string {
  return attempt(() => decodeURIComponent(path)) ?? path;
}

/** True when `a` comes before `b` in the page and is not inside it. */
function precedes(a: Element, b: Element): boolean {
  return (a.compareDocumentPosition(b) & 4) !== 0 && !b.contains(a);
}

function isAuthorProfile(segment: string, handle: string, did: string | undefined): boolean {
  return segment === handle || (did !== undefined && segment === did);
}

function extractItem(item: Element, pageUrl: URL): PostFields | null {
  const handle = handleOf(item);
  if (!handle) return null;
  const content = queryOwn(item, '[data-testid="contentHider-post"]', NESTED) ?? queryOwn(item, '[data-testid="postText"]', NESTED);
  const author: PostAuthor = {};
  let postId: string | undefined;
  let permalink: string | undefined;
  let displayedTime: string | undefined;
  let repliedTo: string | undefined;

  for (const link of queryAllOwn(item, 'a[href]', NESTED)) {
    if (content && !precedes(link, content)) break;
    const path = pathOf(attrOf(link, 'href'), pageUrl);
    if (!path) continue;
    const post = path.match(POST_PATH);
    if (post && !permalink && isAuthorProfile(post[1], handle, author.accountId)) {
      postId = post[2];
      permalink = absoluteUrl(attrOf(link, 'href'), pageUrl);
      displayedTime = readLine(link)?.replace(/^[·•\s]+/u, '') || undefined;
      continue;
    }
    const profile = path.match(PROFILE_PATH);
    if (!profile) continue;
    if (!permalink && isAuthorProfile(profile[1], handle, author.accountId)) {
      author.profileUrl ??= absoluteUrl(attrOf(link, 'href'), pageUrl);
      const avatar = link.querySelector('[data-testid="userAvatarImage"] img[src], img[src]');
      const did = attrOf(avatar, 'src')?.match(DID_IN_URL)?.[1] ?? profile[1].match(/^did:[a-z]+:.+$/)?.[0];
      if (did) author.accountId ??= did;
      const text = readLine(link);
      if (!text) continue;
      if (text.startsWith('@')) author.handle ??= text;
      else author.displayName ??= text;
    } else if (permalink && !repliedTo) {
      repliedTo = readLine(link);
    }
  }

  if (!permalink) {
    // The focused post of a thread page has no link to itself: the page is its permalink.
    const page = safeDecode(pageUrl.pathname).match(POST_PATH);
    const onlyPostOfPage = attrOf(item, 'data-testid')?.startsWith('postThreadItem-by-') && page && page[1] === handle;
    if (!onlyPostOfPage || !page) return null;
    postId = page[2];
    permalink = `${pageUrl.origin}${pageUrl.pathname}`;
  }

  const images = queryAllOwn(item, 'img[src*="/img/feed_thumbnail/"], img[src*="/img/feed_fullsize/"], video[src], video[poster]', NESTED)
    // Images inside a link are an external link card's preview, not the post's own media.
    .filter((media) => belongsTo(media, item, 'a[href]'))
    .map((media) => absoluteUrl(attrOf(media, 'src') ?? attrOf(media, 'poster'), pageUrl));

  return {
    platform: 'bluesky',
    kind: repliedTo ? 'reply' : 'post',
    author: compact(author) ?? { handle: `@${handle}` },
    postId,
    permalink,
    postedAt: compact({ displayed: displayedTime }),
    text: readText(queryOwn(item, '[data-testid="postText"]', NESTED), { keepLineBreaks: true }),
    mediaUrls: uniqueUrls(images),
    inReplyTo: repliedTo ? { author: repliedTo } : undefined,
  };
}

export const bluesky: SiteAdapter = {
  id: 'bluesky',
  name: 'Bluesky',
  matches(url: URL): boolean {
    return url.hostname === 'bsky.app' || url.hostname === 'staging.bsky.app';
  },
  findPost(target: Element): Element | null {
    return safeClosest(target, ITEM);
  },
  extract(post: Element, pageUrl: URL): PostFields | null {
    return attempt(() => (safeClosest(post, ITEM) === post ? extractItem(post, pageUrl) : null)) ?? null;
  },
};
