import { describe, expect, it } from 'vitest';
import { bytes, concatBytes, fromBase64, joinParts, randomBytes, sameBytes, toBase64, utf8 } from '../../../utils/crypto/bytes';
import { sampleBytes } from './helpers';

describe('byte helpers', () => {
  it('base64 round-trips every byte value and large inputs, matching Node', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const large = sampleBytes(100_000);
    for (const data of [new Uint8Array(0), all, large, all.subarray(0, 1), all.subarray(0, 2)]) {
      const text = toBase64(data);
      expect(text).toBe(Buffer.from(data).toString('base64'));
      expect(sameBytes(fromBase64(text), data)).toBe(true);
    }
  });

  it('refuses text that is not canonical base64', () => {
    for (const bad of ['abc', 'ab=c', 'a b=', '####', 'QUJD\n', 'QQ']) expect(() => fromBase64(bad), bad).toThrow(TypeError);
  });

  it('compares bytes exactly', () => {
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });

  it('frames joined parts with their lengths so that boundaries cannot shift', () => {
    expect([...joinParts(utf8('ab'), utf8('c'))]).toEqual([0, 0, 0, 2, 97, 98, 0, 0, 0, 1, 99]);
    expect(joinParts(utf8('ab'), utf8('c'))).not.toEqual(joinParts(utf8('a'), utf8('bc')));
    expect([...concatBytes(utf8('ab'), utf8('c'))]).toEqual([97, 98, 99]);
  });

  it('copies views into their own buffer and makes random bytes', () => {
    const backing = new Uint8Array([9, 8, 7, 6]);
    const copy = bytes(backing.subarray(1, 3));
    expect([...copy]).toEqual([8, 7]);
    expect(copy.buffer.byteLength).toBe(2);
    expect(randomBytes(32)).toHaveLength(32);
    expect(randomBytes(32)).not.toEqual(randomBytes(32));
  });
});
