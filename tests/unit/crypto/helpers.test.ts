import { describe, expect, it } from 'vitest';
import { indexOfBytes, sampleBytes } from './helpers';

describe('test helpers', () => {
  it('find bytes where they are and only there', () => {
    const haystack = new Uint8Array([1, 2, 3, 4, 2, 3, 5]);
    expect(indexOfBytes(haystack, new Uint8Array([2, 3, 5]))).toBe(4);
    expect(indexOfBytes(haystack, new Uint8Array([3, 2]))).toBe(-1);
    expect(indexOfBytes(haystack, new Uint8Array([5, 6]))).toBe(-1);
  });

  it('make varied sample bytes', () => {
    const sample = sampleBytes(4096);
    expect(new Set(sample).size).toBeGreaterThan(200);
    expect(sampleBytes(16, 2)).not.toEqual(sampleBytes(16, 3));
  });
});
