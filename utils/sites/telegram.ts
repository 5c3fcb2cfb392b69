/**
 * Telegram Web, both clients: Web K (`/k/`, `.bubble[data-mid][data-peer-id][data-timestamp]`,
 * the sender as `.name .peer-title[data-peer-id]`, replies as `.reply`) and Web A (`/a/`,
 * `.Message[data-message-id]`, `.message-title-name`, `.text-content`, replies as
 * `.EmbeddedMessage`). Web K gives the send time as epoch seconds; Web A only as displayed.
 * No permalink is built: `t.me` links need the chat's username or the server message id, and
 * Web K's `data-mid` is the client's own numbering.
 */
import {
  absoluteUrl,
  attempt,
  safeClosest,
  isoFromEpochSeconds,
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

const WEB_K_MESSAGE = '.bubble[data-mid]';
const WEB_A_MESSAGE = '.Message[data-message-id], .message-list-item[data-message-id]';
const MESSAGE = `${WEB_K_MESSAGE}, ${WEB_A_MESSAGE}`;
const MESSAGE_ID = /^\d{1,20}$/;
const PEER_ID = /^-?\d{1,20}$/;

/** Web K: the sender shown on the bubble, or in a one-to-one chat the other person, named in the chat header. */
function webKAuthor(bubble: Element): PostAuthor | undefined {
  const notTheSender = `${MESSAGE}, .reply, .bubble-name-forwarded`;
  const sender = queryOwn(bubble, '.name .peer-title[data-peer-id]', notTheSender) ?? queryOwn(bubble, '.name[data-peer-id]', notTheSender);
  if (sender) {
    return compact<PostAuthor>({ displayName: readLine(sender), accountId: attrOf(sender, 'data-peer-id')?.match(PEER_ID)?.[0] });
  }
  // Follow-up bubbles in a group chat show no name: the group's avatar beside them says who wrote them.
  const group = safeClosest(bubble, '.bubbles-group');
  const groupAvatar = group ? queryOwn(group, '.bubbles-group-avatar[data-peer-id]', MESSAGE) : null;
  const groupSender = attrOf(groupAvatar, 'data-peer-id')?.match(PEER_ID)?.[0];
  if (group && groupSender) {
    const named = attempt(() => group.querySelector(`.name .peer-title[data-peer-id="${groupSender}"]`));
    return compact<PostAuthor>({ displayName: readLine(named), accountId: groupSender });
  }
  const chatPeer = attrOf(bubble, 'data-peer-id');
  if (!bubble.classList.contains('is-in') || !chatPeer || !/^\d{1,20}$/.test(chatPeer)) return undefined;
  // A positive peer id is a user: in a private chat every incoming bubble is theirs.
  const header = attempt(() => bubble.ownerDocument.querySelector(`.chat-info .peer-title[data-peer-id="${chatPeer}"]`));
  return compact<PostAuthor>({ displayName: readLine(header), accountId: chatPeer });
}

function extractWebK(bubble: Element, pageUrl: URL): PostFields | null {
  const postId = attrOf(bubble, 'data-mid');
  if (!postId || !MESSAGE_ID.test(postId)) return null;
  const nested = `${MESSAGE}, .reply`;
  const message = queryOwn(bubble, '.message', nested);
  const text = queryOwn(bubble, '.translatable-message', nested) ?? message;
  // `.time` holds the time twice: a spacer and the `.inner` copy that is drawn.
  const timeInner = queryOwn(bubble, '.time .inner', nested);
  const time = timeInner ?? queryOwn(bubble, '.time', nested);
  const reply = queryOwn(bubble, '.reply', MESSAGE);
  const media = queryAllOwn(bubble, '.attachment img.media-photo[src], .attachment video[src], img.media-photo[src], video.media-video[src]', nested);
  return {
    platform: 'telegram',
    kind: 'message',
    author: bubble.classList.contains('is-out') ? undefined : webKAuthor(bubble),
    postId,
    postedAt: compact({
      iso: isoFromEpochSeconds(attrOf(bubble, 'data-timestamp')),
      displayed: readLine(time, { exclude: timeInner ? '.time-sending-status' : '.inner, .time-sending-status' }),
    }),
    text: readText(text, { keepLineBreaks: true, exclude: '.time, .reactions, .bubble-name-forwarded, .reply, .name' }),
    mediaUrls: uniqueUrls(media.map((element) => absoluteUrl(attrOf(element, 'src'), pageUrl, { allowBlob: true }))),
    inReplyTo: reply ? compact({ author: readLine(reply.querySelector('.reply-title')) }) : undefined,
  };
}

function extractWebA(message: Element, pageUrl: URL): PostFields | null {
  const postId = attrOf(message, 'data-message-id');
  if (!postId || !MESSAGE_ID.test(postId)) return null;
  const nested = `${MESSAGE}, .EmbeddedMessage`;
  const reply = queryOwn(message, '.EmbeddedMessage', MESSAGE);
  const avatar = queryOwn(message, '.Avatar[data-peer-id]', nested);
  const media = queryAllOwn(message, 'img.full-media[src], video.full-media[src]', nested);
  const own = message.classList.contains('own');
  return {
    platform: 'telegram',
    kind: 'message',
    author: own
      ? undefined
      : compact<PostAuthor>({
          displayName: readLine(queryOwn(message, '.message-title-name', nested)),
          accountId: attrOf(avatar, 'data-peer-id')?.match(PEER_ID)?.[0],
        }),
    postId,
    postedAt: compact({ displayed: readLine(queryOwn(message, '.message-time', nested)) }),
    text: readText(queryOwn(message, '.text-content', nested), { keepLineBreaks: true, exclude: '.MessageMeta, .Reactions, .reactions' }),
    mediaUrls: uniqueUrls(media.map((element) => absoluteUrl(attrOf(element, 'src'), pageUrl, { allowBlob: true }))),
    inReplyTo: reply ? compact({ author: readLine(reply.querySelector('.embedded-sender, .message-title')) }) : undefined,
  };
}

export const telegram: SiteAdapter = {
  id: 'telegram',
  name: 'Telegram Web',
  matches(url: URL): boolean {
    return url.hostname === 'web.telegram.org' && /^\/(k|a)(\/|$)/.test(url.pathname);
  },
  findPost(target: Element): Element | null {
    return safeClosest(target, MESSAGE);
  },
  extract(post: Element, pageUrl: URL): PostFields | null {
    return (
      attempt(() => {
        if (matchesSafe(post, WEB_K_MESSAGE)) return extractWebK(post, pageUrl);
        if (matchesSafe(post, WEB_A_MESSAGE)) return extractWebA(post, pageUrl);
        return null;
      }) ?? null
    );
  },
};
