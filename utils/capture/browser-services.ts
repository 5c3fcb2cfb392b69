/**
 * The real browser behind the capture queue's services. Kept apart from the queue so that the
 * queue's behaviour is tested with a fake browser and this file stays a thin adapter.
 */
import { i18n } from '#i18n';
import type { Browser } from 'wxt/browser';
import { getDb } from '../db/database';
import { detectCaptureApis, screenshotIntervalMs } from './capture-apis';
import { captureEnvironment } from './environment';
import { createCaptureQueue, type CaptureQueue, type CaptureServices, type CaptureTarget } from './queue';
import { createPacer, errorMessage } from './screenshot';
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
