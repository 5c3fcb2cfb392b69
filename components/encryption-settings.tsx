import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { createEvidenceCodec, loadEvidenceCodec, sealExistingCaptures, type SealingProgress } from '@/utils/db/evidence-codec';
import { sealExistingLogWords } from '@/utils/db/log-words';
import { sealExistingNotes } from '@/utils/notes/notes';
import {
  applyIdleLimit,
  changeLogPassphrase,
  idleLockMsOf,
  lockLog,
  replaceLogRecoveryKey,
  turnOnEncryption,
  unlockLog,
  type LogSecret,
} from '@/utils/safety/encryption';
import { AUTO_LOCK_CHOICES, updateSafetySettings } from '@/utils/safety/settings';
import { NewPassphraseFields, type NewPassphrase } from './new-passphrase-fields';
import { RecoveryKeySheet } from './recovery-key-sheet';
import { SecretForm } from './unlock-form';
import { useLiveQuery } from './use-live-query';
import { useLockState, useSafetySettings } from './use-safety-state';

const session = () => browser.storage.session;

/**
 * Encryption at rest: turning it on (passphrase, recovery key to print), unlocking (passphrase or
 * recovery key), locking now and after a chosen idle time, changing the passphrase and making a
 * new recovery key. Captures are sealed even while the log is locked.
 */
export function EncryptionSettings() {
  const lock = useLockState();
  const settings = useSafetySettings();
  const [recoveryKey, setRecoveryKey] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const clearCaptures = useLiveQuery(() => getDb().captures.filter((c) => !c.sealed && c.status !== 'pending').count(), []);
  const [sealing, setSealing] = useState<SealingProgress | undefined>();
  const [sealError, setSealError] = useState('');
  const [sealNote, setSealNote] = useState('');

  if (!lock || !settings) return null;
  const idleLockMs = idleLockMsOf(settings.autoLockMinutes);

  async function sealOlderCaptures() {
    setSealError('');
    try {
      const codec = await loadEvidenceCodec(getDb(), session(), Date.now());
      const done = await sealExistingCaptures(getDb(), codec.sealingKeyId ? codec : createEvidenceCodec(), setSealing);
      if (codec.sealingKeyId) await sealExistingNotes(getDb(), codec);
      if (codec.sealingKeyId) await sealExistingLogWords(getDb(), codec);
      if (done.total > 0) setSealNote(i18n.t('encryption.olderSealed'));
    } catch (error) {
      setSealError(i18n.t('encryption.sealFailed', [error instanceof Error ? error.message : String(error)]));
    } finally {
      setSealing(undefined);
    }
  }

  async function chooseAutoLock(value: string) {
    const minutes = value === 'never' ? null : Number(value);
    await updateSafetySettings({ autoLockMinutes: minutes });
    await applyIdleLimit(getDb(), session(), { now: Date.now(), idleLockMs: idleLockMsOf(minutes) });
    setStatus(i18n.t('settings.saved'));
  }

  const autoLock = (
    <div class="fields">
      <label for="auto-lock">{i18n.t('encryption.autoLock')}</label>
      <select id="auto-lock" value={settings.autoLockMinutes === null ? 'never' : String(settings.autoLockMinutes)} onChange={(e) => void chooseAutoLock(e.currentTarget.value)}>
        {AUTO_LOCK_CHOICES.map((minutes) => (
          <option key={String(minutes)} value={minutes === null ? 'never' : String(minutes)}>
            {minutes === null ? i18n.t('encryption.autoLockNever') : i18n.t('encryption.autoLockMinutes', minutes, [String(minutes)])}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section class="settings-section" aria-labelledby="encryption-heading" id="encryption">
      <h2 id="encryption-heading">{i18n.t('encryption.heading')}</h2>
      <p>{i18n.t('encryption.explain')}</p>

      {recoveryKey ? (
        <RecoveryKeySheet
          recoveryKey={recoveryKey}
          onDone={() => {
            setRecoveryKey(undefined);
            setStatus(i18n.t('encryption.recoveryKeyKept'));
          }}
        />
      ) : !lock.encrypted ? (
        <TurnOn
          onTurnedOn={async (passphrase) => {
            const made = await turnOnEncryption(getDb(), session(), passphrase, { now: Date.now(), idleLockMs });
            setRecoveryKey(made.recoveryKey);
            setStatus(i18n.t('encryption.turnedOn'));
            void sealOlderCaptures();
          }}
        />
      ) : (
        <>
          <p class="settings-state" role="status">
            {lock.unlocked ? i18n.t('encryption.stateUnlocked') : i18n.t('encryption.stateLocked')}
          </p>
          {lock.unlocked ? (
            <button type="button" class="button button--primary" onClick={() => void lockLog(session(), getDb()).then(() => setStatus(i18n.t('encryption.lockedNow')))}>
              {i18n.t('encryption.lockNow')}
            </button>
          ) : (
            <div id="unlock">
              <h3>{i18n.t('encryption.unlockHeading')}</h3>
              <SecretForm
                idPrefix="unlock"
                submitLabel={i18n.t('encryption.unlock')}
                onSecret={async (secret) => {
                  await unlockLog(getDb(), session(), secret, { now: Date.now(), idleLockMs });
                  setStatus(i18n.t('encryption.unlocked'));
                }}
              />
            </div>
          )}
          {autoLock}
          {clearCaptures !== undefined && clearCaptures > 0 && !sealing && (
            <div class="notice notice--warning">
              <p>{i18n.t('encryption.olderNotSealed', clearCaptures, [String(clearCaptures)])}</p>
              <button type="button" class="button button--secondary" onClick={() => void sealOlderCaptures()}>
                {i18n.t('encryption.sealOlder')}
              </button>
            </div>
          )}
          <details class="settings-more">
            <summary>{i18n.t('encryption.changeHeading')}</summary>
            <ChangePassphrase idleLockMs={idleLockMs} onDone={() => setStatus(i18n.t('encryption.passphraseChanged'))} />
          </details>
          <details class="settings-more">
            <summary>{i18n.t('encryption.newRecoveryHeading')}</summary>
            <p>{i18n.t('encryption.newRecoveryExplain')}</p>
            <SecretForm
              idPrefix="new-recovery"
              submitLabel={i18n.t('encryption.newRecoveryButton')}
              onSecret={async (secret) => {
                if (secret.kind !== 'passphrase') throw Object.assign(new Error(i18n.t('encryption.newRecoveryNeedsPassphrase')), { name: 'NeedsPassphrase' });
                setRecoveryKey(await replaceLogRecoveryKey(getDb(), secret, { now: Date.now() }));
              }}
            />
          </details>
        </>
      )}
      {sealing && (
        <div class="sealing" role="status">
          <progress max={Math.max(1, sealing.total)} value={sealing.sealed} aria-label={i18n.t('encryption.sealingLabel')} />
          <span>{i18n.t('encryption.sealing', [String(sealing.sealed), String(sealing.total)])}</span>
        </div>
      )}
      {sealError && <p class="field-error" role="alert">{sealError}</p>}
      {sealNote && <p class="settings-note" role="status">{sealNote}</p>}
      <p class="settings-status" role="status" aria-live="polite">{status}</p>
    </section>
  );
}

/** The form that turns encryption on. */
function TurnOn({ onTurnedOn }: { onTurnedOn: (passphrase: string) => Promise<void> }) {
  const [value, setValue] = useState<NewPassphrase>({ passphrase: '', ready: false, problem: '' });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function submit(event: Event) {
    event.preventDefault();
    setTried(true);
    if (!value.ready) return;
    setBusy(true);
    setError('');
    try {
      await onTurnedOn(value.passphrase);
    } catch (failure) {
      setError(i18n.t('encryption.failed', [failure instanceof Error ? failure.message : String(failure)]));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ul class="plain-list">
        <li>{i18n.t('encryption.pointLocked')}</li>
        <li>{i18n.t('encryption.pointForget')}</li>
      </ul>
      <NewPassphraseFields idPrefix="turn-on" onChange={setValue} />
      {tried && value.problem && <p class="field-error" role="alert">{value.problem}</p>}
      {error && <p class="field-error" role="alert">{error}</p>}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? i18n.t('encryption.turningOn') : i18n.t('encryption.turnOn')}
      </button>
    </form>
  );
}

/** Current passphrase (or recovery key), then the new one twice. */
function ChangePassphrase({ idleLockMs, onDone }: { idleLockMs: number | null; onDone: () => void }) {
  const [value, setValue] = useState<NewPassphrase>({ passphrase: '', ready: false, problem: '' });
  const [tried, setTried] = useState(false);
  const [round, setRound] = useState(0);
  return (
    <div key={round}>
      <NewPassphraseFields idPrefix="change" onChange={setValue} />
      {tried && value.problem && <p class="field-error" role="alert">{value.problem}</p>}
      <p>{i18n.t('encryption.changeConfirmCurrent')}</p>
      <SecretForm
        idPrefix="change-current"
        submitLabel={i18n.t('encryption.changeButton')}
        onSecret={async (current: LogSecret) => {
          setTried(true);
          if (!value.ready) throw Object.assign(new Error(value.problem), { name: 'NotReady' });
          await changeLogPassphrase(getDb(), session(), current, value.passphrase, { now: Date.now(), idleLockMs });
          setTried(false);
          setRound(round + 1);
          onDone();
        }}
      />
    </div>
  );
}

