/**
 * WhatsApp Web: a message row carries its key in `data-id` (`<fromMe>_<chat jid>_<message id>`,
 * with the sender's jid appended in groups) and WhatsApp's own copy header in
 * `data-pre-plain-text` ("[10:41, 29/11/2026] Marta Ruiz: "), which holds the time and date as
 * the person's locale shows them and the sender as their phone shows it. Messages have no URL.
 * Media is shown from `blob:` URLs that only live as long as the tab.
 */
import { absoluteUrl, attempt, safeClosest, compact, queryAllOwn, queryOwn, attrOf, readLine, readText, uniqueUrls } from './dom';
import type { PostAuthor, PostFields, SiteAdapter } from './types';

const MESSAGE = '[data-id^="false_"], [data-id^="true_"]';
const JID = '[^_\\s@]+@(?:c\\.us|g\\.us|lid|s\\.whatsapp\\.net|broadcast|newsletter)';
const MESSAGE_KEY = new RegExp(`^(true|false)_(${JID})_([A-Za-z0-9]{6,64})(?:_(${JID}))?$`);
const PRE_PLAIN_TEXT = /^\[([^\]]{1,80})\]\s?([\s\S]{0,300}?):\s*$/;
/** A quoted message inside the bubble: WhatsApp marks its text `.quoted-mention`. */
const QUOTE_TEXT = '.quoted-mention';

interface MessageKey {
  fromMe: boolean;
  chat: string;
  sender?: string;
}

function parseKey(dataId: string | undefined): MessageKey | undefined {
  const match = dataId?.match(MESSAGE_KEY);
  if (!match) return undefined;
  return { fromMe: match[1] === 'true', chat: match[2], sender: match[4] };
}

/** A phone-number jid (`34600111222@c.us`) is the number itself, in international form. */
function phoneOf(jid: string | undefined): string | undefined {
  const digits = jid?.match(/^(\d{6,15})@(?:c\.us|s\.whatsapp\.net)$/)?.[1];
  return digits ? `+${digits}` : undefined;
}

/** The quoted message block: the closest labelled ancestor of the quoted text, inside the row. */
function quoteBlock(row: Element): Element | undefined {
  const quoted = queryOwn(row, QUOTE_TEXT);
  if (!quoted) return undefined;
  let node = quoted.parentElement;
  for (let depth = 0; node && node !== row && depth < 8; depth += 1, node = node.parentElement) {
    if (attrOf(node, 'aria-label') || node.getAttribute('role') === 'button') return node;
  }
  return quoted.parentElement ?? undefined;
}

function extractMessage(row: Element, pageUrl: URL): PostFields | null {
  const postId = attrOf(row, 'data-id');
  const key = parseKey(postId);
  if (!key) return null;
  const header = attrOf(queryOwn(row, '[data-pre-plain-text]'), 'data-pre-plain-text');
  const headerParts = header?.match(PRE_PLAIN_TEXT);
  const quote = quoteBlock(row);
  const outsideQuote = (element: Element) => !quote || !quote.contains(element);

  const senderJid = key.fromMe ? undefined : (key.sender ?? (key.chat.endsWith('@g.us') ? undefined : key.chat));
  const author = compact<PostAuthor>({
    displayName: headerParts?.[2]?.trim() || undefined,
    address: phoneOf(senderJid),
    accountId: senderJid,
  });

  const body = queryAllOwn(row, 'span.selectable-text, div.selectable-text').find(outsideQuote) ?? null;
  const media = queryAllOwn(row, 'img[src], video[src]')
    .filter(outsideQuote)
    .map((element) => absoluteUrl(attrOf(element, 'src'), pageUrl, { allowBlob: true }))
    .filter((url) => url?.startsWith('blob:'));

  // The quoted block names whom it quotes ("You" when it quotes the person capturing).
  const quotedAuthor = quote
    ? Array.from(quote.querySelectorAll('span[dir="auto"], span[dir="ltr"]')).find((span) => !safeClosest(span, QUOTE_TEXT))
    : undefined;
  const inReplyTo = compact({ author: readLine(quotedAuthor) });

  return {
    platform: 'whatsapp',
    kind: 'message',
    author,
    postId,
    postedAt: compact({ displayed: headerParts?.[1]?.trim() }),
    text: readText(body, { keepLineBreaks: true }),
    mediaUrls: uniqueUrls(media),
    inReplyTo,
  };
}

export const whatsapp: SiteAdapter = {
  id: 'whatsapp',
  name: 'WhatsApp Web',
  matches(url: URL): boolean {
    return url.hostname === 'web.whatsapp.com';
  },
  findPost(target: Element): Element | null {
    const row = safeClosest(target, MESSAGE);
    return row && parseKey(attrOf(row, 'data-id')) ? row : null;
  },
  extract(post: Element, pageUrl: URL): PostFields | null {
    return attempt(() => extractMessage(post, pageUrl)) ?? null;
  },
};
