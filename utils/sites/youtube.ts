/**
 * YouTube comments and replies (watch pages and Shorts).
 *
 * Markup read (www.youtube.com, 2025–2026): a comment thread is `ytd-comment-thread-renderer`;
 * each comment, top-level or reply, is a `ytd-comment-view-model` (older pages:
 * `ytd-comment-renderer`) with `#author-text` (a link to `/@handle` or `/channel/UC…`),
 * `#published-time-text a` (a link carrying the comment id in `lc=`; a reply's id is
 * `<parent id>.<reply id>`) and `#content-text` (text rendered with `white-space: pre-wrap`).
 * Replies sit in the thread's `ytd-comment-replies-renderer`.
 */
import { absoluteUrl, compact, hostIs, parseUrl, safeClosest, safeQuery, safeQueryAll, textOf } from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const COMMENT = 'ytd-comment-view-model, ytd-comment-renderer';
const CHANNEL_PATH = /^\/channel\/(UC[A-Za-z0-9_-]{10,40})\/?$/;

/** The first element matching `selector` inside `comment` that does not belong to a nested comment. */
function own(comment: Element, selector: string): Element | undefined {
  return safeQueryAll(comment, selector, 20).find((el) => safeClosest(el, COMMENT) === comment);
}

function readAuthor(comment: Element, pageUrl: URL): PostAuthor | undefined {
  const link = own(comment, 'a#author-text, #author-text a, #author-text');
  if (!link) return undefined;
  const href = link.getAttribute('href') ?? safeQuery(link, 'a[href]')?.getAttribute('href');
  const url = parseUrl(href, pageUrl);
  const shown = textOf(link);
  return compact<PostAuthor>({
    displayName: shown && !shown.startsWith('@') ? shown : undefined,
    handle: shown?.startsWith('@') ? shown : undefined,
    accountId: url ? CHANNEL_PATH.exec(url.pathname)?.[1] : undefined,
    profileUrl: url?.href,
  });
}

/** The video a comment link points at: `/watch?v=ID` or `/shorts/ID`. */
function videoOf(url: URL): { id: string; permalink: string } | undefined {
  const id = url.searchParams.get('v') ?? /^\/shorts\/([A-Za-z0-9_-]{6,20})/.exec(url.pathname)?.[1];
  if (!id) return undefined;
  const permalink = url.pathname.startsWith('/shorts/')
    ? `${url.origin}/shorts/${id}`
    : `${url.origin}/watch?v=${encodeURIComponent(id)}`;
  return { id, permalink };
}

/** YouTube comments and replies. */
export const youtube: SiteAdapter = {
  id: 'youtube',
  name: 'YouTube',

  matches(url) {
    return hostIs(url, 'youtube.com') && !hostIs(url, 'music.youtube.com');
  },

  findPost(target) {
    return safeClosest(target, COMMENT);
  },

  extract(post, pageUrl) {
    try {
      if (!safeClosest(post, COMMENT) || safeClosest(post, COMMENT) !== post) return null;
      const timeLink = own(post, '#published-time-text a[href], a#published-time-text[href]');
      const content = own(post, '#content-text');
      const author = readAuthor(post, pageUrl);
      if (!timeLink && !content && !author) return null;
      const linkUrl = parseUrl(timeLink?.getAttribute('href'), pageUrl);
      const commentId = linkUrl?.searchParams.get('lc') ?? undefined;
      const video = linkUrl ? videoOf(linkUrl) : undefined;
      const parentId = commentId && commentId.includes('.') ? commentId.slice(0, commentId.indexOf('.')) : undefined;
      let inReplyTo: PostFields['inReplyTo'];
      if (parentId && linkUrl) {
        const thread = safeClosest(post, 'ytd-comment-thread-renderer');
        const parent = safeQueryAll(thread, COMMENT, 5).find((el) => el !== post && !el.contains(post));
        const parentAuthor = parent ? readAuthor(parent, pageUrl) : undefined;
        const parentLink = new URL(linkUrl.href);
        parentLink.searchParams.set('lc', parentId);
        inReplyTo = compact({
          postId: parentId,
          permalink: parentLink.href,
          author: parentAuthor?.handle ?? parentAuthor?.displayName,
        });
      } else if (video) {
        inReplyTo = { postId: video.id, permalink: video.permalink };
      }
      return compact<PostFields>({
        platform: 'youtube',
        kind: parentId ? 'reply' : 'comment',
        author,
        postId: commentId,
        permalink: absoluteUrl(linkUrl?.href, pageUrl),
        postedAt: compact({ displayed: textOf(timeLink) }),
        text: textOf(content, { preserveNewlines: true }),
        inReplyTo,
      });
    } catch {
      return null;
    }
  },
};
