/**
 * Proton Mail (mail.proton.me): one message of the open conversation.
 *
 * Markup read (2025, from Proton's open-source WebClients): a message is
 * `article[data-testid="message-view-<n>"][data-message-id]`; the sender
 * `[data-testid="recipients:sender"]` with `[data-testid="recipient-label"]` (name) and
 * `[data-testid="recipient-address"]` (`<address>`); recipients
 * `[data-testid="recipients:item-<address>"]` under a "To" / "CC" / "BCC" label
 * (`[data-testid="message-header-expanded:<label>"]`, `.container-to`); the date
 * `[data-testid="item-date-simple"]` followed by a screen-reader full date; the body is a
 * same-origin sandboxed `iframe[data-testid="content-iframe"]` (its `data-subject` is the
 * message's subject) inside `[data-testid="message-content:body"]`; the conversation subject is
 * `[data-testid="conversation-header:subject"]`.
 *
 * With the details collapsed Proton lists CC recipients under its single "To" label; they are
 * recorded under `to`, as the page shows them.
 *
 * Raw source: Proton stores mail end-to-end encrypted; "View headers" and "Download" (.eml) in the
 * message's "More" menu are built in the browser after decryption. No URL serves the original
 * message, so `rawSourceUrl` is never set.
 */
import {
  attrLine,
  compact,
  findAddress,
  formatMailbox,
  lineOf,
  mediaIn,
  nearby,
  queryAllOutside,
  queryOutside,
  readableText,
  type RecipientField,
} from './dom';
import type { PostFields, SiteAdapter } from './types';

const MESSAGE = 'article[data-testid^="message-view"], article[data-shortcut-target="message-container"]';
const QUOTED = 'blockquote.protonmail_quote, .protonmail_quote, .gmail_quote, .proton-toggle-button';
const HOSTS = new Set(['mail.proton.me', 'mail.protonmail.com']);

/** The body document of the message's sandboxed iframe, when the page lets us read it. */
function iframeBody(post: Element): { frame: Element | null; body: HTMLElement | null } {
  const frame = post.querySelector('iframe[data-testid="content-iframe"]');
  if (!frame) return { frame: null, body: null };
  try {
    return { frame, body: (frame as HTMLIFrameElement).contentDocument?.body ?? null };
  } catch {
    return { frame, body: null };
  }
}

function addressOf(item: Element | null): string | undefined {
  if (!item) return undefined;
  const shown = lineOf(item.querySelector('[data-testid="recipient-address"]'))?.replace(/^<|>$/g, '');
  return findAddress(shown) ?? findAddress(attrLine(item, 'title'));
}

function recipientField(item: Element): RecipientField {
  const typed = item.closest('[data-testid^="message-header-expanded:"]');
  const label = typed?.getAttribute('data-testid')?.slice('message-header-expanded:'.length) ?? lineOf(typed?.querySelector('.container-to'));
  if (label && /^cc$/i.test(label.trim())) return 'cc';
  if (label && /^bcc$/i.test(label.trim())) return 'bcc';
  return 'to';
}

function recipients(post: Element, bodyContainer: Element | null): Record<RecipientField, string[]> {
  const lists: Record<RecipientField, string[]> = { to: [], cc: [], bcc: [] };
  for (const item of queryAllOutside(post, '[data-testid^="recipients:item-"]', bodyContainer, 200)) {
    const address = addressOf(item) ?? findAddress(item.getAttribute('data-testid')?.slice('recipients:item-'.length));
    const value = formatMailbox(lineOf(item.querySelector('[data-testid="recipient-label"]')), address);
    const field = recipientField(item);
    if (value && !lists[field].includes(value)) lists[field].push(value);
  }
  return lists;
}

/** `/u/<n>/<label>/<conversation>/<message>` from the page's path and the message's id. */
function permalinkFor(pageUrl: URL, messageId: string | undefined): string | undefined {
  if (!messageId || !/^[A-Za-z0-9_=-]{8,200}$/.test(messageId)) return undefined;
  const path = /^(\/u\/\d{1,2})?\/([^/]+)\/([A-Za-z0-9_=-]{8,200})(?:\/[^/]*)?\/?$/.exec(pageUrl.pathname);
  if (!path) return undefined;
  return `${pageUrl.origin}${path[1] ?? ''}/${path[2]}/${path[3]}/${messageId}`;
}

function readMessage(post: Element, pageUrl: URL): PostFields | null {
  if (!post.matches(MESSAGE)) return null;
  const bodyContainer = post.querySelector('[data-testid="message-content:body"]');
  const sender = queryOutside(post, '[data-testid="recipients:sender"]', bodyContainer);
  if (!sender && !bodyContainer) return null;

  const { frame, body } = iframeBody(post);
  const displayName = lineOf(sender?.querySelector('[data-testid="recipient-label"]'));
  const address = addressOf(sender) ?? addressOf(sender?.querySelector('[title]') ?? null);
  const date = queryOutside(post, '[data-testid="item-date-simple"], [data-testid="item-date-full"]', bodyContainer);
  const fullDate = date?.nextElementSibling && date.nextElementSibling.classList.contains('sr-only') ? lineOf(date.nextElementSibling) : undefined;
  const messageId = attrLine(post, 'data-message-id');
  const lists = recipients(post, bodyContainer);

  return compact<PostFields>({
    platform: 'protonmail',
    kind: 'email',
    author: { displayName, address },
    postId: messageId,
    permalink: permalinkFor(pageUrl, messageId),
    postedAt: { displayed: lineOf(date) },
    text: body ? readableText(body, { exclude: QUOTED }) : undefined,
    mediaUrls: body ? mediaIn(body, pageUrl, (element) => element.closest(QUOTED) !== null) : [],
    email: {
      from: formatMailbox(displayName, address),
      to: lists.to,
      cc: lists.cc,
      date: fullDate ?? attrLine(date, 'title') ?? lineOf(date),
      subject: attrLine(frame, 'data-subject') ?? lineOf(nearby(post, '[data-testid="conversation-header:subject"]', MESSAGE)),
      messageId,
    },
  });
}

/** Proton Mail: one message of the open conversation. */
export const protonmail: SiteAdapter = {
  id: 'protonmail',
  name: 'Proton Mail',
  matches: (url) => HOSTS.has(url.hostname),
  findPost(target) {
    try {
      return target.closest(MESSAGE);
    } catch {
      return null;
    }
  },
  extract(post, pageUrl) {
    try {
      return readMessage(post, pageUrl);
    } catch {
      return null;
    }
  },
};
