import { i18n } from '#i18n';
import * as v from 'valibot';
import { activeTabTarget, captureQueue, startPickInTab, targetFrom } from '@/utils/capture/browser-services';
import { createPickSessions, type PickSession } from '@/utils/capture/pick-session';
import type { CaptureOptions, CaptureTarget } from '@/utils/capture/queue';
import type { CaptureTrigger } from '@/utils/db/records';
import { showPending, showSettled } from '@/utils/feedback/badge';
import { PAYLOAD_SCHEMAS, isOwnInjectedScript, isOwnPage, messaging, type CaptureRequestResult } from '@/utils/messaging/protocol';

const MENU_CAPTURE_PAGE = 'capture-page';
const MENU_CAPTURE_POST = 'capture-post';
const MENU_CAPTURE_FULL_PAGE = 'capture-full-page';

export default defineBackground({
  type: 'module',
  main() {
    const queue = captureQueue((record) => void showSettled(record));
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

    messaging.onMessage('captureActiveTab', async ({ data, sender }) => {
      if (!isOwnPage(sender, browser.runtime.id, browser.runtime.getURL('/'))) return { ok: false, reason: 'Refused: not from a Holdfast page' };
      if (!v.is(PAYLOAD_SCHEMAS.captureActiveTab, data)) return { ok: false, reason: 'Refused: malformed request' };
      return capture('popup', await activeTabTarget());
    });

    messaging.onMessage('captureFullPage', async ({ data, sender }) => {
      if (!isOwnPage(sender, browser.runtime.id, browser.runtime.getURL('/'))) return { ok: false, reason: 'Refused: not from a Holdfast page' };
      if (!v.is(PAYLOAD_SCHEMAS.captureFullPage, data)) return { ok: false, reason: 'Refused: malformed request' };
      return capture('popup', await activeTabTarget(), { kind: 'full-page' });
    });

    messaging.onMessage('startPick', async ({ data, sender }) => {
      if (!isOwnPage(sender, browser.runtime.id, browser.runtime.getURL('/')) || !v.is(PAYLOAD_SCHEMAS.startPick, data)) return { ok: false, reason: 'Refused' };
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

    messaging.onMessage('postPicked', async ({ data, sender }) => {
      if (!isOwnInjectedScript(sender, browser.runtime.id) || !v.is(PAYLOAD_SCHEMAS.postPicked, data)) return { ok: false, reason: 'Refused' };
      const session = await picks.claim(data.token, sender.tab!.id!);
      if (!session) return { ok: false, reason: 'Refused: no pick was started in this tab' };
      const tab = sender.tab!;
      const target: CaptureTarget = { ...session.target, url: tab.url ?? session.target.url, title: tab.title ?? session.target.title };
      return capture('pick', target, { kind: 'post', chosenBy: { source: 'picked' } });
    });

    messaging.onMessage('pickCancelled', async ({ data, sender }) => {
      if (!isOwnInjectedScript(sender, browser.runtime.id) || !v.is(PAYLOAD_SCHEMAS.pickCancelled, data)) return { ok: false };
      return { ok: Boolean(await picks.claim(data.token, sender.tab!.id!)) };
    });

    messaging.onMessage('resumeCaptures', async ({ data, sender }) => {
      if (!isOwnPage(sender, browser.runtime.id, browser.runtime.getURL('/')) || !v.is(PAYLOAD_SCHEMAS.resumeCaptures, data)) return { ok: false };
      void queue.drain();
      return { ok: true };
    });

    const createMenus = () => {
      void browser.contextMenus.removeAll().then(() => {
        // Chrome puts several items of one extension under a submenu named after it, in this order.
        browser.contextMenus.create({ id: MENU_CAPTURE_PAGE, title: i18n.t('menuCapturePage'), contexts: ['all'] });
        browser.contextMenus.create({ id: MENU_CAPTURE_POST, title: i18n.t('posts.menuCapturePost'), contexts: ['all'] });
        browser.contextMenus.create({ id: MENU_CAPTURE_FULL_PAGE, title: i18n.t('posts.menuCaptureFullPage'), contexts: ['all'] });
      });
    };
    browser.runtime.onInstalled.addListener(createMenus);
    browser.runtime.onStartup.addListener(createMenus);

    // Whatever was pending when the worker last stopped is processed now.
    void queue.drain();
  },
});
