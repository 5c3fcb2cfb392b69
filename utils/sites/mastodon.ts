/**
 * Mastodon web UI (4.x): timeline and thread statuses (`.status[data-id]`, with a quoted post
 * nested as its own `.status`) and the focused status of a thread (`.detailed-status`). Any
 * instance has the same markup, but `matches` only sees the URL: it knows the large instances by
 * name; other instances fall to the generic adapter until the registry detects markup.
 */
import {
  absoluteUrl,
  attempt,
  safeClosest,
  isoFromDatetime,
  matchesSafe,
  compact,
  queryAllOwn,
  queryOwn,
  attrOf,
  readLine,
  readText,
  uniqueUrls,
} from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

/** Well-known Mastodon instances (Mastodon's own and the largest general/topic servers). */
export const MASTODON_HOSTS: readonly string[] = [
  'mastodon.social',
  'mastodon.online',
  'mstdn.social',
  'mas.to',
  'mastodon.world',
  'infosec.exchange',
  'fosstodon.org',
  'hachyderm.io',
  'mastodon.art',
  'mastodon.scot',
  'mastodon.ie',
  'techhub.social',
  'universeodon.com',
  'troet.cafe',
  'chaos.social',
  'mstdn.jp',
];

const STATUS = '.status[data-id], .detailed-status';
const TEXT_EXCLUDE = 'button, .invisible, .status__content__spoiler-link, .translate-button, .status__content__read-more-button';
const STATUS_ID = /^\d{1,24}$/;

function author(status: Element, base: URL): PostAuthor | undefined {
  const link = queryOwn(status, 'a.status__display-name, a.detailed-status__display-name', STATUS);
  if (!link) return undefined;
  return compact<PostAuthor>({
    displayName: readLine(link.querySelector('.display-name__html')),
    handle: readLine(link.querySelector('.display-name__account')),
    accountId: attrOf(link, 'data-hover-card-account') ?? attrOf(link, 'data-id'),
    profileUrl: absoluteUrl(attrOf(link, 'href'), base),
  });
}

/** "Replied to Marta" above a timeline status: the `.status__prepend` with the reply icon, just outside it. */
function repliedTo(status: Element, base: URL): PostFields['inReplyTo'] {
  const wrapper = status.parentElement;
  if (!wrapper || !matchesSafe(wrapper, '.status__wrapper')) return undefined;
  const prepend = Array.from(wrapper.children).find((child) => matchesSafe(child, '.status__prepend'));
  if (!prepend || !prepend.querySelector('.icon-reply')) return undefined;
  const link = prepend.querySelector('a[data-hover-card-account], a[href^="/@"]');
  if (!link) return undefined;
  return compact({ author: readLine(link) ?? attrOf(link, 'title') });
}

function mediaUrls(status: Element, base: URL): string[] | undefined {
  const urls: Array<string | undefined> = [];
  for (const item of queryAllOwn(status, '.media-gallery__item, .video-player, .audio-player, .media-gallery__item-thumbnail', STATUS)) {
    const link = matchesSafe(item, 'a[href]') ? item : item.querySelector('a.media-gallery__item-thumbnail[href]');
    const media = item.querySelector('video[src], audio[src], img[src]');
    urls.push(absoluteUrl(attrOf(link, 'href') ?? attrOf(media, 'src'), base));
  }
  return uniqueUrls(urls);
}

function extractStatus(status: Element, base: URL): PostFields | null {
  const postId = attrOf(status, 'data-id');
  if (!postId || !STATUS_ID.test(postId)) return null;
  const timeLink = queryOwn(status, 'a.status__relative-time', STATUS);
  const time = timeLink?.querySelector('time') ?? null;
  return {
    platform: 'mastodon',
    kind: status.classList.contains('status-reply') ? 'reply' : 'post',
    author: author(status, base),
    postId,
    permalink: absoluteUrl(attrOf(timeLink, 'href'), base),
    postedAt: compact({ iso: isoFromDatetime(attrOf(time, 'datetime')), displayed: readLine(time) }),
    text: readText(queryOwn(status, '.status__content__text', STATUS), { exclude: TEXT_EXCLUDE }),
    mediaUrls: mediaUrls(status, base),
    inReplyTo: repliedTo(status, base),
  };
}

/** The focused status of a thread page: its id is only in the date link (`/@acct/<id>`). */
function extractDetailed(status: Element, base: URL): PostFields | null {
  const dateLink = queryOwn(status, 'a.detailed-status__datetime', STATUS);
  const permalink = absoluteUrl(attrOf(dateLink, 'href'), base);
  const postId = permalink ? new URL(permalink).pathname.match(/^\/@[^/]+\/(\d{1,24})\/?$/)?.[1] : undefined;
  if (!postId) return null;
  return {
    platform: 'mastodon',
    kind: 'post',
    author: author(status, base),
    postId,
    permalink,
    postedAt: compact({ displayed: readLine(dateLink) }),
    text: readText(queryOwn(status, '.status__content__text', STATUS), { exclude: TEXT_EXCLUDE }),
    mediaUrls: mediaUrls(status, base),
  };
}

export const mastodon: SiteAdapter = {
  id: 'mastodon',
  name: 'Mastodon',
  matches(url: URL): boolean {
    return MASTODON_HOSTS.includes(url.hostname.toLowerCase());
  },
  findPost(target: Element): Element | null {
    return safeClosest(target, STATUS);
  },
  extract(post: Element, pageUrl: URL): PostFields | null {
    return (
      attempt(() => {
        if (matchesSafe(post, '.status[data-id]')) return extractStatus(post, pageUrl);
        if (matchesSafe(post, '.detailed-status')) return extractDetailed(post, pageUrl);
        return null;
      }) ?? null
    );
  },
};
