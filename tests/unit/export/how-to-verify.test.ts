import { describe, expect, it } from 'vitest';
import { howToVerifyText, renderHowToVerify } from '@/utils/export/how-to-verify';

describe('HOW-TO-VERIFY.txt', () => {
  const facts = { tool: 'Holdfast 0.1.0', exportedAt: '2026-11-30T10:00:00.000Z', digestFile: 'manifest.sha256' };

  it('is ASCII with CRLF line ends, so every editor shows it as written', () => {
    const bytes = renderHowToVerify(facts);
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('explains the files, verify.html, the command line on Linux, macOS and Windows, and what a problem means', () => {
    const text = howToVerifyText(facts);
    for (const expected of [
      'Holdfast 0.1.0 on 2026-11-30T10:00:00.000Z',
      'report.html',
      'report.pdf',
      'log.csv',
      'manifest.sha256',
      'verify.html',
      'sha256sum -c SHA256SUMS',
      'shasum -a 256 -c SHA256SUMS',
      'Get-FileHash -Algorithm SHA256',
      'certutil -hashfile',
      'CHANGED',
      'MISSING',
      'UNEXPECTED',
    ]) expect(text).toContain(expected);
    expect(text).toContain('certutil -hashfile "captures\\0001_...\\screenshot.png" SHA256');
  });

  it('keeps to ASCII whatever the tool name says, and leaves out the digest file when there is none', () => {
    const text = howToVerifyText({ tool: 'Höldfast ✓', exportedAt: '2026-11-30T10:00:00.000Z' });
    expect(text).toContain('H?ldfast ?');
    expect(text).not.toContain('The fingerprint of manifest.json itself.');
  });
});
