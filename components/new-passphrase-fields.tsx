import { i18n } from '#i18n';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { assessPassphrase, type PassphraseAssessment } from '@/utils/safety/passphrase-strength';
import { PassphraseStrengthMeter } from './passphrase-strength-meter';

export interface NewPassphrase {
  passphrase: string;
  /** Strong enough and typed the same twice. */
  ready: boolean;
  /** Why it cannot be used yet, in plain words; empty when ready. */
  problem: string;
}

/**
 * A new passphrase typed twice, with how hard it is to guess shown as it is typed. Tells its
 * parent what was typed and whether it can be used.
 */
export function NewPassphraseFields({ idPrefix, onChange }: { idPrefix: string; onChange: (value: NewPassphrase) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [shown, setShown] = useState(false);
  const [assessment, setAssessment] = useState<PassphraseAssessment | undefined>();

  useEffect(() => {
    let current = true;
    if (!passphrase) setAssessment(undefined);
    else void assessPassphrase(passphrase).then((a) => current && setAssessment(a));
    return () => {
      current = false;
    };
  }, [passphrase]);

  // A layout effect: the parent knows at once, so a click right after typing sees what was typed.
  useLayoutEffect(() => {
    let problem = '';
    if (!passphrase) problem = i18n.t('encryption.problemEmpty');
    else if (!assessment) problem = i18n.t('encryption.problemChecking');
    else if (!assessment.acceptable) problem = i18n.t('encryption.problemWeak');
    else if (passphrase !== confirm) problem = i18n.t('encryption.problemMismatch');
    onChange({ passphrase, ready: problem === '', problem });
  }, [passphrase, confirm, assessment]);

  // Preact's input types do not accept a union for `type`: the value is 'text' or 'password'.
  const type = shown ? 'text' : 'password';
  return (
    <div class="fields">
      <label for={`${idPrefix}-new`}>{i18n.t('encryption.newPassphrase')}</label>
      <input id={`${idPrefix}-new`} type={type as 'text'} autocomplete="new-password" spellcheck={false} value={passphrase} aria-describedby={`${idPrefix}-strength`} onInput={(e) => setPassphrase(e.currentTarget.value)} />
      <PassphraseStrengthMeter id={`${idPrefix}-strength`} assessment={assessment} />
      <label for={`${idPrefix}-confirm`}>{i18n.t('encryption.confirmPassphrase')}</label>
      <input id={`${idPrefix}-confirm`} type={type as 'text'} autocomplete="new-password" spellcheck={false} value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
      {confirm && passphrase !== confirm && <p class="field-error" role="alert">{i18n.t('encryption.problemMismatch')}</p>}
      <label class="check">
        <input type="checkbox" checked={shown} onChange={(e) => setShown(e.currentTarget.checked)} /> {i18n.t('encryption.showPassphrase')}
      </label>
    </div>
  );
}
