/**
 * Discord web client: a message is `li[id="chat-messages-<channel>-<message>"]`; its parts carry
 * the message id (`message-content-<id>`, `message-username-<id>`, `message-timestamp-<id>`,
 * `message-reply-context-<id>`, `message-accessories-<id>`). Class names are hashed and change,
 * so only ids, `time[datetime]` and the CDN URL shapes are relied on. A follow-up message in a
 * group shows no name: the page names its author through `aria-labelledby` pointing at the first
 * message of the group, and the adapter follows that. The author's user id is read from the
 * avatar URL (`cdn.discordapp.com/avatars/<user id>/…`); the permalink is built from the server
 * (from the page URL), channel and message ids, the way Discord's "Copy Message Link" does.
 */
import {
  absoluteUrl,
  attempt,
  belongsTo,
  safeClosest,
  isoFromDatetime,
  compact,
  queryAllOwn,
  attrOf,
  readLine,
  readText,
  uniqueUrls,
} from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const MESSAGE = 'li[id^="chat-messages-"]';
const ROW_ID = /^chat-messages-(?:(\d{1,25})-)?(\d{1,25})$/;
const PAGE_PATH = /^\/channels\/(@me|\d{1,25})\/(\d{1,25})(?:\/|$)/;
const AVATAR_USER_ID = /\/(?:avatars|users)\/(\d{5,25})\//;
const ATTACHMENT_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];
/** How far back a follow-up message looks for the first message of its group. */
const GROUP_LOOKBACK = 50;

interface MessageIds {
  channelId?: string;
  messageId: string;
}

function idsOf(row: Element): MessageIds | undefined {
  const match = attrOf(row, 'id')?.match(ROW_ID);
  return match ? { channelId: match[1], messageId: match[2] } : undefined;
}

/** The element with exactly this id inside `root` (ids here are digits only, checked by the caller). */
function partOf(root: Element, idPrefix: string, messageId: string): Element | null {
  return attempt(() => root.querySelector(`[id="${idPrefix}${messageId}"]`)) ?? null;
}

/** The message row that shows the author of `row`: itself, or the first message of its group. */
function headerRow(row: Element, messageId: string): { row: Element; messageId: string } | undefined {
  if (partOf(row, 'message-username-', messageId)) return { row, messageId };
  const labelledBy = attrOf(row.querySelector('[aria-labelledby]'), 'aria-labelledby');
  const named = labelledBy?.match(/(?:^|\s)message-username-(\d{1,25})(?:\s|$)/)?.[1];
  if (named) {
    const header = attempt(() => row.ownerDocument.getElementById(`message-username-${named}`));
    const headerMessage = safeClosest(header, MESSAGE);
    if (headerMessage && header && !safeClosest(header, '[id^="message-reply-context-"]')) return { row: headerMessage, messageId: named };
  }
  let previous = row.previousElementSibling;
  for (let step = 0; previous && step < GROUP_LOOKBACK; step += 1, previous = previous.previousElementSibling) {
    const ids = safeClosest(previous, MESSAGE) === previous ? idsOf(previous) : undefined;
    if (ids && partOf(previous, 'message-username-', ids.messageId)) return { row: previous, messageId: ids.messageId };
  }
  return undefined;
}

function author(row: Element, messageId: string): PostAuthor | undefined {
  const header = headerRow(row, messageId);
  if (!header) return undefined;
  const name = partOf(header.row, 'message-username-', header.messageId);
  const displayName = attrOf(name?.querySelector('[data-text]'), 'data-text') ?? readLine(name, { exclude: '[class*="botTag"], [class*="clanTag"], [class*="chiplet"]' });
  const avatars = queryAllOwn(header.row, 'img[src]', '[id^="message-reply-context-"]');
  const accountId = avatars.map((img) => attrOf(img, 'src')?.match(AVATAR_USER_ID)?.[1]).find(Boolean);
  return compact<PostAuthor>({ displayName, accountId });
}

function permalinkFor(pageUrl: URL, channelId: string | undefined, messageId: string): string | undefined {
  const page = pageUrl.pathname.match(PAGE_PATH);
  const channel = channelId ?? page?.[2];
  if (!page || !channel) return undefined;
  return `${pageUrl.origin}/channels/${page[1]}/${channel}/${messageId}`;
}

function attachmentPath(url: string | undefined): string | undefined {
  const parsed = url ? attempt(() => new URL(url)) : undefined;
  if (!parsed || !ATTACHMENT_HOSTS.includes(parsed.hostname) || !parsed.pathname.startsWith('/attachments/')) return undefined;
  return parsed.pathname;
}

/** Uploaded files: the original links first, then images and videos not already listed by path. */
function attachments(row: Element, messageId: string, base: URL): string[] | undefined {
  const accessories = partOf(row, 'message-accessories-', messageId);
  if (!accessories) return undefined;
  const urls: string[] = [];
  const paths = new Set<string>();
  const add = (url: string | undefined) => {
    const path = attachmentPath(url);
    if (!url || !path || paths.has(path)) return;
    paths.add(path);
    urls.push(url);
  };
  for (const link of queryAllOwn(accessories, 'a[href]')) add(absoluteUrl(attrOf(link, 'href'), base));
  for (const media of queryAllOwn(accessories, 'img[src], video[src], video source[src]')) add(absoluteUrl(attrOf(media, 'src'), base));
  return uniqueUrls(urls);
}

function repliedTo(row: Element, messageId: string, pageUrl: URL, channelId: string | undefined): PostFields['inReplyTo'] {
  const context = partOf(row, 'message-reply-context-', messageId);
  if (!context) return undefined;
  const repliedId = attrOf(context.querySelector('[id^="message-content-"]'), 'id')?.match(/^message-content-(\d{1,25})$/)?.[1];
  const name = context.querySelector('[class*="username"]');
  const shownName = readLine(name) ?? attrOf(name, 'data-text');
  return compact({
    postId: repliedId,
    permalink: repliedId ? permalinkFor(pageUrl, channelId, repliedId) : undefined,
    author: shownName?.replace(/^@/, '') || undefined,
  });
}

function extractMessage(row: Element, pageUrl: URL): PostFields | null {
  const ids = idsOf(row);
  if (!ids) return null;
  const { channelId, messageId } = ids;
  const content = partOf(row, 'message-content-', messageId);
  const time = partOf(row, 'message-timestamp-', messageId);
  if (!content && !time) return null;
  const ownContent = content && belongsTo(content, row, '[id^="message-reply-context-"]') ? content : null;
  return {
    platform: 'discord',
    kind: 'message',
    author: author(row, messageId),
    postId: messageId,
    permalink: permalinkFor(pageUrl, channelId, messageId),
    postedAt: compact({
      iso: isoFromDatetime(attrOf(time, 'datetime')),
      displayed: readLine(time, { exclude: '[aria-hidden="true"], [class*="hiddenVisually"]' }),
    }),
    text: readText(ownContent, { keepLineBreaks: true, exclude: '[class*="timestamp"], [class*="edited"], [aria-hidden="true"]' }),
    mediaUrls: attachments(row, messageId, pageUrl),
    inReplyTo: repliedTo(row, messageId, pageUrl, channelId),
  };
}

export const discord: SiteAdapter = {
  id: 'discord',
  name: 'Discord',
  matches(url: URL): boolean {
    return ['discord.com', 'ptb.discord.com', 'canary.discord.com', 'discordapp.com'].includes(url.hostname) && url.pathname.startsWith('/channels/');
  },
  findPost(target: Element): Element | null {
    return safeClosest(target, MESSAGE);
  },
  extract(post: Element, pageUrl: URL): PostFields | null {
    return attempt(() => (safeClosest(post, MESSAGE) === post ? extractMessage(post, pageUrl) : null)) ?? null;
  },
};
