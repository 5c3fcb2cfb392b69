/**
 * Reddit (the current "shreddit" site): posts and comments.
 *
 * Markup read (www.reddit.com, 2025–2026): a post is a `<shreddit-post>` element whose attributes
 * carry its facts (`id` = `t3_…`, `author`, `author-id` = `t2_…`, `permalink`,
 * `created-timestamp`, `post-title`, `post-type`, `content-href`); its body is the
 * `[slot="text-body"]` child and its time `faceplate-timeago > time[datetime]`. A comment is a
 * `<shreddit-comment>` element (`thingid` = `t1_…`, `author`, `permalink`, `parentid`, `postid`,
 * `depth`, `created`) with its own `[slot="commentMeta"]` and `[slot="comment"]` children; its
 * replies are nested `<shreddit-comment>` children, which are left out of its text.
 */
import {
  absoluteUrl,
  attrOf,
  compact,
  hostIs,
  insideWithin,
  isoDateTime,
  mediaUrlsIn,
  oneLine,
  safeClosest,
  safeQuery,
  textOf,
} from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const POST = 'shreddit-post';
const COMMENT = 'shreddit-comment';

/** The direct children of `element` carrying `slot="<name>"` (a comment's own parts, not its replies'). */
function ownSlot(element: Element, name: string): Element | undefined {
  const children = element.children;
  for (let i = 0; i < children.length && i < 200; i += 1) {
    if (children[i].getAttribute('slot') === name) return children[i];
  }
  return undefined;
}

function readAuthor(element: Element, meta: Element | undefined, pageUrl: URL): PostAuthor | undefined {
  const name = attrOf(element, 'author');
  if (!name) return undefined;
  if (/^\[.*\]$/.test(name)) return { displayName: name }; // "[deleted]", "[removed]"
  const link = safeQuery(meta ?? element, 'a[href*="/user/"]');
  const inMeta = meta ? safeQuery(meta, '[userid^="t2_"], [author-id^="t2_"]') : null;
  return compact<PostAuthor>({
    handle: `u/${name}`,
    accountId: attrOf(element, 'author-id') ?? attrOf(inMeta, 'userid', 'author-id'),
    profileUrl:
      absoluteUrl(link?.getAttribute('href'), pageUrl) ?? absoluteUrl(`/user/${encodeURIComponent(name)}/`, pageUrl),
  });
}

function readTime(container: Element | undefined, element: Element, ...attributes: string[]) {
  const time = safeQuery(container, 'time[datetime]');
  const timeago = safeQuery(container, 'faceplate-timeago[ts]');
  return compact({
    iso:
      isoDateTime(time?.getAttribute('datetime')) ??
      isoDateTime(timeago?.getAttribute('ts')) ??
      isoDateTime(attrOf(element, ...attributes)),
    displayed: textOf(time) ?? textOf(timeago),
  });
}

function extractComment(comment: Element, pageUrl: URL): PostFields | null {
  const thingId = attrOf(comment, 'thingid');
  const meta = ownSlot(comment, 'commentMeta');
  const body = ownSlot(comment, 'comment');
  if (!thingId && !body) return null;
  const parentId = attrOf(comment, 'parentid');
  const postId = attrOf(comment, 'postid');
  const depth = Number(attrOf(comment, 'depth') ?? '0');
  const isReply = (parentId?.startsWith('t1_') ?? false) || depth > 0;
  let inReplyTo: PostFields['inReplyTo'];
  if (parentId?.startsWith('t1_')) {
    const parent = safeClosest(comment.parentElement, COMMENT);
    const same = parent && attrOf(parent, 'thingid') === parentId ? parent : null;
    inReplyTo = compact({
      postId: parentId,
      permalink: absoluteUrl(attrOf(same, 'permalink'), pageUrl),
      author: attrOf(same, 'author') ? `u/${attrOf(same, 'author')}` : undefined,
    });
  } else if (parentId ?? postId) {
    const id = (parentId ?? postId) as string;
    const post = comment.ownerDocument?.getElementById(id);
    const shown = post && post.localName === POST ? post : null;
    inReplyTo = compact({
      postId: id,
      permalink: absoluteUrl(attrOf(shown, 'permalink'), pageUrl),
      author: attrOf(shown, 'author') ? `u/${attrOf(shown, 'author')}` : undefined,
    });
  }
  return compact<PostFields>({
    platform: 'reddit',
    kind: isReply ? 'reply' : 'comment',
    author: readAuthor(comment, meta, pageUrl),
    postId: thingId,
    permalink: absoluteUrl(attrOf(comment, 'permalink'), pageUrl),
    postedAt: readTime(meta, comment, 'created', 'created-timestamp'),
    text: textOf(body),
    mediaUrls: body ? mediaUrlsIn(body, 'img, video', pageUrl) : undefined,
    inReplyTo,
  });
}

function extractPost(post: Element, pageUrl: URL): PostFields | null {
  const id = attrOf(post, 'id');
  const permalink = attrOf(post, 'permalink');
  if (!id?.startsWith('t3_') && !permalink) return null;
  const credit = safeQuery(post, '[slot="credit-bar"]') ?? undefined;
  const title = oneLine(attrOf(post, 'post-title')) ?? textOf(safeQuery(post, '[slot="title"]'));
  const body = textOf(safeQuery(post, '[slot="text-body"]'));
  const media = mediaUrlsIn(
    post,
    '[slot="post-media-container"] img, gallery-carousel img, shreddit-player, [slot="text-body"] img, img#post-image',
    pageUrl,
    (el) => insideWithin(el, post, '[slot="credit-bar"], [slot="authorName"], faceplate-hovercard'),
  );
  const postType = attrOf(post, 'post-type');
  const contentHref = postType === 'image' || postType === 'video' ? absoluteUrl(attrOf(post, 'content-href'), pageUrl) : undefined;
  if (contentHref && !media.includes(contentHref)) media.unshift(contentHref);
  return compact<PostFields>({
    platform: 'reddit',
    kind: 'post',
    author: readAuthor(post, credit, pageUrl),
    postId: id?.startsWith('t3_') ? id : undefined,
    permalink: absoluteUrl(permalink, pageUrl),
    postedAt: readTime(credit, post, 'created-timestamp'),
    text: [title, body].filter((part): part is string => part !== undefined).join('\n\n') || undefined,
    mediaUrls: media,
  });
}

/** Reddit posts and comments (www.reddit.com; old.reddit.com is not read). */
export const reddit: SiteAdapter = {
  id: 'reddit',
  name: 'Reddit',

  matches(url) {
    return hostIs(url, 'reddit.com') && !hostIs(url, 'old.reddit.com');
  },

  findPost(target) {
    return safeClosest(target, `${COMMENT}, ${POST}`);
  },

  extract(post, pageUrl) {
    try {
      const name = post.localName?.toLowerCase();
      if (name === COMMENT) return extractComment(post, pageUrl);
      if (name === POST) return extractPost(post, pageUrl);
      return null;
    } catch {
      return null;
    }
  },
};
