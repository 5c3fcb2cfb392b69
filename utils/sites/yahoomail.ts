/**
 * Yahoo Mail (mail.yahoo.com): one message of the open conversation.
 *
 * Markup read (2025): Yahoo tags its UI with `data-test-id`. A message is
 * `[data-test-id="message-view"]`; its sender `[data-test-id="message-from"]` holds an
 * `[data-test-id="email-pill"]` (the name as text, the address in `title`); recipients are
 * email pills in `[data-test-id="message-to"]` (a "Cc:" label inside, or a
 * `[data-test-id="message-cc"]` block, marks copies); the date `[data-test-id="message-date"]`
 * (full date in `title`); the body `[data-test-id="message-view-body-content"]`; the conversation
 * subject `[data-test-id="message-group-subject-text"]`. Yahoo prefixes the classes of email bodies
 * (`yiv123…yahoo_quoted`), so quoted replies are matched by class fragment.
 *
 * The message id is only in the page's URL (`/d/folders/<f>/messages/<id>`), so it is used only
 * when the conversation shows a single message. Raw source: the web UI's "View raw message" opens
 * the `…/ws/v3/mailboxes/@/messages/@.id==<id>/content/rawplaintext` resource of the signed-in
 * user's mailbox; that URL is built from the same id.
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
  recipientsByLabel,
  type RecipientField,
} from './dom';
import type { PostFields, SiteAdapter } from './types';

const MESSAGE = '[data-test-id="message-view"]';
const BODY = '[data-test-id="message-view-body-content"], [data-test-id="message-view-body"]';
const PILL = '[data-test-id="email-pill"]';
const QUOTED = '[class*="yahoo_quoted"], [class*="gmail_quote"], [id*="yahoo_quoted"]';
const CONVERSATION = '[data-test-id="message-group-view-scroller"], [data-test-id="message-group-view"]';

/** The message id in `/d/folders/<folder>/messages/<id>`. */
export function yahooMessageId(pageUrl: URL): string | undefined {
  return /^\/d\/folders\/[^/]+\/messages\/([A-Za-z0-9_-]{10,80})\/?$/.exec(pageUrl.pathname)?.[1];
}

function pillMailbox(pill: Element): string | undefined {
  return formatMailbox(lineOf(pill), findAddress(attrLine(pill, 'title')) ?? findAddress(attrLine(pill, 'data-email')));
}

function recipients(post: Element, body: Element | null): Record<RecipientField, string[]> {
  const lists: Record<RecipientField, string[]> = { to: [], cc: [], bcc: [] };
  const blocks = queryAllOutside(post, '[data-test-id="message-to"], [data-test-id="message-cc"], [data-test-id="message-bcc"]', body, 6);
  for (const block of blocks) {
    const testId = block.getAttribute('data-test-id');
    const initial: RecipientField = testId === 'message-cc' ? 'cc' : testId === 'message-bcc' ? 'bcc' : 'to';
    const found = recipientsByLabel(block, PILL, pillMailbox, initial);
    for (const field of ['to', 'cc', 'bcc'] as const) {
      for (const value of found[field]) if (!lists[field].includes(value)) lists[field].push(value);
    }
  }
  return lists;
}

/** The id of this message when the page's URL names it: the conversation shows only this one. */
function ownMessageId(post: Element, pageUrl: URL): string | undefined {
  const id = yahooMessageId(pageUrl);
  if (!id) return undefined;
  const conversation = post.closest(CONVERSATION);
  if (!conversation) return undefined;
  return conversation.querySelectorAll(MESSAGE).length === 1 ? id : undefined;
}

function readMessage(post: Element, pageUrl: URL): PostFields | null {
  if (!post.matches(MESSAGE)) return null;
  const body = post.querySelector(BODY);
  const fromBlock = queryOutside(post, '[data-test-id="message-from"]', body);
  const pill = fromBlock?.querySelector(PILL) ?? null;
  if (!fromBlock && !body) return null;

  const displayName = lineOf(pill);
  const address = findAddress(attrLine(pill, 'title')) ?? findAddress(attrLine(pill, 'data-email')) ?? findAddress(fromBlock?.textContent);
  const date = queryOutside(post, '[data-test-id="message-date"]', body);
  const lists = recipients(post, body);
  const messageId = ownMessageId(post, pageUrl);

  return compact<PostFields>({
    platform: 'yahoomail',
    kind: 'email',
    author: { displayName, address },
    postId: messageId,
    permalink: messageId ? `https://mail.yahoo.com${pageUrl.pathname.replace(/\/$/, '')}` : undefined,
    postedAt: { displayed: lineOf(date) },
    text: body ? readableText(body, { exclude: QUOTED }) : undefined,
    mediaUrls: body ? mediaIn(body, pageUrl, (element) => element.closest(QUOTED) !== null) : [],
    email: {
      from: formatMailbox(displayName, address),
      to: lists.to,
      cc: lists.cc,
      date: attrLine(date, 'title') ?? lineOf(date),
      subject: lineOf(nearby(post, '[data-test-id="message-group-subject-text"], [data-test-id="message-subject"]', MESSAGE)),
      messageId,
    },
    rawSourceUrl: messageId
      ? `https://mail.yahoo.com/ws/v3/mailboxes/@/messages/@.id==${messageId}/content/rawplaintext`
      : undefined,
  });
}

/** Yahoo Mail: one message of the open conversation. */
export const yahoomail: SiteAdapter = {
  id: 'yahoomail',
  name: 'Yahoo Mail',
  matches: (url) => url.hostname === 'mail.yahoo.com',
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
