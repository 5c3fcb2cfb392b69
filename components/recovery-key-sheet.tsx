import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { formatLocalFull } from '@/utils/format/time';

/**
 * The recovery key, shown once: large, grouped, with a Print button that prints only this sheet
 * (see `.recovery-sheet` in styles.css) and a confirmation that it was kept before going on. It
 * is never stored, copied or sent anywhere by Holdfast.
 */
export function RecoveryKeySheet({ recoveryKey, onDone }: { recoveryKey: string; onDone: () => void }) {
  const [kept, setKept] = useState(false);
  const [madeAt] = useState(() => new Date().toISOString());
  return (
    <div class="recovery-sheet" role="region" aria-labelledby="recovery-heading">
      <h3 id="recovery-heading">{i18n.t('recovery.heading')}</h3>
      <p>{i18n.t('recovery.explain')}</p>
      <p class="recovery-sheet__key" aria-label={i18n.t('recovery.keyLabel')}>
        <code>{recoveryKey}</code>
      </p>
      <p class="recovery-sheet__date">{i18n.t('recovery.madeAt', [formatLocalFull(madeAt)])}</p>
      <p>{i18n.t('recovery.keepSafe')}</p>
      <div class="recovery-sheet__actions">
        <button type="button" class="button button--secondary" onClick={() => window.print()}>
          {i18n.t('recovery.print')}
        </button>
        <label class="check">
          <input type="checkbox" checked={kept} onChange={(e) => setKept(e.currentTarget.checked)} /> {i18n.t('recovery.kept')}
        </label>
        <button type="button" class="button button--primary" disabled={!kept} onClick={onDone}>
          {i18n.t('recovery.done')}
        </button>
      </div>
    </div>
  );
}
