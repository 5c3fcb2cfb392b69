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

  const whole = wholeText(doc);
  const textTruncated = whole.length > limits.textChars;
  if (textTruncated) limitsHit.push(`page text cut at ${limits.textChars} characters of ${whole.length}`);

  const visible = visibleText(win, limits, clock);
  if (visible.stoppedBecause) limitsHit.push(visible.stoppedBecause);

  const selection = safeString(() => win.getSelection()?.toString() ?? '');
  const selectedTextTruncated = selection.length > limits.selectedTextChars;

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
    text: cap(whole, limits.textChars),
    textLength: whole.length,
    textTruncated,
    visibleText: cap(visible.text, limits.visibleTextChars),
    visibleTextTruncated: visible.text.length > limits.visibleTextChars || Boolean(visible.stoppedBecause),
    selectedText: cap(selection, limits.selectedTextChars),
    selectedTextTruncated,
    limitsHit,
  };
}

/** The rendered text of the whole page, as the person would copy it. */
function wholeText(doc: Document): string {
  const body = doc.body;
  if (!body) return safeString(() => doc.documentElement?.textContent ?? '');
  // innerText follows CSS (hidden text is left out); happy-dom and some XML documents lack it.
  const rendered = safeString(() => (typeof body.innerText === 'string' ? body.innerText : ''));
  return rendered || safeString(() => body.textContent ?? '');
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
