/**
 * Runs inside the captured page (bundled into `post-reader.js`, injected at capture time): finds
 * the post, comment, message or email the person means, reads its fields with the site adapters,
 * and drives the page for stitched screenshots (scroll, hide fixed headers, put everything back).
 * It never throws on strange markup and bounds its work on pathological pages.
 */
import { extractPost } from '../sites/extract';
import { readText } from '../sites/dom';
import type { PostFields } from '../sites/types';
import { POST_LIMITS, isHttpUrl, type PostRead, type TargetMethod } from './post-read';

/** An element chosen before the reader ran: by the pick mode, or by the browser's right-click menu. */
export interface GivenTarget {
  element: Element;
  method: 'picked' | 'context-menu';
}

/**
 * The element the person means, in this order: an element already chosen (pick mode, right-click
 * in Firefox), the deepest element under the mouse pointer (`:hover`), the focused element, the
 * start of the selection. `html` and `body` mean "nothing in particular" and are skipped.
 * `hovered` lists the hovered chain (a test passes its own: `:hover` needs a real pointer).
 */
export function chooseTarget(
  doc: Document,
  given?: GivenTarget | null,
  hovered: () => ArrayLike<Element> = () => doc.querySelectorAll(':hover'),
): { element: Element; method: TargetMethod } | null {
  const meaningful = (el: Element | null | undefined): el is Element =>
    Boolean(el) && el !== doc.documentElement && el !== doc.body && (el as Element).isConnected !== false;
  if (given && meaningful(given.element)) return given;

  const chain = safe(hovered, [] as ArrayLike<Element>);
  const deepest = chain.length ? chain[chain.length - 1] : undefined;
  if (meaningful(deepest)) return { element: deepest, method: 'hover' };

  const active = safe(() => doc.activeElement, null);
  if (meaningful(active)) return { element: active, method: 'focus' };

  const selection = safe(() => doc.getSelection(), null);
  if (selection && selection.rangeCount > 0 && !selection.isCollapsed) {
    const node = selection.anchorNode;
    const element = node && node.nodeType === 1 ? (node as Element) : (node?.parentElement ?? null);
    if (meaningful(element)) return { element, method: 'selection' };
  }
  return null;
}

/** A short, text-only description of an element for the metadata, e.g. `article#p2.tweet`. */
export function describeElement(element: Element): string {
  const id = element.id ? `#${element.id.slice(0, 60)}` : '';
  const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/).filter(Boolean).slice(0, 3) : [];
  return `${element.localName}${id}${classes.map((c) => `.${c.slice(0, 40)}`).join('')}`.slice(0, 300);
}

/** Reads the post around the chosen target. */
export function readPost(win: Window, given?: GivenTarget | null, hovered?: () => ArrayLike<Element>): { read: PostRead; element: Element | null } {
  const doc = win.document;
  const chosen = chooseTarget(doc, given, hovered);
  if (!chosen) {
    return {
      element: null,
      read: {
        target: null,
        fields: null,
        extraction: { adapter: 'none', notes: ['Nothing was under the mouse pointer, focused or selected when the capture was asked for.'] },
        rect: null,
        text: '',
        textTruncated: false,
      },
    };
  }
  const pageUrl = new URL(String(win.location.href));
  const extraction = extractPost(chosen.element, pageUrl);
  const element = extraction.post;
  const fields = extraction.fields ? httpOnly(extraction.fields, extraction.report.notes) : null;
  const ownText = fields?.text ?? (element ? (readText(element, { maxChars: POST_LIMITS.textChars }) ?? '') : '');
  const rect = element ? viewportRect(element) : null;
  return {
    element,
    read: {
      target: { method: chosen.method, element: describeElement(chosen.element) },
      fields,
      extraction: {
        adapter: extraction.report.adapter,
        ...(extraction.report.fellBackFrom ? { fellBackFrom: extraction.report.fellBackFrom } : {}),
        notes: extraction.report.notes.slice(0, POST_LIMITS.notes).map((n) => n.slice(0, POST_LIMITS.noteChars)),
      },
      rect,
      text: ownText.slice(0, POST_LIMITS.textChars),
      textTruncated: ownText.length > POST_LIMITS.textChars,
    },
  };
}

/** The element's rectangle relative to the viewport, CSS pixels. */
export function viewportRect(element: Element): { x: number; y: number; width: number; height: number } | null {
  const r = safe(() => element.getBoundingClientRect(), null);
  if (!r || ![r.left, r.top, r.width, r.height].every(Number.isFinite)) return null;
  return { x: r.left, y: r.top, width: Math.max(0, r.width), height: Math.max(0, r.height) };
}

/**
 * The fields with every URL that is not http(s) dropped (chat apps show media from `blob:`
 * addresses, which mean nothing outside the page) and strings cut to the schema's bounds, so the
 * reading passes the background's schema. What was dropped is said in `notes`.
 */
export function httpOnly(fields: PostFields, notes: string[]): PostFields {
  const cut = (s: string | undefined) => (s === undefined ? undefined : s.slice(0, POST_LIMITS.fieldChars));
  const url = (s: string | undefined) => (s !== undefined && isHttpUrl(s) && s.length <= POST_LIMITS.urlChars ? s : undefined);
  const media = (fields.mediaUrls ?? []).filter((u) => url(u));
  if (fields.mediaUrls && media.length < fields.mediaUrls.length) notes.push(`${fields.mediaUrls.length - media.length} media address(es) that were not http(s) (e.g. blob:) were left out.`);
  const out: PostFields = { platform: fields.platform.slice(0, 50), kind: fields.kind };
  if (fields.author) {
    out.author = prune({
      displayName: cut(fields.author.displayName),
      handle: cut(fields.author.handle),
      address: cut(fields.author.address),
      accountId: cut(fields.author.accountId),
      profileUrl: url(fields.author.profileUrl),
    });
  }
  if (fields.postId) out.postId = cut(fields.postId);
  if (url(fields.permalink)) out.permalink = fields.permalink;
  if (fields.postedAt) out.postedAt = prune({ iso: cut(fields.postedAt.iso), displayed: cut(fields.postedAt.displayed) });
  if (fields.text !== undefined) out.text = fields.text.slice(0, POST_LIMITS.textChars);
  if (media.length) out.mediaUrls = media.slice(0, POST_LIMITS.mediaUrls);
  if (fields.inReplyTo) out.inReplyTo = prune({ postId: cut(fields.inReplyTo.postId), permalink: url(fields.inReplyTo.permalink), author: cut(fields.inReplyTo.author) });
  if (fields.email) {
    const list = (l: string[] | undefined) => (l ? l.slice(0, POST_LIMITS.recipients).map((s) => s.slice(0, POST_LIMITS.fieldChars)) : undefined);
    out.email = prune({
      from: cut(fields.email.from),
      to: list(fields.email.to),
      cc: list(fields.email.cc),
      date: cut(fields.email.date),
      subject: cut(fields.email.subject),
      messageId: cut(fields.email.messageId),
    });
  }
  if (url(fields.rawSourceUrl)) out.rawSourceUrl = fields.rawSourceUrl;
  return out;
}

function prune<T extends object>(value: T): T | undefined {
  const kept = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== ''));
  return Object.keys(kept).length ? (kept as T) : undefined;
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read() ?? fallback;
  } catch {
    return fallback;
  }
}
