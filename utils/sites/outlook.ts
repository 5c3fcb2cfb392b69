/**
 * Outlook on the web (outlook.live.com, outlook.office.com, outlook.office365.com,
 * outlook.cloud.microsoft): one message of the conversation in the reading pane.
 *
 * Markup read (2025): Outlook's class names are generated, so this adapter keys on accessibility
 * labels and test ids: a message is `[aria-label="Email message"]`; inside it the sender is
 * `[aria-label^="From:"]` (name, then `<address>` as text), the recipients `[aria-label^="To:"]`
 * and `[aria-label^="Cc:"]` (names separated by `;`), the date
 * `[data-testid="SentReceivedSavedTime"]` and the body `[role="document"][aria-label="Message body"]`;
 * the conversation subject is `[id$="_SUBJECT"]` / `[role="heading"][aria-level="2"]` above the
 * messages. The labels are the English UI's: in other languages this adapter finds nothing and the
 * generic adapter takes over.
 *
 * Raw source: the web UI offers "View > View message source" (and "Save as" .eml) from the
 * message's "…" menu; both load the MIME through an authenticated API call with a bearer token,
 * not through a URL that opens in a tab, so no `rawSourceUrl` can be built from the page.
 */
import { attrLine, compact, findAddress, lineOf, mediaIn, nearby, oneLine, parseMailbox, queryOutside, readableText } from './dom';
import type { PostFields, SiteAdapter } from './types';

const MESSAGE = '[aria-label="Email message"]';
const BODY = '[role="document"][aria-label="Message body"], [role="document"]';
const SUBJECT = '[id^="CONV_"][id$="_SUBJECT"], [id$="_SUBJECT"]:not(input), [role="heading"][aria-level="2"]';
/** Where a conversation's messages live; a permalink is only given for a lone message in it. */
const CONVERSATION = '[data-app-section="ConversationContainer"], #ConversationReadingPaneContainer, #ReadingPaneContainerId, [aria-label="Reading Pane"]';
/** The "From: … Sent: … To: …" block Outlook puts above a quoted earlier message. */
const QUOTE_START = '[id$="divRplyFwdMsg"], #divRplyFwdMsg';
const HOSTS = new Set(['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft']);

/** The text of an `aria-label` after its `Label:` prefix. */
function labelValue(element: Element | null, prefix: string): string | undefined {
  const label = attrLine(element, 'aria-label');
  if (!label || !label.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
  return oneLine(label.slice(prefix.length));
}

/** Recipients named in a `To: A; B` label. */
function recipientList(post: Element, prefix: string, body: Element | null): string[] {
  const element = queryOutside(post, `[aria-label^="${prefix}"]`, body);
  const value = labelValue(element, prefix);
  if (!value) return [];
  return value
    .split(';')
    .map((part) => oneLine(part))
    .filter((part): part is string => part !== undefined);
}

/** The page's own URL when it opens this message alone (`…/id/<item>` with one message shown). */
function permalinkFor(post: Element, pageUrl: URL): string | undefined {
  if (!/\/mail\/(?:[^/]+\/)*id\/[^/]+/.test(pageUrl.pathname)) return undefined;
  const conversation = post.closest(CONVERSATION);
  if (!conversation) return undefined;
  const messages = conversation.querySelectorAll(MESSAGE);
  return messages.length === 1 ? `${pageUrl.origin}${pageUrl.pathname}` : undefined;
}

/** True when `element` comes after `marker` in the page (inside a quoted earlier message). */
function isAfter(marker: Element | null, element: Element): boolean {
  return marker !== null && (marker.compareDocumentPosition(element) & 4) !== 0;
}

function readMessage(post: Element, pageUrl: URL): PostFields | null {
  if (!post.matches(MESSAGE)) return null;
  const body = post.querySelector(BODY);
  const sender = queryOutside(post, '[aria-label^="From:"]', body);
  if (!sender && !body) return null;

  const shown = parseMailbox(lineOf(sender));
  const displayName = labelValue(sender, 'From:') ?? shown.name;
  const address = shown.address ?? findAddress(attrLine(sender, 'title'));
  const date = queryOutside(post, '[data-testid="SentReceivedSavedTime"]', body);
  const from = displayName && address ? `${displayName} <${address}>` : (address ?? displayName);

  return compact<PostFields>({
    platform: 'outlook',
    kind: 'email',
    author: { displayName, address },
    permalink: permalinkFor(post, pageUrl),
    postedAt: { displayed: lineOf(date) },
    text: body ? readableText(body, { stopAt: QUOTE_START }) : undefined,
    mediaUrls: body ? mediaIn(body, pageUrl, (element) => isAfter(body.querySelector(QUOTE_START), element)) : [],
    email: {
      from,
      to: recipientList(post, 'To:', body),
      cc: recipientList(post, 'Cc:', body),
      date: attrLine(date, 'title') ?? lineOf(date),
      subject: lineOf(nearby(post, SUBJECT, MESSAGE)),
    },
  });
}

/** Outlook on the web: one message in the reading pane. */
export const outlook: SiteAdapter = {
  id: 'outlook',
  name: 'Outlook on the web',
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
