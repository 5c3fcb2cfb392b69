import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '@/utils/format/bytes';
import { formatLocalFull } from '@/utils/format/time';
import {
  EXPORT_REMINDER_CAPTURE_CHOICES,
  EXPORT_REMINDER_DAY_CHOICES,
  updateSafetySettings,
} from '@/utils/safety/settings';
import { keepLogPersistent, type Persistence } from '@/utils/safety/storage-space';
import { useCareState, useSafetySettings, useSpace } from './use-safety-state';

/** Keeping the log: persistent storage, space used and left, export reminders, and what removing Holdfast does. */
export function KeepingSettings() {
  const settings = useSafetySettings();
  const care = useCareState();
  const space = useSpace(10_000);
  const [persistence, setPersistence] = useState<Persistence | undefined>();
  const [status, setStatus] = useState('');
  useEffect(() => void keepLogPersistent().then(setPersistence), []);
  if (!settings || !care) return null;

  async function save(patch: Parameters<typeof updateSafetySettings>[0]) {
    await updateSafetySettings(patch);
    setStatus(i18n.t('settings.saved'));
  }

  return (
    <section class="settings-section" aria-labelledby="keeping-heading" id="keeping">
      <h2 id="keeping-heading">{i18n.t('keeping.heading')}</h2>
      <p class="notice notice--warning">{i18n.t('keeping.uninstallWarning')}</p>

      <h3>{i18n.t('keeping.spaceHeading')}</h3>
      {space ? (
        <div class="space">
          <meter min={0} max={space.quotaBytes} value={space.usedBytes} aria-label={i18n.t('keeping.spaceHeading')} />
          <p>{i18n.t('keeping.spaceUsed', [formatBytes(space.usedBytes), formatBytes(space.availableBytes), String(space.capturesLeft)])}</p>
          {space.level !== 'ok' && (
            <p class={`notice ${space.level === 'critical' ? 'notice--danger' : 'notice--warning'}`} role="alert">
              {i18n.t(space.level === 'critical' ? 'notices.spaceCritical' : 'notices.spaceLow', [formatBytes(space.availableBytes), String(space.capturesLeft)])}
            </p>
          )}
        </div>
      ) : (
        <p>{i18n.t('keeping.spaceUnknown')}</p>
      )}
      <p role="status">
        {persistence === 'persistent' || persistence === 'unlimited' ? i18n.t('keeping.persistent') : persistence === 'not-persistent' ? i18n.t('keeping.notPersistent') : ''}
      </p>
      {persistence === 'not-persistent' && (
        <button type="button" class="button button--secondary" onClick={() => void keepLogPersistent().then(setPersistence)}>
          {i18n.t('keeping.askPersistent')}
        </button>
      )}

      <h3>{i18n.t('keeping.remindersHeading')}</h3>
      <p>{care.lastExport ? i18n.t('keeping.lastExport', [formatLocalFull(care.lastExport.at)]) : i18n.t('keeping.neverExported')}</p>
      <label class="check">
        <input type="checkbox" checked={settings.exportReminders} onChange={(e) => void save({ exportReminders: e.currentTarget.checked })} /> {i18n.t('keeping.remindersToggle')}
      </label>
      <div class="fields fields--row">
        <label for="reminder-captures">{i18n.t('keeping.reminderCaptures')}</label>
        <select id="reminder-captures" value={String(settings.exportReminderCaptures)} disabled={!settings.exportReminders} onChange={(e) => void save({ exportReminderCaptures: Number(e.currentTarget.value) })}>
          {EXPORT_REMINDER_CAPTURE_CHOICES.map((n) => (
            <option key={n} value={String(n)}>{i18n.t('keeping.capturesChoice', [String(n)])}</option>
          ))}
        </select>
        <label for="reminder-days">{i18n.t('keeping.reminderDays')}</label>
        <select id="reminder-days" value={String(settings.exportReminderDays)} disabled={!settings.exportReminders} onChange={(e) => void save({ exportReminderDays: Number(e.currentTarget.value) })}>
          {EXPORT_REMINDER_DAY_CHOICES.map((n) => (
            <option key={n} value={String(n)}>{i18n.t('keeping.daysChoice', [String(n)])}</option>
          ))}
        </select>
      </div>
      <p class="settings-status" role="status" aria-live="polite">{status}</p>
    </section>
  );
}
