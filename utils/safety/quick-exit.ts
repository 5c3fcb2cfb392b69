/**
 * Quick exit: if someone walks in, one click closes every Holdfast page, locks the log and shows
 * an ordinary page of the person's choosing. Holdfast makes no request of its own: it only points
 * a new tab at that address; the tab loads it like any page the person opens.
 */
import { isAcceptableNeutralPage } from './settings';

/** The browser calls quick exit needs; `browser.tabs` and `browser.windows` fit. */
export interface QuickExitBrowser {
  tabs: {
    query(query: object): Promise<{ id?: number; url?: string; windowId?: number }[]>;
    create(properties: { url: string; active: boolean; windowId?: number }): Promise<unknown>;
    remove(tabIds: number[]): Promise<void>;
  };
  windows: {
    getLastFocused(options: { windowTypes: ('normal' | 'popup')[] }): Promise<{ id?: number; type?: string } | undefined>;
    create(properties: { url: string; focused: boolean }): Promise<unknown>;
  };
}

export interface QuickExitOptions {
  /** e.g. `chrome-extension://<id>/`: every tab whose address starts with it is closed. */
  extensionOrigin: string;
  neutralPage: string;
  /** Locks the log (removes the unlocked key). Runs first. */
  lock: () => Promise<void>;
}

/** What quick exit did. */
export interface QuickExitResult {
  closedTabs: number;
  shown: string;
}

const FALLBACK_PAGE = 'https://www.google.com/';

/**
 * Locks, shows the neutral page in the last focused normal window (a new window if there is
 * none), then closes every extension tab. The neutral page opens first so that closing the last
 * extension tab of a window never closes the browser.
 */
export async function quickExit(browser: QuickExitBrowser, options: QuickExitOptions): Promise<QuickExitResult> {
  const shown = isAcceptableNeutralPage(options.neutralPage) ? options.neutralPage : FALLBACK_PAGE;
  await options.lock().catch(() => undefined);
  const tabs = await browser.tabs.query({});
  const ours = tabs.filter((t) => typeof t.id === 'number' && typeof t.url === 'string' && t.url.startsWith(options.extensionOrigin));
  const window = await browser.windows.getLastFocused({ windowTypes: ['normal'] }).catch(() => undefined);
  if (window?.id !== undefined && window.type !== 'popup') await browser.tabs.create({ url: shown, active: true, windowId: window.id });
  else await browser.windows.create({ url: shown, focused: true });
  if (ours.length) await browser.tabs.remove(ours.map((t) => t.id!)).catch(() => undefined);
  return { closedTabs: ours.length, shown };
}
