import { describe, expect, it } from 'vitest';
import { isSha256Hex, sha256Hex } from '@/utils/integrity/sha256';

describe('sha256Hex', () => {
  it('matches the published test vectors for strings, bytes and blobs', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex('abc')).toBe(abc);
    expect(await sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(abc);
    expect(await sha256Hex(new Blob(['abc']))).toBe(abc);
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes UTF-8 bytes of text, not UTF-16', async () => {
    expect(await sha256Hex('é')).toBe(await sha256Hex(new Uint8Array([0xc3, 0xa9])));
  });

  it('recognises a hex digest', () => {
    expect(isSha256Hex('a'.repeat(64))).toBe(true);
    expect(isSha256Hex('A'.repeat(64))).toBe(false);
    expect(isSha256Hex('a'.repeat(63))).toBe(false);
  });
});
