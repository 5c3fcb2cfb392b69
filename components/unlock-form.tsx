import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import type { LogSecret } from '@/utils/safety/encryption';

/** The person's words for what went wrong with a passphrase or recovery key. */
export function secretProblem(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'WrongPassphrase') return i18n.t('encryption.wrongPassphrase');
  if (name === 'MistypedRecoveryKey') return i18n.t('encryption.mistypedRecoveryKey');
  if (name === 'WrongRecoveryKey') return i18n.t('encryption.wrongRecoveryKey');
  // Our own refusals already carry plain words.
  if (name === 'NotReady' || name === 'NeedsPassphrase') return (error as Error).message;
  return i18n.t('encryption.failed', [error instanceof Error ? error.message : String(error)]);
}

/**
 * Asks for the passphrase, or the recovery key instead. Calls `onSecret` with what was typed;
 * shows its error (wrong passphrase, mistyped key) and keeps what was typed so nothing is lost.
 */
export function SecretForm({
  idPrefix,
  submitLabel,
  onSecret,
}: {
  idPrefix: string;
  submitLabel: string;
  onSecret: (secret: LogSecret) => Promise<void>;
}) {
  const [useRecoveryKey, setUseRecoveryKey] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function submit(event: Event) {
    event.preventDefault();
    if (!value) {
      setError(useRecoveryKey ? i18n.t('encryption.enterRecoveryKey') : i18n.t('encryption.enterPassphrase'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      await onSecret(useRecoveryKey ? { kind: 'recovery-key', recoveryKey: value } : { kind: 'passphrase', passphrase: value });
      setValue('');
    } catch (failure) {
      setError(secretProblem(failure));
    } finally {
      setBusy(false);
    }
  }

  const inputId = `${idPrefix}-secret`;
  return (
    <form class="fields" onSubmit={submit} noValidate>
      <label for={inputId}>{useRecoveryKey ? i18n.t('encryption.recoveryKey') : i18n.t('encryption.passphrase')}</label>
      <input
        id={inputId}
        type={(useRecoveryKey ? 'text' : 'password') as 'text'}
        autocomplete={useRecoveryKey ? 'off' : 'current-password'}
        spellcheck={false}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${idPrefix}-error` : undefined}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <p id={`${idPrefix}-error`} class="field-error" role="alert">{error}</p>
      <div class="fields__actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? i18n.t('encryption.checking') : submitLabel}
        </button>
        <button
          type="button"
          class="button button--quiet"
          onClick={() => {
            setUseRecoveryKey(!useRecoveryKey);
            setValue('');
            setError('');
          }}
        >
          {useRecoveryKey ? i18n.t('encryption.usePassphrase') : i18n.t('encryption.useRecoveryKey')}
        </button>
      </div>
    </form>
  );
}
