/**
 * What the background asks of a page during a post or full-page capture, run inside the page (in
 * the extension's isolated world, which the page's own scripts cannot see): read the page and the
 * post, scroll for each stitched screenshot with fixed and sticky headers hidden, put the page
 * back exactly as it was, fetch an email's raw source with the signed-in user's cookies, and
 * serialise the DOM where the browser has no MHTML. Every step is bounded and none throws.
 */
import { readPage } from './read-page';
import { readPost, type GivenTarget } from './read-post';
import type { DomSnapshot, PageAndPost, PostShotState, RawSource, ScrollState } from './post-read';
import { intersect, type Rect } from './geometry';

/** What the background asks the reader for. */
export interface ReadRequest {
  mode: 'post' | 'full-page';
  /** Where the element came from when it was chosen before the key press. */
  source?: 'picked' | 'context-menu';
  /** Firefox: `menus.onClicked`'s `targetElementId`, resolved with `menus.getTargetElement`. */
  targetElementId?: number;
}

export interface PageTools {
  read(request: ReadRequest): PageAndPost;
  scrollForShot(y: number, hideFixed: boolean, settleMs: number): Promise<ScrollState>;
  /**
   * Scrolls whatever holds the post (boxes inside the page first, then the window) so that the
   * post's row `row` (CSS pixels from its top) comes to the top of where it can be seen, hides
   * fixed and sticky elements, and answers where the post now is. Null when there is no post.
   */
  scrollPostRow(row: number, settleMs: number): Promise<PostShotState | null>;
  restore(): Promise<void>;
  fetchRawSource(url: string, maxBytes: number): Promise<RawSource>;
  serializeDom(maxChars: number): DomSnapshot;
  /** Starts the pick mode; the chosen element is kept for `read({ source: 'picked' })`. */
  startPick(token: string): boolean;
  /** The post element the last `read` found (for the renderer in the same isolated world). */
  postElement(): Element | null;
}

/** Most ancestors looked at for boxes that scroll or clip. */
const MAX_DEPTH = 64;

/** Elements looked at when hiding fixed and sticky headers, and the time allowed for it. */
export const HIDE_LIMITS = { elements: 30_000, budgetMs: 150 } as const;

interface Hidden {
  element: HTMLElement;
  value: string;
  priority: string;
  /** The element had no `style` attribute before: it has none after. */
  hadNoStyle: boolean;
}

/**
 * The tools for one page. `picked` is what the pick mode chose (shared through the isolated
 * world); `getTargetElement` is Firefox's `menus.getTargetElement` when the browser has it.
 */
export function createPageTools(
  win: Window,
  picked: () => Element | null | undefined,
  getTargetElement?: (id: number) => Element | null | undefined,
  startPick: (token: string) => boolean = () => false,
  clock: () => number = () => performance.now(),
): PageTools {
  let element: Element | null = null;
  let saved: { x: number; y: number; hidden: Hidden[]; scrollBehavior: string; rootHadNoStyle: boolean; boxes: Map<Element, number> } | null = null;

  const style = (el: Element) => win.getComputedStyle(el);
  const isPageRoot = (el: Element) => el === win.document.documentElement || el === win.document.body;

  /** The boxes around the post that scroll (their content is taller than they are), innermost first. */
  function scrollingBoxes(of: Element): Element[] {
    const boxes: Element[] = [];
    for (let a = of.parentElement, i = 0; a && !isPageRoot(a) && i < MAX_DEPTH; a = a.parentElement, i += 1) {
      const overflow = style(a).overflowY;
      if ((overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden' || overflow === 'overlay') && a.scrollHeight > a.clientHeight + 1) boxes.push(a);
    }
    return boxes;
  }

  /** The part of the window through which `of` can be seen: the window cut by every box around it that clips. */
  function clipOf(of: Element): Rect {
    let clip: Rect = { x: 0, y: 0, width: win.innerWidth, height: win.innerHeight };
    for (let a = of.parentElement, i = 0; a && !isPageRoot(a) && i < MAX_DEPTH; a = a.parentElement, i += 1) {
      const s = style(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const r = a.getBoundingClientRect();
      clip = intersect(clip, { x: r.left + a.clientLeft, y: r.top + a.clientTop, width: a.clientWidth, height: a.clientHeight }) ?? { x: 0, y: 0, width: 0, height: 0 };
    }
    return clip;
  }

  function begin(): NonNullable<typeof saved> {
    if (!saved) {
      const root = win.document.documentElement;
      saved = { x: win.scrollX, y: win.scrollY, hidden: [], scrollBehavior: root.style.getPropertyValue('scroll-behavior'), rootHadNoStyle: !root.hasAttribute('style'), boxes: new Map() };
      // A page with `scroll-behavior: smooth` would still be moving when the screenshot is taken.
      root.style.setProperty('scroll-behavior', 'auto', 'important');
    }
    return saved;
  }

  function hideFixed(): Hidden[] {
    const hidden: Hidden[] = [];
    const deadline = clock() + HIDE_LIMITS.budgetMs;
    const walker = win.document.createTreeWalker(win.document.documentElement, 1 /* SHOW_ELEMENT */);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      seen += 1;
      if (seen > HIDE_LIMITS.elements || ((seen & 127) === 0 && clock() > deadline)) break;
      const el = node as HTMLElement;
      if (!el.style) continue;
      const position = win.getComputedStyle(el).position;
      if (position !== 'fixed' && position !== 'sticky') continue;
      // The post itself, or what holds it, stays visible.
      if (element && (el.contains(element) || element.contains(el))) continue;
      hidden.push({ element: el, value: el.style.getPropertyValue('visibility'), priority: el.style.getPropertyPriority('visibility'), hadNoStyle: !el.hasAttribute('style') });
      el.style.setProperty('visibility', 'hidden', 'important');
    }
    return hidden;
  }

  function state(hiddenFixed: number): ScrollState {
    const doc = win.document;
    const root = doc.documentElement;
    return {
      scroll: { x: finite(win.scrollX), y: finite(win.scrollY) },
      viewport: { width: finite(win.innerWidth), height: finite(win.innerHeight) },
      documentSize: {
        width: finite(Math.max(root?.scrollWidth ?? 0, doc.body?.scrollWidth ?? 0)),
        height: finite(Math.max(root?.scrollHeight ?? 0, doc.body?.scrollHeight ?? 0)),
      },
      hiddenFixed,
    };
  }

  return {
    read(request) {
      const page = readPage(win);
      if (request.mode === 'full-page') return { page, post: null };
      let given: GivenTarget | null = null;
      if (request.source === 'picked') {
        const el = picked();
        if (el) given = { element: el, method: 'picked' };
      } else if (request.source === 'context-menu' && request.targetElementId !== undefined && getTargetElement) {
        const el = attempt(() => getTargetElement(request.targetElementId!));
        if (el) given = { element: el, method: 'context-menu' };
      }
      const { read, element: found } = readPost(win, given);
      element = found;
      return { page, post: found ? { ...read, clip: clipOf(found) } : read };
    },

    async scrollForShot(y, hide, settleMs) {
      const current = begin();
      if (hide && !current.hidden.length) current.hidden = hideFixed();
      win.scrollTo(current.x, y);
      await settle(win, settleMs);
      return state(current.hidden.length);
    },

    async scrollPostRow(row, settleMs) {
      if (!element || !element.isConnected) return null;
      const current = begin();
      if (!current.hidden.length) current.hidden = hideFixed();
      const post = element;
      let remaining = post.getBoundingClientRect().top + row - clipOf(post).y;
      for (const box of scrollingBoxes(post)) {
        if (Math.abs(remaining) < 0.5) break;
        if (!current.boxes.has(box)) current.boxes.set(box, box.scrollTop);
        const before = box.scrollTop;
        box.scrollTop = before + remaining;
        remaining -= box.scrollTop - before;
      }
      if (Math.abs(remaining) >= 0.5) win.scrollTo(win.scrollX, win.scrollY + remaining);
      await settle(win, settleMs);
      const r = post.getBoundingClientRect();
      return {
        rect: { x: r.left, y: r.top, width: r.width, height: r.height },
        clip: clipOf(post),
        viewport: { width: finite(win.innerWidth), height: finite(win.innerHeight) },
        scroll: { x: finite(win.scrollX), y: finite(win.scrollY) },
        hiddenFixed: current.hidden.length,
      };
    },

    async restore() {
      if (!saved) return;
      for (const h of saved.hidden) {
        if (h.value) h.element.style.setProperty('visibility', h.value, h.priority);
        else h.element.style.removeProperty('visibility');
        if (h.hadNoStyle && h.element.getAttribute('style') === '') h.element.removeAttribute('style');
      }
      for (const [box, top] of saved.boxes) box.scrollTop = top;
      win.scrollTo(saved.x, saved.y);
      const root = win.document.documentElement;
      if (saved.scrollBehavior) root.style.setProperty('scroll-behavior', saved.scrollBehavior);
      else root.style.removeProperty('scroll-behavior');
      if (saved.rootHadNoStyle && root.getAttribute('style') === '') root.removeAttribute('style');
      saved = null;
      await settle(win, 0);
    },

    async fetchRawSource(url, maxBytes) {
      return fetchSameOrigin(win, url, maxBytes);
    },

    serializeDom(maxChars) {
      const doc = win.document;
      const doctype = doc.doctype ? `<!DOCTYPE ${doc.doctype.name}>\n` : '';
      const html = doctype + (attempt(() => doc.documentElement.outerHTML) ?? '');
      return { html: html.slice(0, maxChars), truncated: html.length > maxChars, length: html.length };
    },

    startPick,

    postElement: () => element,
  };
}

/**
 * Fetches an email's raw source from the page's own context, so that the site sees the
 * signed-in person's cookies: same origin as the page only, at most `maxBytes`. An HTML answer
 * (a "show original" page) is kept only as the text of its `<pre>` holding the headers, and that
 * is said in `from`. Never throws: a failure is a reason in plain words.
 */
export async function fetchSameOrigin(win: Window, url: string, maxBytes: number): Promise<RawSource> {
  let target: URL;
  try {
    target = new URL(url, win.location.href);
  } catch {
    return { ok: false, reason: 'The address of the raw message is not valid.' };
  }
  if (target.origin !== win.location.origin) return { ok: false, reason: 'The raw message is not on the same site as the page, so it was not fetched.' };
  try {
    const response = await win.fetch(target.href, { credentials: 'include', cache: 'no-store' });
    if (!response.ok) return { ok: false, reason: `The site answered ${response.status} when asked for the raw message.` };
    if (new URL(response.url || target.href).origin !== win.location.origin) return { ok: false, reason: 'The site sent the raw message request to another site.' };
    const bytes = await readBounded(response, maxBytes);
    if (!bytes) return { ok: false, reason: `The raw message is larger than ${maxBytes} bytes, so it was not kept.` };
    const mediaType = (response.headers.get('content-type') ?? 'application/octet-stream').slice(0, 200);
    if (/^text\/html/i.test(mediaType)) {
      const html = new TextDecoder().decode(bytes);
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const pre = Array.from(doc.querySelectorAll('pre')).find((p) => /^(received|from|message-id|delivered-to|return-path|mime-version):/im.test(p.textContent ?? ''));
      if (!pre) return { ok: false, reason: 'The site answered with a page that does not hold the raw message.' };
      const text = (pre.textContent ?? '').replace(/\r?\n/g, '\r\n');
      const responseSha256 = await sha256Hex(win, bytes);
      return { ok: true, base64: toBase64(new TextEncoder().encode(text)), mediaType: 'message/rfc822', url: target.href, from: 'html-pre', ...(responseSha256 ? { responseSha256 } : {}) };
    }
    return { ok: true, base64: toBase64(bytes), mediaType: 'message/rfc822', url: target.href, from: 'response' };
  } catch (error) {
    return { ok: false, reason: `The raw message could not be fetched: ${String(error instanceof Error ? error.message : error).slice(0, 200)}` };
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.byteLength > maxBytes ? null : whole;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

async function sha256Hex(win: Window, bytes: Uint8Array): Promise<string | undefined> {
  try {
    const digest = await win.crypto.subtle.digest('SHA-256', bytes as BufferSource);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined; // no WebCrypto outside secure contexts
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Two animation frames (the scroll is painted), then `extraMs` for lazy content; bounded if frames stall. */
function settle(win: Window, extraMs: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      setTimeout(resolve, extraMs);
    };
    setTimeout(finish, 120);
    try {
      win.requestAnimationFrame(() => win.requestAnimationFrame(finish));
    } catch {
      finish();
    }
  });
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
