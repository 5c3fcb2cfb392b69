/**
 * Gmail (mail.google.com): one message of an open conversation.
 *
 * Markup read (2025): a message is `div.adn[data-message-id="#msg-f:<decimal>"]` with
 * `data-legacy-message-id="<hex>"`; its sender `span.gD[email][name]`, recipients `span.g2[email]`
 * in the `span.hb` line ("to me, cc: Sam"), date `span.g3[title]`, body `div.a3s`, attachments
 * `[download_url]`; the conversation subject is `h2.hP` above the messages.
 *
 * "Show original" is `https://mail.google.com/mail/u/<n>/?ik=<ik>&view=om&permmsgid=msg-f:<id>`:
 * `<n>` is the account index in the page's path, `<ik>` the per-account key Gmail declares in an
 * inline script (`var GLOBALS=[…]`, index 9). Without both, `rawSourceUrl` is left out.
 */
import {
  absoluteUrl,
  attrLine,
  compact,
  formatMailbox,
  lineOf,
  mediaIn,
  nearby,
  queryOutside,
  readableText,
  recipientsByLabel,
} from './dom';
import type { PostFields, SiteAdapter } from './types';

const MESSAGE = 'div.adn[data-message-id], [data-legacy-message-id]';
/** Quoted earlier messages inside a body: not this message's own text. */
const QUOTED = '.gmail_quote, .gmail_extra';
/** Most inline scripts looked at for Gmail's `GLOBALS`. */
const MAX_SCRIPTS = 80;
/** Most characters scanned after `GLOBALS=[` to reach its tenth element. */
const MAX_GLOBALS_SCAN = 50_000;

/** The account index `<n>` of `/mail/u/<n>/`, when the page's path shows it. */
export function gmailAccountIndex(pageUrl: URL): string | undefined {
  return /^\/mail\/u\/(\d{1,2})\//.exec(pageUrl.pathname)?.[1];
}

/**
 * Gmail's per-account request key (`ik`), read from the inline script that declares
 * `GLOBALS` (its element 9). Undefined when the page does not show it.
 */
export function gmailIk(doc: Document): string | undefined {
  const scripts = doc.getElementsByTagName('script');
  for (let i = 0; i < scripts.length && i < MAX_SCRIPTS; i++) {
    const script = scripts[i];
    if (script.hasAttribute('src')) continue;
    const text = script.textContent ?? '';
    const at = text.indexOf('GLOBALS');
    if (at < 0) continue;
    const declaration = /^GLOBALS\s*=\s*\[/.exec(text.slice(at, at + 40));
    if (!declaration) continue;
    const value = arrayStringAt(text, at + declaration[0].length - 1, 9);
    if (value && /^[0-9a-f]{6,16}$/i.test(value)) return value;
  }
  return undefined;
}

/**
 * The string literal that is element `index` of the JavaScript array literal opening at `open`,
 * found by counting top-level commas (nested arrays, objects and strings skipped). Bounded.
 */
function arrayStringAt(text: string, open: number, index: number): string | undefined {
  let depth = 0;
  let element = 0;
  const end = Math.min(text.length, open + MAX_GLOBALS_SCAN);
  for (let i = open; i < end; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = closingQuote(text, i, end);
      if (close < 0) return undefined;
      if (depth === 1 && element === index) {
        const literal = text.slice(i + 1, close);
        return literal.includes('\\') ? undefined : literal;
      }
      i = close;
    } else if (ch === '[' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return undefined;
    } else if (ch === ',' && depth === 1) {
      element++;
      if (element > index) return undefined;
    }
  }
  return undefined;
}

function closingQuote(text: string, open: number, end: number): number {
  const quote = text[open];
  for (let i = open + 1; i < end; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** `msg-f:<decimal>` (or `msg-a:r<n>`) for "Show original", from the message's ids. */
function permanentMessageId(post: Element, legacyId: string | undefined): string | undefined {
  const given = attrLine(post, 'data-message-id')?.replace(/^#/, '');
  if (given && /^msg-[af]:r?-?\d{1,25}$/.test(given)) return given;
  if (legacyId) return `msg-f:${BigInt(`0x${legacyId}`).toString()}`;
  return undefined;
}

function mailbox(element: Element): string | undefined {
  return formatMailbox(attrLine(element, 'name') ?? lineOf(element), attrLine(element, 'email'));
}

/** Image and video attachments: `[download_url="<mime>:<name>:<url>"]`. */
function attachmentUrls(post: Element, body: Element | null, base: URL): string[] {
  const urls: string[] = [];
  for (const chip of Array.from(post.querySelectorAll('[download_url]')).slice(0, 40)) {
    if (body?.contains(chip)) continue;
    const value = chip.getAttribute('download_url') ?? '';
    if (!/^(image|video)\//i.test(value)) continue;
    const at = value.search(/:https?:\/\//i);
    const url = at >= 0 ? absoluteUrl(value.slice(at + 1), base) : undefined;
    if (url && !urls.includes(url)) urls.push(url);
  }
  return urls;
}

function readMessage(post: Element, pageUrl: URL): PostFields | null {
  if (!post.matches(MESSAGE)) return null;
  const body = post.querySelector('div.a3s');
  const sender = queryOutside(post, 'span.gD[email]', body);
  if (!sender && !body) return null;

  const legacyId = attrLine(post, 'data-legacy-message-id');
  const hexId = legacyId && /^[0-9a-f]{8,20}$/i.test(legacyId) ? legacyId.toLowerCase() : undefined;
  const permId = permanentMessageId(post, hexId);
  const account = gmailAccountIndex(pageUrl);
  const ik = account ? gmailIk(post.ownerDocument) : undefined;

  const recipientLine = queryOutside(post, 'span.hb', body);
  const recipients = recipientLine
    ? recipientsByLabel(recipientLine, 'span.g2[email]', mailbox)
    : { to: [], cc: [], bcc: [] };
  const date = queryOutside(post, 'span.g3', body);
  const from = sender ? mailbox(sender) : undefined;
  const subject = lineOf(nearby(post, 'h2.hP', MESSAGE));

  return compact<PostFields>({
    platform: 'gmail',
    kind: 'email',
    author: {
      displayName: attrLine(sender, 'name') ?? lineOf(sender),
      address: attrLine(sender, 'email'),
    },
    postId: hexId ?? permId,
    permalink: account && hexId ? `https://mail.google.com/mail/u/${account}/#all/${hexId}` : undefined,
    postedAt: { displayed: lineOf(date) },
    text: body ? readableText(body, { exclude: QUOTED }) : undefined,
    mediaUrls: [
      ...(body ? mediaIn(body, pageUrl, (element) => element.closest(QUOTED) !== null) : []),
      ...attachmentUrls(post, body, pageUrl),
    ],
    email: {
      from,
      to: recipients.to,
      cc: recipients.cc,
      date: attrLine(date, 'title') ?? lineOf(date),
      subject,
      messageId: permId,
    },
    rawSourceUrl:
      account && ik && permId ? `https://mail.google.com/mail/u/${account}/?ik=${ik}&view=om&permmsgid=${permId}` : undefined,
  });
}

/** Gmail: one message of the open conversation. */
export const gmail: SiteAdapter = {
  id: 'gmail',
  name: 'Gmail',
  matches: (url) => url.hostname === 'mail.google.com',
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
