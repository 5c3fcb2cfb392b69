import { i18n } from '#i18n';
import { activeTabTarget, captureQueue, targetFrom } from '@/utils/capture/browser-services';
import type { CaptureTarget } from '@/utils/capture/queue';
import { lockNow } from '@/utils/crypto/session-key';
import type { CaptureTrigger } from '@/utils/db/records';
import { showPending, showSettled } from '@/utils/feedback/badge';
import { onOwnMessage, type CaptureRequestResult } from '@/utils/messaging/protocol';
import { captureMenuTitle } from '@/utils/safety/discreet';
import { quickExit } from '@/utils/safety/quick-exit';
import { getSafetySettings } from '@/utils/safety/settings';
import { registerSafetyListeners } from '@/utils/safety/worker';

const MENU_CAPTURE_PAGE = 'capture-page';

export default defineBackground({
  type: 'module',
  main() {
    const queue = captureQueue((record) => void showSettled(record));

    async function capture(trigger: CaptureTrigger, target: CaptureTarget | undefined): Promise<CaptureRequestResult> {
      if (!target) return { ok: false, reason: i18n.t('noTabToCapture') };
      void showPending();
      const record = await queue.request(trigger, target);
      return { ok: true, captureId: record.id };
    }

    // Listeners are registered synchronously so that a worker woken by an event receives it.
    browser.commands.onCommand.addListener((command, tab) => {
      if (command === 'capture-page') void targetFrom(tab).then((target) => capture('shortcut', target));
    });

    browser.contextMenus.onClicked.addListener((info, tab) => {
      if (info.menuItemId === MENU_CAPTURE_PAGE) void targetFrom(tab).then((target) => capture('context-menu', target));
    });

    // Every message handler answers only the extension's own pages, with a payload that matches its schema.
    const own = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
    onOwnMessage('captureActiveTab', own, { ok: false, reason: 'Refused: not from a Holdfast page, or malformed' }, async () =>
      capture('popup', await activeTabTarget()),
    );

    onOwnMessage('resumeCaptures', own, { ok: false }, () => {
      void queue.drain();
      return { ok: true };
    });

    onOwnMessage('quickExit', own, { ok: false }, async () => {
      const { neutralPage } = await getSafetySettings();
      await quickExit(browser, { extensionOrigin: own.origin, neutralPage, lock: () => lockNow(browser.storage.session) });
      return { ok: true };
    });

    registerSafetyListeners();

    const createMenus = () => {
      void Promise.all([browser.contextMenus.removeAll(), getSafetySettings()]).then(([, settings]) =>
        browser.contextMenus.create({ id: MENU_CAPTURE_PAGE, title: captureMenuTitle(settings.discreetMode), contexts: ['all'] }),
      );
    };
    browser.runtime.onInstalled.addListener(createMenus);
    browser.runtime.onStartup.addListener(createMenus);

    // Whatever was pending when the worker last stopped is processed now.
    void queue.drain();
  },
});
