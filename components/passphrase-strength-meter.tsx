import { i18n } from '#i18n';
import type { PassphraseAssessment } from '@/utils/safety/passphrase-strength';

const LEVELS = ['strength.level0', 'strength.level1', 'strength.level2', 'strength.level3', 'strength.level4'] as const;

/** How hard the passphrase typed so far is to guess, as a bar and in words. */
export function PassphraseStrengthMeter({ assessment, id }: { assessment: PassphraseAssessment | undefined; id: string }) {
  if (!assessment) return <p id={id} class="strength" aria-live="polite" />;
  const words = [i18n.t('strength.label', [i18n.t(LEVELS[assessment.score])])];
  if (assessment.tooShort) words.push(i18n.t('strength.tooShort'));
  else if (assessment.warning) words.push(i18n.t(`strength.warning.${assessment.warning}`));
  if (!assessment.acceptable) words.push(i18n.t('strength.advice'));
  return (
    <div id={id} class={`strength strength--${assessment.acceptable ? 'ok' : 'weak'}`} aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={assessment.score} aria-hidden="true" />
      <p>{words.join(' ')}</p>
    </div>
  );
}
