import { i18n } from '#i18n';
import Dexie from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { lockLog } from '@/utils/safety/encryption';
import { exportReminder, snoozeUntil } from '@/utils/safety/export-reminder';
import { updateCareState } from '@/utils/safety/settings';
import { keepLogPersistent } from '@/utils/safety/storage-space';
import { formatBytes } from '@/utils/format/bytes';
import { useLiveQuery } from './use-live-query';
import { useActivityNoting, useCareState, useDiscreetTitle, useLockState, useSafetySettings, useSpace } from './use-safety-state';

const settingsUrl = (section: string) => `${browser.runtime.getURL('/settings.html')}#${section}`;

/**
 * What the person should know about the safety of their log, in the popup and the dashboard:
 * the first-run card, whether the log is locked, space running out or a capture lost to a full
 * disk, and the reminder to export. Also makes the page follow discreet mode and auto-lock.
 * `place`: in the popup links open new tabs; in the dashboard the export is on the same page.
 * `lockShownElsewhere`: the page shows its own unlock form, so the locked notice is not repeated.
 */
export function SafetyNotices({ place, lockShownElsewhere = false }: { place: 'popup' | 'dashboard'; lockShownElsewhere?: boolean }) {
  const settings = useSafetySettings();
  const care = useCareState();
  const lock = useLockState();
  const space = useSpace();
  const unlocked = lock?.encrypted === true && lock.unlocked;
  useActivityNoting(unlocked);
  useDiscreetTitle(settings?.discreetMode);
  useEffect(() => void keepLogPersistent(), []);

  const lastExportAt = care?.lastExport?.at ?? '';
  const unexported = useLiveQuery(async () => {
    // Kept captures pressed after the last export (a new collection each time: `first()` limits the one it is called on).
    const done = () => getDb().captures.where('[status+pressedAt]').between(['done', lastExportAt || Dexie.minKey], ['done', Dexie.maxKey], false, true);
    return { count: await done().count(), oldestAt: (await done().first())?.pressedAt ?? null };
  }, [lastExportAt]);
  const newest = useLiveQuery(() => getDb().captures.orderBy('pressedAt').last(), []);
  const [now] = useState(() => Date.now());

  if (!settings || !care) return null;
  const reminder = unexported
    ? exportReminder(settings, care, { now, capturesSinceExport: unexported.count, oldestUnexportedAt: unexported.oldestAt })
    : { due: false as const };
  const outOfSpace = newest?.status === 'failed' && newest.failure?.code === 'storage-full';
  const target = place === 'popup' ? '_blank' : undefined;

  return (
    <section class="notices" aria-label={i18n.t('notices.label')}>
      {!care.welcomeDone && (
        <div class="notice notice--welcome" role="region" aria-labelledby="welcome-heading">
          <h2 id="welcome-heading">{i18n.t('welcome.heading')}</h2>
          <p>{i18n.t('welcome.onlyHere')}</p>
          <p>{i18n.t('welcome.sharedDevice')}</p>
          <div class="notice__actions">
            <a class="button button--primary" href={settingsUrl('encryption')} target="_blank" rel="noopener" onClick={() => void updateCareState({ welcomeDone: true })}>
              {i18n.t('welcome.setUp')}
            </a>
            <button type="button" class="button button--quiet" onClick={() => void updateCareState({ welcomeDone: true })}>
              {i18n.t('welcome.notNow')}
            </button>
          </div>
        </div>
      )}
      {lock?.encrypted && !lock.unlocked && !lockShownElsewhere && (
        <p class="notice notice--lock" role="status">
          <span>{i18n.t('notices.locked')}</span>{' '}
          <a href={settingsUrl('unlock')} target="_blank" rel="noopener">{i18n.t('notices.unlock')}</a>
        </p>
      )}
      {unlocked && (
        <p class="notice notice--lock" role="status">
          <span>{lock.autoLockAt ? i18n.t('notices.unlockedUntil', [new Date(lock.autoLockAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })]) : i18n.t('notices.unlocked')}</span>{' '}
          <button type="button" class="button button--quiet button--small" onClick={() => void lockLog(browser.storage.session, getDb())}>
            {i18n.t('notices.lockNow')}
          </button>
        </p>
      )}
      {outOfSpace && (
        <p class="notice notice--danger" role="alert">{i18n.t('notices.outOfSpace')}</p>
      )}
      {!outOfSpace && space && space.level !== 'ok' && (
        <p class={`notice ${space.level === 'critical' ? 'notice--danger' : 'notice--warning'}`} role="alert">
          {i18n.t(space.level === 'critical' ? 'notices.spaceCritical' : 'notices.spaceLow', [formatBytes(space.availableBytes), String(space.capturesLeft)])}
        </p>
      )}
      {reminder.due && (
        <div class="notice notice--reminder" role="status">
          <p>
            {reminder.reason === 'days'
              ? i18n.t('notices.exportReminderDays', [String(reminder.capturesSinceExport), String(reminder.days)])
              : i18n.t('notices.exportReminderCaptures', [String(reminder.capturesSinceExport)])}
          </p>
          <div class="notice__actions">
            <a class="button button--secondary button--small" href={place === 'popup' ? browser.runtime.getURL('/dashboard.html') : '#export-heading'} target={target} rel="noopener">
              {i18n.t('notices.exportNow')}
            </a>
            <button type="button" class="button button--quiet button--small" onClick={() => void updateCareState({ exportReminderSnoozedUntil: snoozeUntil(Date.now()) })}>
              {i18n.t('notices.later')}
            </button>
          </div>
        </div>
      )}
      <p class="notices__settings">
        <a href={browser.runtime.getURL('/settings.html')} target="_blank" rel="noopener">{i18n.t('notices.settingsLink')}</a>
      </p>
    </section>
  );
}
