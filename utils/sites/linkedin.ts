/**
 * LinkedIn: feed posts (`data-urn="urn:li:activity:…"`) and their comments and replies
 * (`article.comments-comment-entity[data-id="urn:li:comment:(activity:…,…)"]`, replies nested in
 * the comment they answer). LinkedIn shows relative times only ("2h", "1w"), so `postedAt.iso` is
 * left empty.
 */
import {
  absoluteUrl,
  attempt,
  safeClosest,
  queryOwn,
  queryAllOwn,
  attrOf,
  readLine,
  readText,
  compact,
  uniqueUrls,
} from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const POST = '[data-urn^="urn:li:activity:"], [data-urn^="urn:li:ugcPost:"], [data-id^="urn:li:activity:"]';
const COMMENT = 'article.comments-comment-entity[data-id^="urn:li:comment:"], article[data-id^="urn:li:comment:"]';
/** What lies inside a post element but is not the post itself: its comments, a reshared post. */
const NOT_THE_POST = `${COMMENT}, .comments-comments-list, .update-components-mini-update-v2, .feed-shared-update-v2__update-content-wrapper, .update-components-header`;

const ACTIVITY_URN = /^urn:li:(activity|ugcPost):\d+$/;
const COMMENT_URN = /^urn:li:comment:\((activity|ugcPost):(\d+),(\d+)\)$/;

/** The member id LinkedIn puts in profile links (`?miniProfileUrn=urn:li:fs_miniProfile:ACoAA…` or `/in/ACoAA…`). */
function memberIdFromProfileLink(href: string | undefined, base: URL): string | undefined {
  if (!href) return undefined;
  const url = attempt(() => new URL(href, base));
  if (!url) return undefined;
  const urn = url.searchParams.get('miniProfileUrn') ?? url.searchParams.get('profileUrn');
  const fromUrn = urn?.match(/^urn:li:fsd?_(?:miniProfile|profile):([A-Za-z0-9_-]+)$/)?.[1];
  if (fromUrn) return fromUrn;
  return url.pathname.match(/^\/in\/(ACo[A-Za-z0-9_-]{10,})\/?$/)?.[1];
}

/** The profile URL without LinkedIn's tracking query, e.g. `https://www.linkedin.com/in/marta-ruiz/`. */
function profileUrl(href: string | undefined, base: URL): string | undefined {
  const absolute = absoluteUrl(href, base);
  if (!absolute) return undefined;
  const url = new URL(absolute);
  if (!/^\/(in|company|school|showcase)\/[^/]+/.test(url.pathname)) return undefined;
  url.search = '';
  url.hash = '';
  return url.href;
}

/** "2h • Edited • " as shown, without the trailing separator. */
function displayedTime(element: Element | null): string | undefined {
  const shown = readLine(element, { exclude: '.visually-hidden, svg, li-icon' });
  return shown?.replace(/[\s•·]+$/u, '') || undefined;
}

function postPermalink(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

function postAuthor(post: Element, base: URL): PostAuthor | undefined {
  const actor = queryOwn(post, '.update-components-actor, .feed-shared-actor', NOT_THE_POST);
  if (!actor) return undefined;
  const title = actor.querySelector('.update-components-actor__title, .update-components-actor__name, .feed-shared-actor__name');
  const displayName = readLine(title?.querySelector('span[aria-hidden="true"]') ?? null) ?? readLine(title, { exclude: '.visually-hidden, .update-components-actor__supplementary-actor-info' });
  const link = actor.querySelector('a.update-components-actor__meta-link, a.update-components-actor__image, a.update-components-actor__container-link, a[href*="/in/"], a[href*="/company/"]');
  const href = attrOf(link, 'href');
  return compact<PostAuthor>({
    displayName,
    accountId: memberIdFromProfileLink(href, base),
    profileUrl: profileUrl(href, base),
  });
}

function extractPost(post: Element, base: URL): PostFields | null {
  const urn = attrOf(post, 'data-urn') ?? attrOf(post, 'data-id');
  if (!urn || !ACTIVITY_URN.test(urn)) return null;
  const actor = queryOwn(post, '.update-components-actor, .feed-shared-actor', NOT_THE_POST);
  const textBox = queryOwn(post, '.update-components-text, .feed-shared-text', NOT_THE_POST);
  const media = queryAllOwn(post, '.update-components-image img, .update-components-linkedin-video video, img.update-components-image__image, video', NOT_THE_POST);
  const subDescription = actor?.querySelector('.update-components-actor__sub-description, .feed-shared-actor__sub-description') ?? null;
  return {
    platform: 'linkedin',
    kind: 'post',
    author: postAuthor(post, base),
    postId: urn,
    permalink: postPermalink(urn),
    postedAt: compact({ displayed: displayedTime(subDescription?.querySelector('span[aria-hidden="true"]') ?? subDescription) }),
    text: readText(textBox, { exclude: 'button, .visually-hidden' }),
    mediaUrls: uniqueUrls(media.map((m) => absoluteUrl(attrOf(m, 'src'), base))),
  };
}

function commentAuthor(comment: Element, base: URL): PostAuthor | undefined {
  const title = queryOwn(comment, '.comments-comment-meta__description-title, .comments-post-meta__name-text', COMMENT);
  const link = queryOwn(comment, 'a.comments-comment-meta__description-container, a.comments-comment-meta__image-link, a.comments-post-meta__actor-link', COMMENT);
  const href = attrOf(link, 'href');
  return compact<PostAuthor>({
    displayName: readLine(title, { exclude: '.visually-hidden' }),
    accountId: memberIdFromProfileLink(href, base),
    profileUrl: profileUrl(href, base),
  });
}

function commentPermalink(commentUrn: string): string | undefined {
  const match = commentUrn.match(COMMENT_URN);
  if (!match) return undefined;
  return `${postPermalink(`urn:li:${match[1]}:${match[2]}`)}?commentUrn=${encodeURIComponent(commentUrn)}`;
}

function extractComment(comment: Element, base: URL): PostFields | null {
  const urn = attrOf(comment, 'data-id');
  const match = urn?.match(COMMENT_URN);
  if (!urn || !match) return null;
  const parentComment = comment.parentElement ? safeClosest(comment.parentElement, COMMENT) : null;
  const time = queryOwn(comment, 'time.comments-comment-meta__data, .comments-comment-meta__data time, time', COMMENT);
  const body = queryOwn(comment, '.comments-comment-item__main-content, .comments-comment-item-content-body', COMMENT);
  const media = queryAllOwn(comment, '.comments-comment-item__inline-image img, .comments-comment-item-content-body img, .update-components-image img', COMMENT);

  let inReplyTo: PostFields['inReplyTo'];
  if (parentComment) {
    const parentUrn = attrOf(parentComment, 'data-id');
    inReplyTo = compact({
      postId: parentUrn,
      permalink: parentUrn ? commentPermalink(parentUrn) : undefined,
      author: commentAuthor(parentComment, base)?.displayName,
    });
  } else {
    const postUrn = `urn:li:${match[1]}:${match[2]}`;
    const post = safeClosest(comment, POST);
    const postIsShown = post && (attrOf(post, 'data-urn') ?? attrOf(post, 'data-id')) === postUrn;
    inReplyTo = compact({
      postId: postUrn,
      permalink: postPermalink(postUrn),
      author: postIsShown ? postAuthor(post, base)?.displayName : undefined,
    });
  }

  return {
    platform: 'linkedin',
    kind: parentComment || comment.classList.contains('comments-comment-entity--reply') ? 'reply' : 'comment',
    author: commentAuthor(comment, base),
    postId: urn,
    permalink: commentPermalink(urn),
    postedAt: compact({ displayed: displayedTime(time) }),
    text: readText(body, { exclude: 'button, .visually-hidden' }),
    mediaUrls: uniqueUrls(media.map((m) => absoluteUrl(attrOf(m, 'src'), base))),
    inReplyTo,
  };
}

export const linkedin: SiteAdapter = {
  id: 'linkedin',
  name: 'LinkedIn',
  matches(url: URL): boolean {
    return url.hostname === 'linkedin.com' || url.hostname.endsWith('.linkedin.com');
  },
  findPost(target: Element): Element | null {
    return safeClosest(target, `${COMMENT}, ${POST}`);
  },
  extract(post: Element, pageUrl: URL): PostFields | null {
    return (
      attempt(() => {
        if (safeClosest(post, COMMENT) === post) return extractComment(post, pageUrl);
        if (safeClosest(post, POST) === post) return extractPost(post, pageUrl);
        return null;
      }) ?? null
    );
  },
};
