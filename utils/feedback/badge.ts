/**
 * Feedback on the toolbar icon after each capture: a green tick when it was kept, a red "!" when
 * it failed (the popup says why), and the button's title saying the same in words. In discreet
 * mode the badge is a colour without text and the title stays neutral.
 */
import { i18n } from '#i18n';
import type { CaptureRecord } from '../db/records';
import { toolbarTitle } from '../safety/discreet';
import { getSafetySettings } from '../safety/settings';

/** Badge text in discreet mode: a space shows the colour alone. */
export const DISCREET_BADGE_TEXT = ' ';

async function isDiscreet(discreet: boolean | undefined): Promise<boolean> {
  return discreet ?? (await getSafetySettings().then((s) => s.discreetMode, () => false));
}

const CLEAR_AFTER_MS = { done: 4_000, failed: 15_000 } as const;
let clearTimer: ReturnType<typeof setTimeout> | undefined;

/** A capture was asked for. `discreet` defaults to the person's setting. */
export async function showPending(discreet?: boolean): Promise<void> {
  const quiet = await isDiscreet(discreet);
  await browser.action.setBadgeBackgroundColor({ color: '#5f6368' });
  await browser.action.setBadgeText({ text: quiet ? DISCREET_BADGE_TEXT : '…' });
}

/** A capture settled (done or failed). `discreet` defaults to the person's setting. */
export async function showSettled(record: CaptureRecord, discreet?: boolean): Promise<void> {
  const quiet = await isDiscreet(discreet);
  const ok = record.status === 'done';
  clearTimeout(clearTimer);
  await browser.action.setBadgeBackgroundColor({ color: ok ? '#1b6e35' : '#b3261e' });
  await browser.action.setBadgeText({ text: quiet ? DISCREET_BADGE_TEXT : ok ? '✓' : '!' });
  await browser.action.setTitle({
    title: quiet ? toolbarTitle(true) : ok ? i18n.t('badgeSaved') : i18n.t('badgeFailed', [record.failure?.reason ?? '']),
  });
  clearTimer = setTimeout(() => {
    void browser.action.setBadgeText({ text: '' });
    void browser.action.setTitle({ title: toolbarTitle(quiet) });
  }, CLEAR_AFTER_MS[ok ? 'done' : 'failed']);
}
