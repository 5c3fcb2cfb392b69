import { i18n } from '#i18n';
import * as v from 'valibot';
import { activeTabTarget, captureQueue, targetFrom } from '@/utils/capture/browser-services';
import type { CaptureTarget } from '@/utils/capture/queue';
import type { CaptureTrigger } from '@/utils/db/records';
import { showPending, showSettled } from '@/utils/feedback/badge';
import { PAYLOAD_SCHEMAS, isOwnPage, messaging, type CaptureRequestResult } from '@/utils/messaging/protocol';

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

    messaging.onMessage('captureActiveTab', async ({ data, sender }) => {
      if (!isOwnPage(sender, browser.runtime.id, browser.runtime.getURL('/'))) return { ok: false, reason: 'Refused: not from a Holdfast page' };
      if (!v.is(PAYLOAD_SCHEMAS.captureActiveTab, data)) return { ok: false, reason: 'Refused: malformed request' };
      return capture('popup', await activeTabTarget());
    });

    messaging.onMessage('resumeCaptures', async ({ data, sender }) => {
      if (!isOwnPage(sender, browser.runtime.id, browser.runtime.getURL('/')) || !v.is(PAYLOAD_SCHEMAS.resumeCaptures, data)) return { ok: false };
      void queue.drain();
      return { ok: true };
    });

    const createMenus = () => {
      void browser.contextMenus.removeAll().then(() =>
        browser.contextMenus.create({ id: MENU_CAPTURE_PAGE, title: i18n.t('menuCapturePage'), contexts: ['all'] }),
      );
    };
    browser.runtime.onInstalled.addListener(createMenus);
    browser.runtime.onStartup.addListener(createMenus);

    // Whatever was pending when the worker last stopped is processed now.
    void queue.drain();
  },
});
