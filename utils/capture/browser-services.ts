/**
 * The real browser behind the capture queue's services. Kept apart from the queue so that the
 * queue's behaviour is tested with a fake browser and this file stays a thin adapter.
 */
import { i18n } from '#i18n';
import type { Browser } from 'wxt/browser';
import { getDb } from '../db/database';
import { loadEvidenceCodec } from '../db/evidence-codec';
import { detectCaptureApis, screenshotIntervalMs } from './capture-apis';
import { captureEnvironment } from './environment';
import { createCaptureQueue, MAX_RAW_EMAIL_BYTES, type CaptureQueue, type CaptureServices, type CaptureTarget, type PageSnapshot } from './queue';
import type { PageTools, ReadRequest } from './page-tools';
import { DomSnapshotSchema } from './post-read';
import * as v from 'valibot';
import { createPacer, errorMessage } from './screenshot';
import { composeWithOffscreenCanvas } from './compose';
import { makeThumbnail } from './thumbnail';

const READ_RETRIES = 3;
const READ_RETRY_MS = 100;

/**
 * Runs the reader in the tab. Chrome sometimes answers "Cannot access contents of the page" to an
 * `executeScript` made straight from a `commands.onCommand` handler although the `activeTab`
 * grant is in effect; a retry 50–150 ms later succeeds (see STACK.md), so we retry that error.
 */
export async function readPageInTab(tabId: number): Promise<unknown> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const [first] = await browser.scripting.executeScript({ target: { tabId }, files: ['/reader.js'] });
      if (!first) throw new Error('The page did not answer');
      return first.result;
    } catch (error) {
      if (attempt >= READ_RETRIES || !/Cannot access contents/i.test(errorMessage(error))) throw error;
      await new Promise((r) => setTimeout(r, READ_RETRY_MS));
    }
  }
}

const MHTML_ATTEMPTS = 3;
const MHTML_RETRY_MS = 150;

/** Largest serialised DOM kept where the browser has no MHTML (characters). */
const MAX_DOM_CHARS = 20_000_000;

/** Runs `run` with the retry that `executeScript` needs right after a shortcut (see above). */
async function withAccessRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= READ_RETRIES || !/Cannot access contents/i.test(errorMessage(error))) throw error;
      await new Promise((r) => setTimeout(r, READ_RETRY_MS));
    }
  }
}

/**
 * Calls one of the post reader's tools in the tab's main frame, injecting `post-reader.js` first
 * when it is not there yet. The function sent is self-contained (it is serialised): it only
 * reaches the tools the file installed in the extension's isolated world.
 */
async function callPageTool<K extends keyof PageTools>(tabId: number, tool: K, args: Parameters<PageTools[K]>): Promise<unknown> {
  const call = async () => {
    const [first] = await browser.scripting.executeScript({
      target: { tabId },
      func: async (name: string, list: unknown[]) => {
        const tools = (globalThis as unknown as { holdfastPageTools?: Record<string, (...a: unknown[]) => unknown> }).holdfastPageTools;
        return tools ? { installed: true, value: await tools[name](...list) } : { installed: false, value: null };
      },
      args: [tool, args as unknown[]],
    });
    return first?.result as { installed: boolean; value: unknown } | undefined;
  };
  return withAccessRetry(async () => {
    let answer = await call();
    if (!answer?.installed) {
      await browser.scripting.executeScript({ target: { tabId }, files: ['/post-reader.js'] });
      answer = await call();
    }
    if (!answer?.installed) throw new Error('The page did not answer');
    return answer.value;
  });
}

/** The page itself: MHTML from `pageCapture` where the browser has it (Chrome), else the serialised DOM. */
export async function snapshotInTab(tabId: number): Promise<PageSnapshot> {
  const pageCapture = (browser as unknown as { pageCapture?: { saveAsMHTML?: (d: { tabId: number }) => Promise<Blob | undefined> } }).pageCapture;
  if (typeof pageCapture?.saveAsMHTML === 'function') {
    // Chrome hands the MHTML over as a Blob backed by a temporary file; now and then the file is
    // gone before it can be read ("A requested file or directory could not be found"). Saving
    // again then works, so a few attempts are made before the snapshot is reported missing.
    for (let attempt = 1; ; attempt += 1) {
      try {
        const blob = await pageCapture.saveAsMHTML({ tabId });
        if (!blob) throw new Error('The browser returned no MHTML');
        return { bytes: new Uint8Array(await blob.arrayBuffer()), method: 'pageCapture.saveAsMHTML', mediaType: 'multipart/related', truncated: false };
      } catch (error) {
        if (attempt >= MHTML_ATTEMPTS || !/could not be found|NotFound/i.test(errorMessage(error))) throw error;
        await new Promise((r) => setTimeout(r, MHTML_RETRY_MS));
      }
    }
  }
  const dom = v.parse(DomSnapshotSchema, await callPageTool(tabId, 'serializeDom', [MAX_DOM_CHARS]));
  return { bytes: new TextEncoder().encode(dom.html), method: 'serialised-dom', mediaType: 'text/html; charset=utf-8', truncated: dom.truncated };
}

/**
 * Renders the post the reader found with html2canvas-pro (`post-renderer.js`, injected only now).
 * Chrome runs it in the isolated world; Firefox refuses html2canvas there (a SecurityError), so no
 * rendering is attempted in Firefox.
 */
export async function renderPostInTab(tabId: number): Promise<unknown> {
  if (import.meta.env.FIREFOX) throw new Error('no page rendering in this browser');
  return withAccessRetry(async () => {
    await browser.scripting.executeScript({ target: { tabId }, files: ['/post-renderer.js'] });
    const [first] = await browser.scripting.executeScript({
      target: { tabId },
      func: async () => {
        const render = (globalThis as unknown as { holdfastRenderPost?: () => Promise<unknown> }).holdfastRenderPost;
        return render ? await render() : { ok: false, reason: 'The renderer did not load' };
      },
    });
    return first?.result;
  });
}

/** Starts the pick mode in the tab (the post reader's picker), handing it the session's token. */
export async function startPickInTab(tabId: number, token: string): Promise<void> {
  const started = await callPageTool(tabId, 'startPick', [token]);
  if (started !== true) throw new Error('The page did not start the pick mode');
}

export function browserCaptureServices(onSettled: CaptureServices['onSettled']): CaptureServices {
  return {
    db: getDb(),
    now: () => Date.now(),
    // Chrome allows 2 screenshots a second and says so; Firefox sets no limit, so none is kept there.
    pacer: createPacer(undefined, undefined, screenshotIntervalMs(detectCaptureApis(browser).screenshotsPerSecond)),
    takeScreenshot: (windowId) => browser.tabs.captureVisibleTab(windowId, { format: 'png' }),
    readPage: readPageInTab,
    getTab: async (tabId) => {
      try {
        const tab = await browser.tabs.get(tabId);
        return { windowId: tab.windowId ?? -1, active: Boolean(tab.active), url: tab.url };
      } catch {
        return undefined;
      }
    },
    environment: () => captureEnvironment(i18n.t('extName')),
    makeThumbnail,
    onSettled,
    evidenceCodec: () => loadEvidenceCodec(getDb(), browser.storage.session, Date.now()),
    readPost: (tabId, request: ReadRequest) => callPageTool(tabId, 'read', [request]),
    scrollForShot: (tabId, y, hide, settleMs) => callPageTool(tabId, 'scrollForShot', [y, hide, settleMs]),
    scrollPostRow: (tabId, row, settleMs) => callPageTool(tabId, 'scrollPostRow', [row, settleMs]),
    restorePage: async (tabId) => {
      await callPageTool(tabId, 'restore', []);
    },
    composeImage: composeWithOffscreenCanvas,
    snapshotPage: snapshotInTab,
    fetchRawSource: (tabId, url) => callPageTool(tabId, 'fetchRawSource', [url, MAX_RAW_EMAIL_BYTES]),
    renderPost: renderPostInTab,
  };
}

let queue: CaptureQueue | undefined;

/** The worker's capture queue, created on first use. */
export function captureQueue(onSettled?: CaptureServices['onSettled']): CaptureQueue {
  queue ??= createCaptureQueue(browserCaptureServices(onSettled));
  return queue;
}

type BrowserWindow = Browser.windows.Window;
type WindowQuery = { windowTypes: `${Browser.windows.WindowType}`[]; populate: boolean };
/** The two calls of `browser.windows` that find the tab in front. */
export interface WindowsApi {
  getLastFocused(query: WindowQuery): Promise<BrowserWindow>;
  getAll(query: WindowQuery): Promise<BrowserWindow[]>;
}

/**
 * The tab the person is looking at: the active tab of the last focused normal window. Chrome
 * honours `windowTypes` in `windows.getLastFocused`; Firefox ignores it there (it returns the
 * top window of any type, see ext-windows.js `getLastFocused`), so when the popup runs in a
 * window of its own, or any other non-normal window was focused last, the normal windows are
 * asked for instead, and of their active tabs the one the person used last is taken.
 */
export async function activeTabTarget(windows: WindowsApi = browser.windows): Promise<CaptureTarget | undefined> {
  const last = await windows.getLastFocused({ windowTypes: ['normal'], populate: true }).catch(() => undefined);
  let win: BrowserWindow | undefined = last && (last.type ?? 'normal') === 'normal' ? last : undefined;
  if (!win) {
    const normal = await windows.getAll({ windowTypes: ['normal'], populate: true }).catch(() => [] as BrowserWindow[]);
    win = normal.find((w) => w.focused) ?? mostRecentlyUsed(normal);
  }
  const tab = win?.tabs?.find((t) => t.active);
  if (!tab || tab.id === undefined || tab.windowId === undefined) return undefined;
  return { tabId: tab.id, windowId: tab.windowId, url: tab.url, title: tab.title };
}

function mostRecentlyUsed(windows: BrowserWindow[]): BrowserWindow | undefined {
  const lastUsed = (w: BrowserWindow) => w.tabs?.find((t) => t.active)?.lastAccessed ?? -1;
  return windows.reduce<BrowserWindow | undefined>((best, w) => (!best || lastUsed(w) > lastUsed(best) ? w : best), undefined);
}

/** A capture target from a tab handed to a listener, or the active tab when none was. */
export async function targetFrom(tab: { id?: number; windowId?: number; url?: string; title?: string } | undefined): Promise<CaptureTarget | undefined> {
  if (tab?.id !== undefined && tab.id >= 0 && tab.windowId !== undefined) {
    return { tabId: tab.id, windowId: tab.windowId, url: tab.url, title: tab.title };
  }
  return activeTabTarget();
}
