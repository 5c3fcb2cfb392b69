import { i18n } from '#i18n';
import { getDb } from '@/utils/db/database';
import { idleLockMsOf, unlockLog } from '@/utils/safety/encryption';
import { getSafetySettings } from '@/utils/safety/settings';
import { SecretForm } from './unlock-form';
import { useLiveQuery } from './use-live-query';

/** How many captures are sealed (kept encrypted); follows the log. */
export function useSealedCount(): number | undefined {
  return useLiveQuery(() => getDb().captures.filter((c) => !!c.sealed).count(), []);
}

/**
 * Said where the log would be while it is locked: how many captures are encrypted, that the log
 * is locked, and the unlock form (passphrase or recovery key) right there. After unlocking, the
 * page shows the captures by itself (it follows the lock state). `countText` says what else is
 * encrypted when it is not captures (incidents, people).
 */
export function LockedLog({ sealedCount, idPrefix, explain, countText }: { sealedCount: number; idPrefix: string; explain?: string; countText?: string }) {
  return (
    <section class="locked-log" aria-labelledby={`${idPrefix}-heading`}>
      <h2 id={`${idPrefix}-heading`}>{i18n.t('sealed.heading')}</h2>
      <p class="locked-log__count">{countText ?? i18n.t('sealed.count', sealedCount, [String(sealedCount)])}</p>
      {explain && <p>{explain}</p>}
      <SecretForm
        idPrefix={idPrefix}
        submitLabel={i18n.t('encryption.unlock')}
        onSecret={async (secret) => {
          const settings = await getSafetySettings();
          await unlockLog(getDb(), browser.storage.session, secret, { now: Date.now(), idleLockMs: idleLockMsOf(settings.autoLockMinutes) });
        }}
      />
    </section>
  );
}
