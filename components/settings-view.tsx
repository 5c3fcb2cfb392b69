import { i18n } from '#i18n';
import { DiscreetSettings } from './discreet-settings';
import { EncryptionSettings } from './encryption-settings';
import { KeepingSettings } from './keeping-settings';
import { PermissionsList } from './permissions-list';
import { QuickExitButton } from './quick-exit-button';
import { TimestampSettingsSection } from './timestamp-settings';
import { useActivityNoting, useDiscreetTitle, useLockState, useSafetySettings } from './use-safety-state';

/** The settings page: safety and privacy of the log on a device others may use. */
export function SettingsView() {
  const settings = useSafetySettings();
  const lock = useLockState();
  useDiscreetTitle(settings?.discreetMode);
  useActivityNoting(lock?.encrypted === true && lock.unlocked);
  return (
    <main class="settings">
      <header class="settings__header">
        <h1>{i18n.t('settings.heading')}</h1>
        <QuickExitButton />
      </header>
      <p class="settings-help">{i18n.t('settings.intro')}</p>
      <EncryptionSettings />
      <DiscreetSettings />
      <KeepingSettings />
      <TimestampSettingsSection />
      <PermissionsList />
    </main>
  );
}
