/**
 * The printable recovery key: what the person writes down or prints when encryption is turned
 * on, and types in if they forget their passphrase.
 *
 * Shape: 28 characters of Crockford base32 (`0-9 A-Z` without `I L O U`), printed in 7 groups of
 * 4 joined by hyphens, e.g. `7KQ2-M9XD-0FRT-...`. The first 27 characters are random (5 bits
 * each, 135 bits in all); the 28th is a check character.
 *
 * Check character: the 27 symbols are read as the coefficients of a polynomial over GF(32)
 * (modulus x^5 + x^2 + 1, which is primitive) evaluated at x by Horner's rule, and the check
 * symbol makes the whole 28-symbol sum zero. Because x has order 31 and every position carries a
 * distinct non-zero weight, this catches every single wrong character and every swap of two
 * characters (adjacent or not) in a 28-character key, without the extra symbols `* ~ $ = U` that
 * Crockford's own mod-37 check needs and that are awkward to read aloud.
 *
 * Typing is forgiving: case, spaces, hyphens and other dashes are ignored, `O` is read as `0`
 * and `I`/`L` as `1` (Crockford's rules); full-width characters are folded (NFKC).
 */
import { MistypedRecoveryKey } from './errors';
import { randomBytes } from './bytes';

/** Crockford's base32 alphabet, in value order. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random symbols in a recovery key (5 bits each). */
export const RECOVERY_KEY_RANDOM_SYMBOLS = 27;
/** Bits of randomness in a recovery key. */
export const RECOVERY_KEY_BITS = RECOVERY_KEY_RANDOM_SYMBOLS * 5;
/** Symbols in a recovery key as typed, the check symbol included. */
export const RECOVERY_KEY_LENGTH = RECOVERY_KEY_RANDOM_SYMBOLS + 1;
/** Symbols per printed group. */
export const RECOVERY_KEY_GROUP_SIZE = 4;

/** x^5 + x^2 + 1 without the x^5 term: what is added back when a product overflows 5 bits. */
const GF32_REDUCTION = 0b00101;

function timesX(value: number): number {
  const shifted = value << 1;
  return shifted & 0b100000 ? (shifted & 0b11111) ^ GF32_REDUCTION : shifted;
}

/** Horner evaluation at x over GF(32): zero for a key whose check symbol is right. */
function checkSum(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum = timesX(sum) ^ value;
  return sum;
}

function valuesOf(symbols: string): number[] {
  return [...symbols].map((symbol) => {
    const value = CROCKFORD_ALPHABET.indexOf(symbol);
    if (value < 0) throw new MistypedRecoveryKey(`"${symbol}" cannot be in a recovery key`);
    return value;
  });
}

/** The check symbol for some canonical Crockford symbols (upper case, no separators). */
export function recoveryCheckSymbol(symbols: string): string {
  return CROCKFORD_ALPHABET[timesX(checkSum(valuesOf(symbols)))];
}

/**
 * A new recovery key, formatted for printing (`XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`).
 * `random` is injectable for tests; it must return cryptographically random bytes.
 */
export function generateRecoveryKey(random: (length: number) => Uint8Array = randomBytes): string {
  const raw = random(RECOVERY_KEY_RANDOM_SYMBOLS);
  if (raw.length < RECOVERY_KEY_RANDOM_SYMBOLS) throw new Error('Not enough random bytes for a recovery key');
  // 256 is a multiple of 32, so the low 5 bits of a random byte are uniformly distributed.
  const symbols = Array.from(raw.subarray(0, RECOVERY_KEY_RANDOM_SYMBOLS), (byte) => CROCKFORD_ALPHABET[byte & 0b11111]).join('');
  return formatRecoveryKey(symbols + recoveryCheckSymbol(symbols));
}

/** Groups a canonical 28-symbol key for printing or reading aloud: `ABCD-EFGH-…`. */
export function formatRecoveryKey(canonical: string): string {
  const groups: string[] = [];
  for (let i = 0; i < canonical.length; i += RECOVERY_KEY_GROUP_SIZE) {
    groups.push(canonical.slice(i, i + RECOVERY_KEY_GROUP_SIZE));
  }
  return groups.join('-');
}

/** Upper case, separators removed, Crockford's look-alikes mapped. Does not check anything. */
export function normalizeRecoveryKey(typed: string): string {
  return typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * Reads a recovery key as the person typed it and checks it. Returns the 27 random symbols in
 * canonical form (the secret the keyring derives its key from); throws `MistypedRecoveryKey`
 * with the problem in plain words when it cannot be right.
 */
export function parseRecoveryKey(typed: string): string {
  const canonical = normalizeRecoveryKey(typed);
  const values = valuesOf(canonical);
  if (values.length !== RECOVERY_KEY_LENGTH) {
    throw new MistypedRecoveryKey(
      `it has ${values.length} characters; a recovery key has ${RECOVERY_KEY_LENGTH}`,
    );
  }
  if (checkSum(values) !== 0) {
    throw new MistypedRecoveryKey('a character is wrong or two are swapped');
  }
  return canonical.slice(0, RECOVERY_KEY_RANDOM_SYMBOLS);
}

/** True when `typed` reads as a recovery key with a matching check character. */
export function isWellFormedRecoveryKey(typed: string): boolean {
  try {
    parseRecoveryKey(typed);
    return true;
  } catch {
    return false;
  }
}
