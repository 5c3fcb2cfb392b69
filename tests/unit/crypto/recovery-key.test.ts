import { describe, expect, it } from 'vitest';
import { MistypedRecoveryKey } from '../../../utils/crypto/errors';
import {
  CROCKFORD_ALPHABET,
  RECOVERY_KEY_BITS,
  RECOVERY_KEY_LENGTH,
  formatRecoveryKey,
  generateRecoveryKey,
  isWellFormedRecoveryKey,
  parseRecoveryKey,
  recoveryCheckSymbol,
} from '../../../utils/crypto/recovery-key';

const canonical = (key: string) => key.replace(/-/g, '');

describe('recovery key', () => {
  it('is 28 Crockford symbols in 7 groups of 4, carrying at least 128 random bits', () => {
    const key = generateRecoveryKey();
    expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
    expect(RECOVERY_KEY_LENGTH).toBe(28);
    expect(RECOVERY_KEY_BITS).toBeGreaterThanOrEqual(128);
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('uses every symbol and repeats no key', () => {
    const keys = Array.from({ length: 200 }, () => generateRecoveryKey());
    expect(new Set(keys).size).toBe(keys.length);
    const seen = new Set(keys.flatMap((key) => [...canonical(key).slice(0, 27)]));
    expect(seen.size).toBe(32);
  });

  it('parses to the 27 random symbols and accepts its own check symbol', () => {
    const key = generateRecoveryKey();
    expect(parseRecoveryKey(key)).toBe(canonical(key).slice(0, 27));
    expect(recoveryCheckSymbol(canonical(key).slice(0, 27))).toBe(canonical(key)[27]);
  });

  it('computes the check symbol as documented (Horner over GF(32), modulus x^5+x^2+1)', () => {
    expect(recoveryCheckSymbol('0'.repeat(27))).toBe('0');
    // Only the last symbol is 1: the sum before the check is 1, the check is x·1 = 2.
    expect(recoveryCheckSymbol('0'.repeat(26) + '1')).toBe('2');
    // Symbol 16 (x^4, "G") last: the check is x^5 = x^2 + 1 = 5.
    expect(recoveryCheckSymbol('0'.repeat(26) + 'G')).toBe('5');
    // Symbol 1 second to last: x^2 = 4.
    expect(recoveryCheckSymbol('0'.repeat(25) + '10')).toBe('4');
  });

  it('forgives case, spaces, missing or extra dashes, O for 0, I and L for 1, full-width letters', () => {
    const random = () => new Uint8Array([...Array(27).keys()].map((i) => [0, 1, 18, 20][i % 4]));
    const key = generateRecoveryKey(random); // symbols 0, 1, J, M repeated
    expect(key.startsWith('01JM-01JM')).toBe(true);
    const expected = parseRecoveryKey(key);
    const typed = [
      key.toLowerCase(),
      canonical(key),
      key.replace(/-/g, ' '),
      `  ${key.replace(/-/g, ' - ')}  `,
      key.replace(/0/g, 'O').replace(/1/g, 'l'),
      key.replace(/0/g, 'o').replace(/1/g, 'I'),
      key.replace(/-/g, '\u2013'),
      key.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    ];
    for (const variant of typed) expect(parseRecoveryKey(variant), variant).toBe(expected);
  });

  it('catches every single wrong character, in every position', () => {
    const key = canonical(generateRecoveryKey());
    let tried = 0;
    for (let position = 0; position < key.length; position++) {
      for (const symbol of CROCKFORD_ALPHABET) {
        if (symbol === key[position]) continue;
        const typo = key.slice(0, position) + symbol + key.slice(position + 1);
        expect(() => parseRecoveryKey(typo)).toThrow(MistypedRecoveryKey);
        tried++;
      }
    }
    expect(tried).toBe(28 * 31);
  });

  it('catches every swap of two different characters, adjacent or not', () => {
    for (let round = 0; round < 5; round++) {
      const key = canonical(generateRecoveryKey());
      for (let i = 0; i < key.length; i++) {
        for (let j = i + 1; j < key.length; j++) {
          if (key[i] === key[j]) continue;
          const swapped = [...key];
          [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
          expect(isWellFormedRecoveryKey(swapped.join('')), `${i}<->${j}`).toBe(false);
        }
      }
    }
  });

  it('says what is wrong: length, a letter that cannot be there, or the check', () => {
    const key = generateRecoveryKey();
    expect(() => parseRecoveryKey(key.slice(0, -1))).toThrow(/27 characters; a recovery key has 28/);
    expect(() => parseRecoveryKey(`${key}7`)).toThrow(/29 characters/);
    expect(() => parseRecoveryKey(`U${key.slice(1)}`)).toThrow(/"U" cannot be in a recovery key/);
    expect(() => parseRecoveryKey(key.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toThrow(/wrong or two are swapped/);
    expect(() => parseRecoveryKey('')).toThrow(MistypedRecoveryKey);
  });

  it('formats canonical symbols in groups of four', () => {
    expect(formatRecoveryKey('ABCDEFGHJKMNPQRSTVWXYZ012345')).toBe('ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345');
  });

  it('refuses a random source that returns too few bytes', () => {
    expect(() => generateRecoveryKey(() => new Uint8Array(10))).toThrow(/Not enough random bytes/);
  });
});
