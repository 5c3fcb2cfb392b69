/**
 * The background worker's part of keeping the person safe: the auto-lock alarm, discreet mode on
 * the toolbar, and erasing finished exports from the download list. Registered synchronously in
 * the worker's `main()` so that an event that wakes the worker is received.
 */
import { getDb } from '../db/database';
import { readKeyring } from '../db/keyring-store';
import { recordLocked } from '../integrity/custody-log';
import { AUTO_LOCK_ALARM, scheduleAutoLock } from './auto-lock';
import { applyToolbarAppearance } from './discreet';
import { forgetFinishedExport } from './forget-downloads';
import { getSafetySettings, watchSafetySettings } from './settings';

/** Ids of the context-menu items whose titles follow discreet mode. */
export const DISCREET_MENU_IDS = ['capture-page', 'capture-post', 'capture-full-page'] as const;

export function registerSafetyListeners(): void {
  const session = browser.storage.session;
  const schedule = () => void scheduleAutoLock(session, browser.alarms, Date.now()).catch(() => undefined);

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== AUTO_LOCK_ALARM) return;
    // The alarm fires once the idle limit has passed: the key is gone, record the lock.
    void scheduleAutoLock(session, browser.alarms, Date.now())
      .then(async (status) => {
        if (!status.unlocked && (await readKeyring(getDb()))) await recordLocked(getDb(), 'idle');
      })
      .catch(() => undefined);
  });
  // Unlocking, locking and activity all write the session area: each moves the alarm.
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'session') schedule();
  });

  const applyAppearance = (discreet: boolean) =>
    void applyToolbarAppearance(discreet, { action: browser.action, contextMenus: browser.contextMenus }, DISCREET_MENU_IDS).catch(() => undefined);
  watchSafetySettings((settings) => applyAppearance(settings.discreetMode));
  // The toolbar icon and title set at run time do not survive a browser restart: set them again.
  browser.runtime.onStartup.addListener(() => void getSafetySettings().then((s) => applyAppearance(s.discreetMode)));

  // `downloads` is optional: its events exist only once the person granted it.
  const extension = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  const onDownloadChanged = (delta: { id: number; state?: { current?: string } }) =>
    void forgetFinishedExport(browser.downloads, delta, { ...extension, enabled: async () => (await getSafetySettings()).forgetExportDownloads }).catch(() => undefined);
  const listenToDownloads = () => {
    if (browser.downloads?.onChanged && !browser.downloads.onChanged.hasListener(onDownloadChanged)) browser.downloads.onChanged.addListener(onDownloadChanged);
  };
  listenToDownloads();
  browser.permissions.onAdded.addListener((added) => {
    if (added.permissions?.includes('downloads')) listenToDownloads();
  });

  schedule();
  void getSafetySettings().then((s) => s.discreetMode && applyAppearance(true));
}
