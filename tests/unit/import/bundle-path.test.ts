import { describe, expect, it } from 'vitest';
import { isSafeBundlePath, pathCollisionKey, unsafePathReason } from '../../../utils/import/bundle-path';

describe('bundle paths', () => {
  it.each([
    'manifest.json',
    'SHA256SUMS',
    'HOW-TO-VERIFY.txt',
    'captures/0001_2026-11-30T05-51-39-123Z_3f2a9c1b/screenshot.png',
    'captures/0002_x/metadata.json',
    'documents/informe-año.pdf',
  ])('accepts %s', (path) => {
    expect(unsafePathReason(path)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['../evil.txt', /climbs out/],
    ['captures/../../evil.txt', /climbs out/],
    ['captures/..', /climbs out/],
    ['/etc/passwd', /absolute/],
    ['captures\\0001\\screenshot.png', /backslash/],
    ['..\\evil.txt', /backslash/],
    ['C:/Windows/evil.txt', /drive letter/],
    ['c:evil.txt', /drive letter/],
    ['captures/evil\0.png', /NUL/],
    ['captures//screenshot.png', /empty or "\."/],
    ['./manifest.json', /empty or "\."/],
    ['captures/', /empty or "\."/],
    ['report.html:hidden', /not allowed/],
    ['captures/a|b.png', /not allowed/],
    ['captures/evil.png.', /ends with a dot/],
    ['captures/evil.png ', /ends with a dot or a space/],
    ['captures/CON/screenshot.png', /device name/],
    ['nul.txt', /device name/],
    ['report\u202egpj.html', /invisible/],
    ['line\nbreak', /invisible/],
    ['captures/e\u0301vil.png', /normalised/],
    ['a/'.repeat(600), /too long/],
  ])('refuses %j', (path, reason) => {
    expect(unsafePathReason(path)).toMatch(reason);
    expect(isSafeBundlePath(path)).toBe(false);
  });

  it('treats names differing only in letter case or Unicode form as the same file', () => {
    expect(pathCollisionKey('captures/A/Screenshot.PNG')).toBe(pathCollisionKey('captures/a/screenshot.png'));
    expect(pathCollisionKey('caf\u00e9')).toBe(pathCollisionKey('cafe\u0301'));
    expect(pathCollisionKey('a.png')).not.toBe(pathCollisionKey('b.png'));
  });
});
