/**
 * Reads the page the person is looking at. Runs inside the page (injected at capture time under
 * `activeTab`), so it must be fast, must never throw on strange markup, and must stay bounded on
 * pages built to be pathological.
 */
import { PAGE_LIMITS, type PageRead } from './page-read';

type Limits = { [K in keyof typeof PAGE_LIMITS]: number };

const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'SVG']);

/** Reads what the page shows now. `win` is the page's window (a test passes its own). */
export function readPage(win: Window, limits: Limits = PAGE_LIMITS, clock: () => number = () => performance.now()): PageRead {
  const doc = win.document;
  const limitsHit: string[] = [];

  const whole = wholeText(doc, limits, clock);
  const textTruncated = whole.length > limits.textChars;
  if (whole.note) limitsHit.push(whole.note);
  else if (textTruncated) limitsHit.push(`page text cut at ${limits.textChars} characters of ${whole.length}`);

  const visible = visibleText(win, limits, clock);
  if (visible.stoppedBecause) limitsHit.push(visible.stoppedBecause);

  const selected = selectedText(win, limits);
  const selection = selected.text;
  const selectedTextTruncated = selected.truncated;
  if (selected.truncated) limitsHit.push(`selected text cut at ${limits.selectedTextChars} characters`);

  const root = doc.documentElement;
  return {
    url: cap(String(win.location.href), limits.urlChars),
    title: cap(String(doc.title ?? ''), limits.titleChars),
    language: cap(root?.getAttribute('lang') ?? '', 100),
    readAt: new Date().toISOString(),
    timeZone: cap(safeString(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 100),
    viewport: { width: finite(win.innerWidth), height: finite(win.innerHeight) },
    scroll: { x: finite(win.scrollX), y: finite(win.scrollY) },
    documentSize: {
      width: finite(Math.max(root?.scrollWidth ?? 0, doc.body?.scrollWidth ?? 0)),
      height: finite(Math.max(root?.scrollHeight ?? 0, doc.body?.scrollHeight ?? 0)),
    },
    devicePixelRatio: finite(win.devicePixelRatio) || 1,
    text: cap(whole.text, limits.textChars),
    textLength: whole.length,
    textTruncated,
    visibleText: cap(visible.text, limits.visibleTextChars),
    visibleTextTruncated: visible.text.length > limits.visibleTextChars || Boolean(visible.stoppedBecause),
    selectedText: cap(selection, limits.selectedTextChars),
    selectedTextTruncated,
    limitsHit,
  };
}

interface WholeText {
  text: string;
  /** Characters of text in the page (at least, when the note says "or more"). */
  length: number;
  /** Set when the text was not read as rendered: what was done instead, in plain words. */
  note?: string;
}

/** Time the reader spends walking text nodes before it asks the browser for the text at once. */
const TEXT_WALK_BUDGET_MS = 150;

/**
 * The rendered text of the whole page, as the person would copy it, in bounded time and memory.
 *
 * A walk over the text nodes counts characters and keeps the first `textChars`, and stops as soon
 * as it has seen twice that: on a page of tens of megabytes it ends after a few milliseconds
 * (2 ms on 20 MB, measured), where `innerText` lays out and copies the whole page (1.5 s and a
 * 100 MB string on 50 MB). Such a page keeps the text the walk collected (without layout: it may
 * include hidden text) and a note that it has more than twice the cap. A page within twice the
 * cap is read with `innerText` (hidden text left out, line breaks where the page shows them).
 * A page of very many small nodes, where walking is slow, is sized with `textContent` instead.
 */
function wholeText(doc: Document, limits: Limits, clock: () => number): WholeText {
  const root = doc.body ?? doc.documentElement;
  if (!root) return { text: '', length: 0 };
  const stopAt = limits.textChars * 2;
  const walk = walkText(doc, root, limits.textChars, stopAt, clock() + TEXT_WALK_BUDGET_MS, clock);
  if (walk.stopped === 'enough') {
    return {
      text: walk.text,
      length: walk.length,
      note: `page text read without layout and cut at ${limits.textChars} characters of ${walk.length} or more`,
    };
  }
  const size = walk.stopped === 'time' ? safeString(() => root.textContent ?? '').length : walk.length;
  if (size <= stopAt && doc.body) {
    // innerText follows CSS (hidden text is left out); happy-dom and some XML documents lack it.
    const rendered = safeString(() => (typeof doc.body.innerText === 'string' ? doc.body.innerText : ''));
    const text = rendered || safeString(() => root.textContent ?? '');
    return { text, length: text.length };
  }
  const raw = safeString(() => root.textContent ?? '');
  if (raw.length <= limits.textChars) return { text: raw, length: raw.length };
  return {
    text: raw.slice(0, limits.textChars),
    length: raw.length,
    note: `page text read without layout (too long to lay out) and cut at ${limits.textChars} characters of ${raw.length}`,
  };
}

/**
 * Text nodes under `root` in document order (script, style and the like left out), a line break
 * between nodes of different elements. Keeps at most `keep` characters; stops when it has counted
 * `stopAt` (`enough`), at `deadline` (`time`), or at the end (`end`).
 */
function walkText(doc: Document, root: Node, keep: number, stopAt: number, deadline: number, clock: () => number) {
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const pieces: string[] = [];
  let kept = 0;
  let length = 0;
  let visited = 0;
  let lastParent: Element | null = null;
  let stopped: 'enough' | 'time' | 'end' = 'end';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((++visited & 255) === 0 && clock() > deadline) {
      stopped = 'time';
      break;
    }
    const parent = node.parentElement;
    if (parent && SKIPPED_TAGS.has(parent.tagName.toUpperCase())) continue;
    const value = node.nodeValue;
    if (!value) continue;
    const separator = lastParent && parent !== lastParent ? '\n' : '';
    lastParent = parent;
    length += separator.length + value.length;
    if (kept < keep) {
      const piece = (separator + value).slice(0, keep - kept);
      pieces.push(piece);
      kept += piece.length;
    }
    if (length > stopAt) {
      stopped = 'enough';
      break;
    }
  }
  return { text: pieces.join(''), length, stopped };
}

/**
 * The selected text. A page can select all of itself, and `Selection.toString()` lays out
 * everything selected: a selection longer than the cap is taken from its ranges' text instead
 * (no layout), cut at the cap.
 */
function selectedText(win: Window, limits: Limits): { text: string; truncated: boolean } {
  try {
    const selection = win.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return { text: '', truncated: false };
    const ranges: string[] = [];
    for (let i = 0; i < Math.min(selection.rangeCount, 20); i++) ranges.push(selection.getRangeAt(i).toString());
    const total = ranges.reduce((sum, text) => sum + text.length, 0);
    if (total <= limits.selectedTextChars) {
      const text = safeString(() => selection.toString()) || ranges.join('\n');
      return { text: cap(text, limits.selectedTextChars), truncated: text.length > limits.selectedTextChars };
    }
    return { text: cap(ranges.join('\n'), limits.selectedTextChars), truncated: true };
  } catch {
    return { text: '', truncated: false };
  }
}

interface VisibleText {
  text: string;
  stoppedBecause?: string;
}

/** The text of the elements that intersect the viewport, in document order. */
function visibleText(win: Window, limits: Limits, clock: () => number): VisibleText {
  const doc = win.document;
  if (!doc.body) return { text: '' };
  const deadline = clock() + limits.visibleTextBudgetMs;
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  const onScreen = new Map<Element, boolean>();
  const lines: string[] = [];
  let length = 0;
  let lastParent: Element | null = null;
  let visited = 0;
  let stoppedBecause: string | undefined;

  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    visited += 1;
    if (visited > limits.textNodes) {
      stoppedBecause = `visible text: stopped after ${limits.textNodes} text nodes`;
      break;
    }
    if ((visited & 255) === 0 && clock() > deadline) {
      stoppedBecause = `visible text: stopped after ${limits.visibleTextBudgetMs} ms`;
      break;
    }
    const value = node.nodeValue;
    if (!value || !value.trim()) continue;
    const parent = node.parentElement;
    if (!parent || SKIPPED_TAGS.has(parent.tagName.toUpperCase())) continue;
    let shown = onScreen.get(parent);
    if (shown === undefined) {
      shown = isOnScreen(win, parent);
      onScreen.set(parent, shown);
    }
    if (!shown) continue;
    const piece = value.replace(/\s+/g, ' ').trim();
    if (parent === lastParent && lines.length) lines[lines.length - 1] += ` ${piece}`;
    else lines.push(piece);
    lastParent = parent;
    length += piece.length + 1;
    if (length > limits.visibleTextChars) {
      stoppedBecause = `visible text cut at ${limits.visibleTextChars} characters`;
      break;
    }
  }
  return { text: lines.join('\n'), stoppedBecause };
}

function isOnScreen(win: Window, el: Element): boolean {
  const rect = el.getBoundingClientRect();
  if (rect.width <= 0 || rect.height <= 0) return false;
  if (rect.bottom <= 0 || rect.right <= 0 || rect.top >= win.innerHeight || rect.left >= win.innerWidth) return false;
  const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(el, { visibilityProperty: true, opacityProperty: true }) : true;
}

function cap(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function safeString(read: () => string): string {
  try {
    const value = read();
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}
