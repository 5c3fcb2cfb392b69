/**
 * Feedback on the toolbar icon after each capture: a green tick when it was kept, a red "!" when
 * it failed (the popup says why), and the button's title saying the same in words.
 */
import { i18n } from '#i18n';
import type { CaptureRecord } from '../db/records';

const CLEAR_AFTER_MS = { done: 4_000, failed: 15_000 } as const;
let clearTimer: ReturnType<typeof setTimeout> | undefined;

export async function showPending(): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ color: '#5f6368' });
  await browser.action.setBadgeText({ text: '…' });
}

export async function showSettled(record: CaptureRecord): Promise<void> {
  const ok = record.status === 'done';
  clearTimeout(clearTimer);
  await browser.action.setBadgeBackgroundColor({ color: ok ? '#1b6e35' : '#b3261e' });
  await browser.action.setBadgeText({ text: ok ? '✓' : '!' });
  await browser.action.setTitle({
    title: ok ? i18n.t('badgeSaved') : i18n.t('badgeFailed', [record.failure?.reason ?? '']),
  });
  clearTimer = setTimeout(() => {
    void browser.action.setBadgeText({ text: '' });
    void browser.action.setTitle({ title: i18n.t('actionTitle') });
  }, CLEAR_AFTER_MS[ok ? 'done' : 'failed']);
}
