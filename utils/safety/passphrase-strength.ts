/**
 * How hard a passphrase would be to guess, with zxcvbn-ts (a maintained estimator that knows
 * common passwords, names, words in English and Spanish, keyboard patterns, dates and l33t):
 * hand-written rules ("one digit, one symbol") reward `Summer2024!`, which is guessed early.
 * The dictionaries are large, so they load the first time a passphrase is typed.
 */

/** Fewest characters accepted. */
export const MIN_PASSPHRASE_LENGTH = 8;
/** zxcvbn score (0–4) needed: 3 means about 10^8 guesses or more. */
export const MIN_PASSPHRASE_SCORE = 3;

/** zxcvbn's warning keys that have a sentence in the locale files (`strength.warning.*`). */
export const STRENGTH_WARNINGS = [
  'straightRow', 'keyPattern', 'simpleRepeat', 'extendedRepeat', 'sequences', 'recentYears', 'dates',
  'topTen', 'topHundred', 'common', 'similarToCommon', 'wordByItself', 'namesByThemselves', 'commonNames', 'userInputs',
] as const;
export type StrengthWarning = (typeof STRENGTH_WARNINGS)[number];

export interface PassphraseAssessment {
  /** 0 (guessed at once) to 4 (very hard to guess). */
  score: 0 | 1 | 2 | 3 | 4;
  tooShort: boolean;
  /** Long enough and score high enough to be accepted. */
  acceptable: boolean;
  /** What makes it easy to guess, when zxcvbn can say. */
  warning?: StrengthWarning;
}

type Checker = { check(password: string, userInputs?: (string | number)[]): { score: number; feedback: { warning: string | null } } };
let checker: Promise<Checker> | undefined;

function loadChecker(): Promise<Checker> {
  checker ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-es-es'),
  ]).then(([core, common, en, es]) => new core.ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...es.dictionary },
    graphs: common.adjacencyGraphs,
  }));
  return checker;
}

/** Words an attacker who knows the situation would try first. */
const CONTEXT_WORDS = ['holdfast', 'evidence', 'harassment', 'stalking', 'password', 'passphrase', 'contraseña'];

/**
 * Rates a passphrase. `personalWords` are guesses specific to this person (their name, their
 * email), which count as easy to guess.
 */
export async function assessPassphrase(passphrase: string, personalWords: string[] = []): Promise<PassphraseAssessment> {
  const text = passphrase.normalize('NFC');
  const tooShort = [...text].length < MIN_PASSPHRASE_LENGTH;
  if (text.length === 0) return { score: 0, tooShort, acceptable: false };
  const check = await loadChecker();
  const inputs = [...CONTEXT_WORDS, ...personalWords];
  const result = check.check(text.slice(0, 256), inputs);
  // zxcvbn counts a space between two known words as ten more guesses for each word; rating the
  // passphrase without its spaces too, and keeping the lower score, does not reward "word word".
  const joined = text.replace(/[\s\-_.]+/g, '');
  const joinedScore = joined && joined !== text ? check.check(joined.slice(0, 256), inputs).score : result.score;
  const score = Math.max(0, Math.min(4, Math.round(Math.min(result.score, joinedScore)))) as PassphraseAssessment['score'];
  const warning = STRENGTH_WARNINGS.find((w) => w === result.feedback.warning);
  return { score, tooShort, acceptable: !tooShort && score >= MIN_PASSPHRASE_SCORE, ...(warning ? { warning } : {}) };
}
