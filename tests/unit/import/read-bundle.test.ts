import type { Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HoldfastDb } from '../../../utils/db/database';
import type { BundleManifest } from '../../../utils/export/layout';
import { importBundle } from '../../../utils/import/import-bundle';
import { readBundle } from '../../../utils/import/read-bundle';
import { BundleRefused, type RefusalCode } from '../../../utils/import/refusal';
import { sha256Hex } from '../../../utils/integrity/sha256';
import { FORGED_ZIP_HEADER, exportBundle, fillLog, freshDb, pathEnding, readManifest, repack, reseal, snapshotLog, unpack, zipBytes } from './fixtures';
import { patchEntry } from './zip-patch';

let source: HoldfastDb;
let zip: Blob;
let files: Record<string, Uint8Array>;
let target: HoldfastDb;
let targetBefore: unknown;

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

beforeAll(async () => {
  source = freshDb();
  await fillLog(source);
  ({ zip } = await exportBundle(source));
  files = await unpack(zip);
  // The person's own log, which no refused import may change.
  target = freshDb();
  await fillLog(target, [{ url: 'https://forum.example/t/9', title: 'Thread', text: 'my own capture' }], Date.parse('2026-10-01T08:00:00.000Z'));
  targetBefore = await snapshotLog(target);
});

/** The bundle's files with some removed, replaced or added. */
function edited(changes: Record<string, Uint8Array | null>): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = { ...files };
  for (const [path, bytes] of Object.entries(changes)) {
    if (bytes === null) delete out[path];
    else out[path] = bytes;
  }
  return out;
}

function flipped(bytes: Uint8Array, at = bytes.length - 1): Uint8Array {
  const copy = bytes.slice();
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

async function resealedWith(changes: Record<string, Uint8Array | null>, editManifest?: (m: BundleManifest) => void): Promise<Blob> {
  return repack(await reseal(edited(changes), editManifest));
}

function screenshotPath(): string {
  return pathEnding(files, '/screenshot.png');
}

function metadataPath(): string {
  return pathEnding(files, '/metadata.json');
}

function editMetadata(edit: (m: Record<string, unknown> & { screenshot: { sha256: string }; captureId: string }) => void): Uint8Array {
  const metadata = JSON.parse(decode(files[metadataPath()]!));
  edit(metadata);
  return text(`${JSON.stringify(metadata, null, 2)}\n`);
}

function withSums(extraLines: string): Uint8Array {
  return text(decode(files.SHA256SUMS!) + extraLines);
}

describe('readBundle accepts a bundle made by this extension', () => {
  it('re-hashes every file and returns each capture with its facts and files', async () => {
    const bundle = await readBundle(zip);
    const records = await source.captures.orderBy('pressedAt').toArray();
    expect(bundle.digest).toBe(await sha256Hex(files['manifest.json']!));
    expect(bundle.captures.map((c) => c.id)).toEqual(records.map((r) => r.id));
    expect(bundle.unfinished).toEqual([]);
    for (const [index, capture] of bundle.captures.entries()) {
      const record = records[index]!;
      expect(capture.facts).toMatchObject({
        status: record.status,
        kind: record.kind,
        trigger: record.trigger,
        pressedAt: record.pressedAt,
        screenshotAt: record.screenshotAt ?? null,
        url: record.summary.url,
        title: record.summary.title,
        site: record.summary.site,
        failure: record.failure ?? null,
        warnings: record.warnings,
      });
      expect(capture.files.map(({ name, role, sha256, size, mediaType }) => ({ name, role, sha256, size, mediaType }))).toEqual(
        record.artifacts.map(({ name, role, sha256, size, mediaType }) => ({ name, role, sha256, size, mediaType })),
      );
      for (const file of capture.files) expect(await sha256Hex(file.bytes)).toBe(file.sha256);
    }
    expect(bundle.captures.map((c) => c.facts.status)).toEqual(['done', 'done', 'failed', 'failed']);
  });

  it('does not see a file in page text that looks like a zip entry', async () => {
    const bundle = await readBundle(zip);
    const paths = bundle.captures.flatMap((c) => c.files.map((f) => f.path));
    expect(paths.some((p) => p.includes('evil'))).toBe(false);
    const withForgery = bundle.captures[1]!.files.find((f) => f.role === 'text')!;
    expect(await withForgery.bytes.text()).toContain(FORGED_ZIP_HEADER);
  });

  it('accepts the same files re-zipped by another tool, compressed and with folder entries', async () => {
    const nested: Zippable = {};
    for (const [path, bytes] of Object.entries(files)) {
      const parts = path.split('/');
      let folder = nested;
      for (const part of parts.slice(0, -1)) folder = (folder[part] ??= {}) as Zippable;
      folder[parts.at(-1)!] = bytes;
    }
    const rezipped = repack(nested, 6);
    expect(Object.keys(await unpack(rezipped))).toContain('captures/');
    const bundle = await readBundle(rezipped);
    expect(bundle.captures).toHaveLength(4);
    expect(bundle.digest).toBe(await sha256Hex(files['manifest.json']!));
  });

  it('accepts the report documents the export writes next to the evidence, and also a bundle made before there were any', async () => {
    const digest = await sha256Hex(files['manifest.json']!);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['report.html', 'report.pdf', 'log.csv', 'verify.html', 'HOW-TO-VERIFY.txt', 'manifest.sha256']));
    expect(decode(files['manifest.sha256']!)).toBe(`${digest}  manifest.json\n`);
    const bundle = await readBundle(zip);
    expect(bundle.digest).toBe(digest);
    expect(bundle.captures.flatMap((c) => c.files.map((f) => f.path)).every((p) => p.startsWith('captures/'))).toBe(true);

    const unlisted = ['report.html', 'report.pdf', 'manifest.sha256'];
    const sums = decode(files.SHA256SUMS!)
      .split('\n')
      .filter((line) => !unlisted.some((name) => line.endsWith(`  ${name}`)))
      .join('\n');
    const older = repack(edited({ 'report.html': null, 'report.pdf': null, 'manifest.sha256': null, SHA256SUMS: text(sums) }));
    await expect(readBundle(older)).resolves.toMatchObject({ digest });
  });

  it('lists captures that were still being taken at export as unfinished, and does not import them', async () => {
    const bundle = await readBundle(
      await resealedWith({}, (m) => {
        m.captures.push({ ...m.captures[0]!, id: 'still-pending', folder: 'captures/9999_pending', status: 'pending', files: [] });
        m.captureCount += 1;
      }),
    );
    expect(bundle.unfinished).toEqual(['still-pending']);
    expect(bundle.captures.map((c) => c.id)).not.toContain('still-pending');
  });

  it('imports a capture that failed before anything was stored from the manifest alone', async () => {
    const bundle = await readBundle(
      await resealedWith({}, (m) => {
        m.captures.push({ ...m.captures[0]!, id: 'failed-early', folder: 'captures/9999_failed', status: 'failed', screenshotAt: null, failure: 'The device ran out of space.', files: [] });
        m.captureCount += 1;
      }),
    );
    const failed = bundle.captures.find((c) => c.id === 'failed-early')!;
    expect(failed.files).toEqual([]);
    expect(failed.facts.failure).toEqual({ code: 'unknown', reason: 'The device ran out of space.', at: failed.facts.pressedAt });
    expect(failed.facts.warnings.join(' ')).toMatch(/no details of this failure/);
  });
});

interface RefusalCase {
  name: string;
  code: RefusalCode;
  path?: string | (() => string);
  make: () => Promise<Blob> | Blob;
}

const cases: RefusalCase[] = [
  { name: 'a text file', code: 'NOT_A_ZIP', make: () => new Blob(['These are my notes, not a zip.']) },
  { name: 'an empty file', code: 'NOT_A_ZIP', make: () => new Blob([]) },
  { name: 'a zip cut short', code: 'NOT_A_ZIP', make: async () => zip.slice(0, zip.size - 30) },
  { name: 'a zip of something else', code: 'NOT_OUR_BUNDLE', make: () => repack({ 'holiday.jpg': text('jpeg') }) },
  { name: 'a bundle without its manifest', code: 'NOT_OUR_BUNDLE', make: () => repack(edited({ 'manifest.json': null })) },
  {
    name: 'a manifest of another format',
    code: 'NOT_OUR_BUNDLE',
    make: () => repack(edited({ 'manifest.json': text(JSON.stringify({ ...readManifest(files), format: 'other-tool-bundle' })) })),
  },
  { name: 'a newer format version', code: 'UNSUPPORTED_VERSION', make: () => resealedWith({}, (m) => ((m as { formatVersion: number }).formatVersion = 2)) },
  { name: 'a manifest that is not JSON', code: 'MANIFEST_INVALID', path: 'manifest.json', make: () => repack(edited({ 'manifest.json': text('{ "format": ') })) },
  {
    name: 'a manifest that does not match the schema',
    code: 'MANIFEST_INVALID',
    make: () => resealedWith({}, (m) => ((m as unknown as { captureCount: string }).captureCount = 'four')),
  },
  {
    name: 'a manifest whose capture names a file it does not list',
    code: 'MANIFEST_INVALID',
    make: () => resealedWith({}, (m) => m.captures[0]!.files.push(`${m.captures[0]!.folder}/other.png`)),
  },
  { name: 'a path climbing out with ../', code: 'UNSAFE_PATH', path: '../evil.txt', make: () => repack(edited({ '../evil.txt': text('x') })) },
  { name: 'an absolute path', code: 'UNSAFE_PATH', path: '/etc/cron.d/evil', make: () => repack(edited({ '/etc/cron.d/evil': text('x') })) },
  { name: 'a backslash path', code: 'UNSAFE_PATH', path: '..\\evil.txt', make: () => repack(edited({ '..\\evil.txt': text('x') })) },
  { name: 'a drive letter', code: 'UNSAFE_PATH', path: 'C:/evil.txt', make: () => repack(edited({ 'C:/evil.txt': text('x') })) },
  { name: 'a NUL in a name', code: 'UNSAFE_PATH', path: 'report.html\0.exe', make: () => repack(edited({ 'report.html\0.exe': text('x') })) },
  {
    name: 'a manifest listing an escaping path',
    code: 'UNSAFE_PATH',
    path: '../outside.png',
    make: () => resealedWith({}, (m) => m.files.push({ path: '../outside.png', size: 1, mediaType: 'image/png', sha256: '0'.repeat(64) })),
  },
  {
    name: 'a symbolic link',
    code: 'UNSAFE_PATH',
    path: 'link.txt',
    make: () => {
      const raw = zipBytes(edited({ 'link.txt': text('/etc/passwd') }));
      patchEntry(raw, 'link.txt', { madeBy: 0x0314, externalAttributes: (0o120777 << 16) >>> 0 });
      return new Blob([raw as BlobPart]);
    },
  },
  {
    name: 'two names for one file on Windows and macOS',
    code: 'DUPLICATE_PATH',
    make: () => repack(edited({ [screenshotPath().replace('screenshot.png', 'SCREENSHOT.png')]: text('other') })),
  },
  { name: 'a screenshot removed', code: 'MISSING', path: screenshotPath, make: () => repack(edited({ [screenshotPath()]: null })) },
  { name: 'SHA256SUMS removed', code: 'MISSING', path: 'SHA256SUMS', make: () => repack(edited({ SHA256SUMS: null })) },
  { name: 'the PDF report removed', code: 'MISSING', path: 'report.pdf', make: () => repack(edited({ 'report.pdf': null })) },
  { name: 'log.csv edited', code: 'CHANGED', path: 'log.csv', make: () => repack(edited({ 'log.csv': text('=1+1') })) },
  {
    name: 'SHA256SUMS listing a file that is not there',
    code: 'MISSING',
    path: 'notes.txt',
    make: () => repack(edited({ SHA256SUMS: withSums(`${'a'.repeat(64)}  notes.txt\n`) })),
  },
  {
    name: 'a file added to a capture',
    code: 'UNEXPECTED',
    path: () => screenshotPath().replace('screenshot.png', 'extra.exe'),
    make: () => repack(edited({ [screenshotPath().replace('screenshot.png', 'extra.exe')]: text('MZ') })),
  },
  { name: 'a file added at the top', code: 'UNEXPECTED', path: '__MACOSX/._manifest.json', make: () => repack(edited({ '__MACOSX/._manifest.json': text('x') })) },
  { name: 'one byte of a screenshot changed', code: 'CHANGED', path: screenshotPath, make: () => repack(edited({ [screenshotPath()]: flipped(files[screenshotPath()]!) })) },
  {
    name: 'a byte added to a screenshot',
    code: 'CHANGED',
    path: screenshotPath,
    make: () => repack(edited({ [screenshotPath()]: new Uint8Array([...files[screenshotPath()]!, 0]) })),
  },
  {
    name: 'the page text edited',
    code: 'CHANGED',
    path: () => pathEnding(files, '/text.txt'),
    make: () => repack(edited({ [pathEnding(files, '/text.txt')]: flipped(files[pathEnding(files, '/text.txt')]!, 0) })),
  },
  {
    name: 'the manifest edited without updating SHA256SUMS',
    code: 'CHANGED',
    path: 'manifest.json',
    make: () => repack(edited({ 'manifest.json': text(decode(files['manifest.json']!).replace('Post by @abuser', 'Post by @someone')) })),
  },
  {
    name: 'a fingerprint in SHA256SUMS edited',
    code: 'CHANGED',
    path: screenshotPath,
    make: async () => {
      const sums = decode(files.SHA256SUMS!).replace(/^[0-9a-f]{64}(?=  captures\/[^\n]*screenshot\.png)/m, 'f'.repeat(64));
      return repack(edited({ SHA256SUMS: text(sums) }));
    },
  },
  {
    name: 'a line removed from SHA256SUMS',
    code: 'CHANGED',
    path: 'SHA256SUMS',
    make: () => repack(edited({ SHA256SUMS: text(decode(files.SHA256SUMS!).split('\n').slice(1).join('\n')) })),
  },
  { name: 'SHA256SUMS garbled', code: 'CHANGED', path: 'SHA256SUMS', make: () => repack(edited({ SHA256SUMS: text('this is not a list of fingerprints\n') })) },
  {
    name: 'a report listed in SHA256SUMS but changed',
    code: 'CHANGED',
    path: 'report.html',
    make: async () => repack(edited({ 'report.html': text('<p>edited</p>') })),
  },
  { name: 'manifest.sha256 naming another digest', code: 'CHANGED', path: 'manifest.sha256', make: () => repack(edited({ 'manifest.sha256': text(`${'0'.repeat(64)}  manifest.json\n`) })) },
  {
    name: 'a screenshot swapped by someone who also rewrote the manifest and SHA256SUMS',
    code: 'METADATA_DISAGREES',
    path: metadataPath,
    make: () => resealedWith({ [screenshotPath()]: flipped(files[screenshotPath()]!) }),
  },
  { name: 'a metadata.json that is not JSON', code: 'METADATA_UNREADABLE', path: metadataPath, make: () => resealedWith({ [metadataPath()]: text('{ not json') }) },
  {
    name: 'a metadata.json of another capture',
    code: 'METADATA_DISAGREES',
    path: metadataPath,
    make: () => resealedWith({ [metadataPath()]: editMetadata((m) => (m.captureId = 'another-capture')) }),
  },
  {
    name: 'a metadata.json recording another screenshot fingerprint',
    code: 'METADATA_DISAGREES',
    path: metadataPath,
    make: () => resealedWith({ [metadataPath()]: editMetadata((m) => (m.screenshot.sha256 = 'e'.repeat(64))) }),
  },
  {
    name: 'a capture without its metadata.json',
    code: 'METADATA_UNREADABLE',
    path: metadataPath,
    make: () =>
      resealedWith({ [metadataPath()]: null }, (m) => {
        m.files = m.files.filter((f) => f.path !== metadataPath());
        for (const c of m.captures) c.files = c.files.filter((f) => f !== metadataPath());
      }),
  },
  {
    name: 'a finished capture without files',
    code: 'MANIFEST_INVALID',
    path: 'manifest.json',
    make: () => resealedWith({}, (m) => (m.captures[0]!.files = [])),
  },
  {
    name: 'a manifest that changes a capture’s time (and is resealed)',
    code: 'METADATA_DISAGREES',
    make: () => resealedWith({}, (m) => (m.captures[0]!.pressedAt = '2026-01-01T00:00:00.000Z')),
  },
];

describe('readBundle refuses, and an import leaves the log untouched, for', () => {
  it.each(cases)('$name → $code', async ({ code, path, make }) => {
    const bad = await make();
    const refusal = await importBundle(target, bad).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(BundleRefused);
    expect(refusal).toMatchObject({ code });
    if (path !== undefined) expect((refusal as BundleRefused).path).toBe(typeof path === 'function' ? path() : path);
    expect((refusal as BundleRefused).message).toMatch(/Nothing was imported; your log is unchanged\.$/);
    expect(await snapshotLog(target)).toEqual(targetBefore);
  });

  it('refuses more files than allowed before unpacking any', async () => {
    await expect(readBundle(zip, { maxEntries: 5 })).rejects.toMatchObject({ code: 'TOO_MANY_FILES' });
  });

  it('refuses a file larger than allowed, and a bundle larger than allowed', async () => {
    await expect(readBundle(zip, { maxFileBytes: 100 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(readBundle(zip, { maxTotalBytes: 2_000 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });
});
