import { i18n } from '#i18n';
import { activeTabTarget, captureQueue, startPickInTab, targetFrom } from '@/utils/capture/browser-services';
import { createPickSessions, type PickSession } from '@/utils/capture/pick-session';
import type { CaptureOptions, CaptureTarget } from '@/utils/capture/queue';
import { getDb } from '@/utils/db/database';
import type { CaptureTrigger } from '@/utils/db/records';
import { showPending, showSettled } from '@/utils/feedback/badge';
import { onOwnMessage, type CaptureRequestResult } from '@/utils/messaging/protocol';
import { captureMenuTitle } from '@/utils/safety/discreet';
import { lockLog } from '@/utils/safety/encryption';
import { quickExit } from '@/utils/safety/quick-exit';
import { getSafetySettings } from '@/utils/safety/settings';
import { registerSafetyListeners } from '@/utils/safety/worker';
import { registerTimestampListeners, timestampNewCaptures } from '@/utils/integrity/timestamp-worker';

const MENU_CAPTURE_PAGE = 'capture-page' as const;
const MENU_CAPTURE_POST = 'capture-post' as const;
const MENU_CAPTURE_FULL_PAGE = 'capture-full-page' as const;

export default defineBackground({
  type: 'module',
  main() {
    const queue = captureQueue((record) => {
      void showSettled(record);
      // Opt-in trusted timestamp of the capture's custody event (after it is written; never blocks the capture).
      void timestampNewCaptures();
    });
    const pickStore = storage.defineItem<PickSession | null>('session:pickSession', { fallback: null });
    const picks = createPickSessions({ get: () => pickStore.getValue(), set: (s) => pickStore.setValue(s) }, () => Date.now());

    async function capture(trigger: CaptureTrigger, target: CaptureTarget | undefined, options?: CaptureOptions): Promise<CaptureRequestResult> {
      if (!target) return { ok: false, reason: i18n.t('noTabToCapture') };
      void showPending();
      const record = await queue.request(trigger, target, options);
      return { ok: true, captureId: record.id };
    }

    // Listeners are registered synchronously so that a worker woken by an event receives it.
    browser.commands.onCommand.addListener((command, tab) => {
      if (command === 'capture-page') void targetFrom(tab).then((target) => capture('shortcut', target));
      if (command === 'capture-post') void targetFrom(tab).then((target) => capture('shortcut', target, { kind: 'post' }));
    });

    browser.contextMenus.onClicked.addListener((info, tab) => {
      const elementId = (info as { targetElementId?: number }).targetElementId;
      const options: CaptureOptions | undefined =
        info.menuItemId === MENU_CAPTURE_POST
          ? { kind: 'post', ...(typeof elementId === 'number' ? { chosenBy: { source: 'context-menu', targetElementId: elementId } } : {}) }
          : info.menuItemId === MENU_CAPTURE_FULL_PAGE
            ? { kind: 'full-page' }
            : info.menuItemId === MENU_CAPTURE_PAGE
              ? {}
              : undefined;
      if (options) void targetFrom(tab).then((target) => capture('context-menu', target, options));
    });

    // Every message handler answers only the extension's own pages, with a payload that matches its schema.
    const own = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
    onOwnMessage('captureActiveTab', own, { ok: false, reason: 'Refused: not from a Holdfast page, or malformed' }, async () =>
      capture('popup', await activeTabTarget()),
    );

    onOwnMessage('captureFullPage', own, { ok: false, reason: 'Refused: not from a Holdfast page, or malformed' }, async () =>
      capture('popup', await activeTabTarget(), { kind: 'full-page' }),
    );

    onOwnMessage('startPick', own, { ok: false, reason: 'Refused' }, async () => {
      const target = await activeTabTarget();
      if (!target) return { ok: false, reason: i18n.t('noTabToCapture') };
      const session = await picks.start(target);
      try {
        await startPickInTab(target.tabId, session.token);
        return { ok: true };
      } catch (error) {
        await pickStore.setValue(null);
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    });

    // These two come from the pick mode this extension injected into the page, not from its pages.
    const ownScript = { ...own, from: 'injected-script' as const };
    onOwnMessage('postPicked', ownScript, { ok: false, reason: 'Refused' }, async (data, sender) => {
      const session = await picks.claim(data.token, sender.tab!.id!);
      if (!session) return { ok: false, reason: 'Refused: no pick was started in this tab' };
      const tab = sender.tab!;
      const target: CaptureTarget = { ...session.target, url: tab.url ?? session.target.url, title: tab.title ?? session.target.title };
      return capture('pick', target, { kind: 'post', chosenBy: { source: 'picked' } });
    });

    onOwnMessage('pickCancelled', ownScript, { ok: false }, async (data, sender) => ({ ok: Boolean(await picks.claim(data.token, sender.tab!.id!)) }));

    onOwnMessage('resumeCaptures', own, { ok: false }, () => {
      void queue.drain();
      return { ok: true };
    });

    onOwnMessage('quickExit', own, { ok: false }, async () => {
      const { neutralPage } = await getSafetySettings();
      await quickExit(browser, { extensionOrigin: own.origin, neutralPage, lock: () => lockLog(browser.storage.session, getDb(), 'quick-exit') });
      return { ok: true };
    });

    registerSafetyListeners();
    registerTimestampListeners();

    const createMenus = () => {
      void Promise.all([browser.contextMenus.removeAll(), getSafetySettings()]).then(([, settings]) => {
        // Chrome puts several items of one extension under a submenu named after it, in this order.
        browser.contextMenus.create({ id: MENU_CAPTURE_PAGE, title: captureMenuTitle(settings.discreetMode), contexts: ['all'] });
        browser.contextMenus.create({ id: MENU_CAPTURE_POST, title: captureMenuTitle(settings.discreetMode, MENU_CAPTURE_POST), contexts: ['all'] });
        browser.contextMenus.create({ id: MENU_CAPTURE_FULL_PAGE, title: captureMenuTitle(settings.discreetMode, MENU_CAPTURE_FULL_PAGE), contexts: ['all'] });
      });
    };
    browser.runtime.onInstalled.addListener(createMenus);
    browser.runtime.onStartup.addListener(createMenus);

    // Whatever was pending when the worker last stopped is processed now.
    void queue.drain();
  },
});
