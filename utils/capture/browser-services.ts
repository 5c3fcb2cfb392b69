/**
 * The real browser behind the capture queue's services. Kept apart from the queue so that the
 * queue's behaviour is tested with a fake browser and this file stays a thin adapter.
 */
import { i18n } from '#i18n';
import { getDb } from '../db/database';
import { loadEvidenceCodec } from '../db/evidence-codec';
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
    pacer: createPacer(),
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
  };
}

let queue: CaptureQueue | undefined;

/** The worker's capture queue, created on first use. */
export function captureQueue(onSettled?: CaptureServices['onSettled']): CaptureQueue {
  queue ??= createCaptureQueue(browserCaptureServices(onSettled));
  return queue;
}

/** The tab the person is looking at: the active tab of the last focused normal window. */
export async function activeTabTarget(): Promise<CaptureTarget | undefined> {
  const win = await browser.windows.getLastFocused({ windowTypes: ['normal'], populate: true }).catch(() => undefined);
  const tab = win?.tabs?.find((t) => t.active);
  if (!tab || tab.id === undefined || tab.windowId === undefined) return undefined;
  return { tabId: tab.id, windowId: tab.windowId, url: tab.url, title: tab.title };
}

/** A capture target from a tab handed to a listener, or the active tab when none was. */
export async function targetFrom(tab: { id?: number; windowId?: number; url?: string; title?: string } | undefined): Promise<CaptureTarget | undefined> {
  if (tab?.id !== undefined && tab.id >= 0 && tab.windowId !== undefined) {
    return { tabId: tab.id, windowId: tab.windowId, url: tab.url, title: tab.title };
  }
  return activeTabTarget();
}
