import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { sourceFromEntries, sourceFromFolder, sourceFromZip } from '@/utils/export/verifier/bundle-source';
import { parseSha256Sums } from '@/utils/export/verifier/sha256sums';
import { BUNDLE_CHECKS, compareManifestDigest, verifyBundle, verifyBundleFiles, type BundleCheck, type FileCheck } from '@/utils/export/verifier/verify-bundle';
import { assembleBundle, ordinaryBundle, sha256 } from '../report-fixtures';

const encoder = new TextEncoder();

/** The ordinary fixture bundle, plus a report listed in SHA256SUMS only (as the export does). */
function bundle() {
  const base = ordinaryBundle();
  const { files, input, manifestDigest } = assembleBundle(base, { sumsOnly: { 'report.html': encoder.encode('<!doctype html><title>report</title>') } });
  return { files, input, screenshot: input.captures[0].files.find((f) => f.path.endsWith('screenshot.png'))!.path, digest: manifestDigest };
}

const statusOf = (files: FileCheck[] | undefined, path: string) => files?.find((f) => f.path === path)?.status;

describe('verifyBundleFiles', () => {
  it('says all OK for an untouched bundle, every file checked, with the manifest digest', async () => {
    const { files, digest } = bundle();
    const report = await verifyBundleFiles(files);
    expect(report.allPassed).toBe(true);
    expect(report.manifestDigest).toBe(digest);
    const checked = report.sections.find((s) => s.id === 'files')!.files!;
    expect(checked.map((f) => f.status)).toEqual(checked.map(() => 'OK'));
    expect(checked.map((f) => f.path).sort()).toEqual([...files.keys()].filter((p) => p !== 'SHA256SUMS').sort());
    expect(report.counts).toEqual({ OK: files.size - 1, CHANGED: 0, MISSING: 0, UNEXPECTED: 0 });
    expect(report.summary).toBe(`All ${files.size - 1} files are exactly as they were exported. Nothing was changed, added or removed.`);
    expect(report.bundle).toEqual({ exportedAt: '2026-11-30T10:00:00.000Z', tool: 'Holdfast 0.1.0', captureCount: 3 });
  });

  it('names a file with one changed byte CHANGED, with both fingerprints', async () => {
    const { files, screenshot } = bundle();
    const bytes = files.get(screenshot)!.slice();
    const original = sha256(bytes);
    bytes[bytes.length - 20] ^= 0x01;
    files.set(screenshot, bytes);
    const report = await verifyBundleFiles(files);
    expect(report.allPassed).toBe(false);
    const file = report.sections[0].files!.find((f) => f.path === screenshot)!;
    expect(file).toMatchObject({ status: 'CHANGED', expectedSha256: original, actualSha256: sha256(bytes), listedIn: ['manifest.json', 'SHA256SUMS'] });
    expect(report.counts.CHANGED).toBe(1);
    expect(report.summary).toBe('Problems found: 1 CHANGED. See the details below.');
  });

  it('names a deleted file MISSING and an added one UNEXPECTED', async () => {
    const { files, screenshot } = bundle();
    files.delete(screenshot);
    files.set('captures/extra.png', encoder.encode('added later'));
    const report = await verifyBundleFiles(files);
    const checked = report.sections[0].files;
    expect(statusOf(checked, screenshot)).toBe('MISSING');
    expect(statusOf(checked, 'captures/extra.png')).toBe('UNEXPECTED');
    expect(report.counts).toMatchObject({ MISSING: 1, UNEXPECTED: 1, CHANGED: 0 });
    expect(report.summary).toBe('Problems found: 1 MISSING, 1 UNEXPECTED. See the details below.');
  });

  it('checks files listed only in SHA256SUMS (the reports) and says which files operating systems add', async () => {
    const { files } = bundle();
    files.set('report.html', encoder.encode('<!doctype html><title>edited</title>'));
    files.set('captures/.DS_Store', encoder.encode('x'));
    const report = await verifyBundleFiles(files);
    expect(report.sections[0].files!.find((f) => f.path === 'report.html')).toMatchObject({ status: 'CHANGED', listedIn: ['SHA256SUMS'] });
    expect(report.sections[0].files!.find((f) => f.path === 'captures/.DS_Store')).toMatchObject({ status: 'UNEXPECTED', note: 'A file of this name is often added by the operating system.' });
  });

  it('catches an edited manifest: CHANGED against SHA256SUMS, and the lists disagree', async () => {
    const { files, digest } = bundle();
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
    manifest.captureCount = 2;
    files.set('manifest.json', encoder.encode(JSON.stringify(manifest)));
    const report = await verifyBundleFiles(files);
    expect(statusOf(report.sections[0].files, 'manifest.json')).toBe('CHANGED');
    const lists = report.sections.find((s) => s.id === 'lists')!;
    expect(lists.outcome).toBe('failed');
    expect(lists.findings).toContain('SHA256SUMS gives manifest.json a different fingerprint than the manifest.json in the bundle.');
    expect(report.manifestDigest).not.toBe(digest);
  });

  it('catches a file swapped together with its line in SHA256SUMS: the manifest still disagrees', async () => {
    const { files, screenshot } = bundle();
    const forged = encoder.encode('forged');
    files.set(screenshot, forged);
    const sums = new TextDecoder().decode(files.get('SHA256SUMS')).replace(new RegExp(`^[0-9a-f]{64}  ${screenshot}$`, 'm'), `${sha256(forged)}  ${screenshot}`);
    files.set('SHA256SUMS', encoder.encode(sums));
    const report = await verifyBundleFiles(files);
    expect(statusOf(report.sections[0].files, screenshot)).toBe('CHANGED');
    expect(report.sections.find((s) => s.id === 'lists')!.findings).toContain(`SHA256SUMS and manifest.json give different fingerprints for ${screenshot}.`);
  });

  it('reports a folder without manifest.json as not a bundle, and an unreadable manifest as such', async () => {
    const { files } = bundle();
    files.delete('manifest.json');
    const missing = await verifyBundleFiles(files);
    expect(missing.allPassed).toBe(false);
    expect(missing.manifestDigest).toBeNull();
    expect(statusOf(missing.sections[0].files, 'manifest.json')).toBe('MISSING');
    expect(missing.summary).toBe('This is not a complete evidence bundle: manifest.json is missing or unreadable.');

    files.set('manifest.json', encoder.encode('{not json'));
    const broken = await verifyBundleFiles(files);
    expect(broken.sections.find((s) => s.id === 'lists')!.findings[0]).toMatch(/^manifest\.json could not be read as a manifest/);
  });

  it('compares the manifest digest with the one the person typed', async () => {
    const { files, digest } = bundle();
    const same = await verifyBundleFiles(files, { expectedManifestDigest: ` ${digest.toUpperCase().slice(0, 32)} ${digest.slice(32)} ` });
    expect(same.manifestDigestMatches).toBe(true);
    expect(same.allPassed).toBe(true);
    const other = compareManifestDigest(same, 'a'.repeat(64));
    expect(other.manifestDigestMatches).toBe(false);
    expect(other.allPassed).toBe(false);
    expect(other.summary).toMatch(/not the one you were given/);
    expect(compareManifestDigest(other, '').manifestDigestMatches).toBeNull();
  });

  it('reports progress for every file hashed', async () => {
    const { files } = bundle();
    const seen: number[] = [];
    await verifyBundleFiles(files, { onProgress: (done, total) => (seen.push(done), expect(total).toBe(files.size - 1)) });
    expect(seen).toEqual(Array.from({ length: files.size - 1 }, (_, i) => i + 1));
  });

  it('runs later checks as more sections, and a check that throws fails its own section only', async () => {
    const { files } = bundle();
    const later: BundleCheck = {
      id: 'later',
      title: 'A later check',
      run: async (context) => ({ id: 'later', title: 'A later check', outcome: 'passed', summary: `hash of manifest: ${await context.hash('manifest.json')}`, findings: [] }),
    };
    const broken: BundleCheck = { id: 'broken', title: 'Broken', run: async () => Promise.reject(new Error('boom')) };
    const report = await verifyBundleFiles(files, { checks: [...BUNDLE_CHECKS, later, broken] });
    expect(report.sections.map((s) => s.id)).toEqual(['files', 'lists', 'custody', 'signatures', 'timestamps', 'later', 'broken']);
    // A bundle from before custody and signatures says so.
    expect(report.sections[2]).toMatchObject({ outcome: 'not-checked', summary: 'This bundle has no chain of custody (custody/events.json).' });
    expect(report.sections[4]).toMatchObject({ outcome: 'not-checked', summary: expect.stringMatching(/^This bundle has no trusted timestamps/) });
    expect(report.sections[5].summary).toBe(`hash of manifest: ${report.manifestDigest}`);
    expect(report.sections[6]).toMatchObject({ outcome: 'failed', findings: ['boom'] });
    expect(report.allPassed).toBe(false);
  });

  it('treats hostile paths in the manifest as names only: MISSING, never read from outside the bundle', async () => {
    const { files } = bundle();
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
    manifest.files.push({ path: '../../etc/passwd', size: 1, mediaType: 'text/plain', sha256: 'b'.repeat(64) }, { path: 'x', sha256: 'not a hash' });
    files.set('manifest.json', encoder.encode(JSON.stringify(manifest)));
    const report = await verifyBundleFiles(files);
    expect(statusOf(report.sections[0].files, '../../etc/passwd')).toBe('MISSING');
    expect(report.sections.find((s) => s.id === 'lists')!.findings).toContain('1 entries of manifest.json could not be read.');
  });
});

describe('bundle sources', () => {
  it('finds the bundle root under the chosen folder, whatever folder was picked', async () => {
    const { files, digest } = bundle();
    const entries = [...files].map(([path, bytes]) => ({ path: `Downloads/holdfast-evidence-2026-11-30-1100/${path}`, read: async () => bytes }));
    entries.push({ path: 'Downloads/other.txt', read: async () => encoder.encode('not part of it') });
    const source = sourceFromEntries(entries);
    expect(source.paths.sort()).toEqual([...files.keys()].sort());
    const report = await verifyBundle(source);
    expect(report.allPassed).toBe(true);
    expect(report.manifestDigest).toBe(digest);
  });

  it('reads a folder chosen with webkitdirectory, one file at a time', async () => {
    const { files } = bundle();
    let reading = 0;
    let most = 0;
    const folder = [...files].map(([path, bytes]) => ({
      webkitRelativePath: `bundle/${path}`,
      name: path.split('/').pop()!,
      size: bytes.byteLength,
      arrayBuffer: async () => {
        most = Math.max(most, (reading += 1));
        await new Promise((r) => setTimeout(r, 1));
        reading -= 1;
        return bytes.slice().buffer;
      },
    }));
    const report = await verifyBundle(sourceFromFolder(folder));
    expect(report.allPassed).toBe(true);
    expect(most).toBe(1);
  });

  it('reads a dropped .zip, with or without a folder inside', async () => {
    const { files, screenshot } = bundle();
    const flat = zipSync(Object.fromEntries(files));
    expect((await verifyBundle(sourceFromZip(flat))).allPassed).toBe(true);
    const nested = zipSync({ 'holdfast-evidence-2026-11-30-1100': Object.fromEntries(files) });
    expect((await verifyBundle(sourceFromZip(nested))).allPassed).toBe(true);

    const changed = new Map(files);
    changed.set(screenshot, encoder.encode('changed'));
    const report = await verifyBundle(sourceFromZip(zipSync(Object.fromEntries(changed))));
    expect(statusOf(report.sections[0].files, screenshot)).toBe('CHANGED');
  });

  it('refuses bytes that are not a zip with an error, not a wrong result', () => {
    expect(() => sourceFromZip(encoder.encode('not a zip at all, just text'))).toThrow();
  });
});

describe('parseSha256Sums', () => {
  it('reads text and binary mode lines, CRLF, ./ prefixes, and reports lines it cannot read', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    expect(parseSha256Sums(`${a}  captures/x.png\r\n${b} *./report.pdf\nnonsense\n\n`)).toEqual({
      entries: [
        { sha256: a, path: 'captures/x.png', line: 1 },
        { sha256: 'b'.repeat(64), path: 'report.pdf', line: 2 },
      ],
      unreadable: [3],
    });
  });
});
