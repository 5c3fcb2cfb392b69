import { describe, expect, it } from 'vitest';
import { parseSums } from '../../../utils/import/sums';

const text = (s: string) => new TextEncoder().encode(s);
const a = 'a'.repeat(64);
const b = 'B'.repeat(64);

describe('SHA256SUMS', () => {
  it('reads text-mode and binary-mode lines, Windows line ends and upper-case fingerprints', () => {
    expect(parseSums(text(`${a}  manifest.json\r\n${b} *captures/0001_x/screenshot.png\n`))).toEqual([
      { path: 'manifest.json', sha256: a },
      { path: 'captures/0001_x/screenshot.png', sha256: 'b'.repeat(64) },
    ]);
    expect(parseSums(text(''))).toEqual([]);
  });

  it.each([
    ['a short fingerprint', `${'a'.repeat(63)}  manifest.json\n`],
    ['one space only', `${a} manifest.json\n`],
    ['no name', `${a}  \n`],
    ['a blank line inside', `${a}  manifest.json\n\n${a}  SHA256SUMS\n`],
    ['two fingerprints for one file', `${a}  manifest.json\n${'c'.repeat(64)}  manifest.json\n`],
  ])('refuses %s as a changed list', (_name, content) => {
    expect(() => parseSums(text(content))).toThrow(expect.objectContaining({ code: 'CHANGED', path: 'SHA256SUMS' }));
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => parseSums(new Uint8Array([0xff, 0xfe, 0x00]))).toThrow(expect.objectContaining({ code: 'CHANGED' }));
  });
});
