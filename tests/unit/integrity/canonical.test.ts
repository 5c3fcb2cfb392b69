import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson, canonicalSha256, NotCanonicalJson } from '../../../utils/integrity/canonical';

describe('canonical JSON (RFC 8785)', () => {
  it('writes the same text whatever order the keys were written in', () => {
    const a = { b: 1, a: { d: [1, 2], c: 'x' } };
    const b = { a: { c: 'x', d: [1, 2] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,2]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('matches the RFC 8785 example for numbers, strings and literals', () => {
    const value = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(value)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 requires', () => {
    const value = { '\u20ac': 'Euro', '\r': 'CR', '\ufb33': 'Hebrew', '1': 'One', '\ud83d\ude00': 'Emoji', '\u0080': 'Control', '\u00f6': 'Umlaut' };
    // Read the values in text order (JSON.parse would put the integer-like key "1" first).
    const order = [...canonicalJson(value).matchAll(/:"([A-Za-z]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['CR', 'One', 'Control', 'Umlaut', 'Euro', 'Emoji', 'Hebrew']);
  });

  it('hashes the UTF-8 bytes of the canonical text', async () => {
    const value = { name: 'Zoë', n: 1 };
    const expected = createHash('sha256').update('{"n":1,"name":"Zoë"}', 'utf8').digest('hex');
    expect(new TextDecoder().decode(canonicalBytes(value))).toBe('{"n":1,"name":"Zoë"}');
    expect(await canonicalSha256(value)).toBe(expected);
  });

  it('leaves out properties that are undefined, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it.each([
    ['a typed array', { data: new Uint8Array([1, 2]) }, '$.data'],
    ['a date', { at: new Date(0) }, '$.at'],
    ['a map', { m: new Map() }, '$.m'],
    ['NaN', { n: Number.NaN }, '$.n'],
    ['infinity', [1, Infinity], '$[1]'],
    ['undefined in a list', [1, undefined], '$[1]'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a bigint', { n: 1n }, '$.n'],
  ])('refuses %s instead of hashing something else than what is exported', (_name, value, path) => {
    expect(() => canonicalJson(value)).toThrow(NotCanonicalJson);
    try {
      canonicalJson(value);
    } catch (error) {
      expect((error as NotCanonicalJson).path).toBe(path);
    }
  });

  it('refuses a value that contains itself and a lone surrogate', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow(NotCanonicalJson);
    expect(() => canonicalJson({ s: '\ud800' })).toThrow(NotCanonicalJson);
  });
});
