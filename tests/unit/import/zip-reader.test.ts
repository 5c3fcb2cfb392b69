import { makeZip } from 'client-zip';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_LIMITS, importLimits } from '../../../utils/import/limits';
import { BundleRefused } from '../../../utils/import/refusal';
import { hashZipEntry, readZipDirectory, readZipEntry } from '../../../utils/import/zip-reader';
import { sha256Hex } from '../../../utils/integrity/sha256';
import { FORGED_ZIP_HEADER, zipBytes } from './fixtures';
import { findEntry, patchEntry } from './zip-patch';

const text = (s: string) => new TextEncoder().encode(s);
const limits = importLimits();
const story = text('The same line, again and again. '.repeat(400));

async function readAll(zip: Blob): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const entry of await readZipDirectory(zip, limits)) if (!entry.isFolder) out[entry.path] = await readZipEntry(zip, entry);
  return out;
}

async function refusal(work: Promise<unknown>): Promise<BundleRefused> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleRefused);
  return error as BundleRefused;
}

function blob(bytes: Uint8Array): Blob {
  return new Blob([bytes as BlobPart]);
}

describe('reading a zip from its table of contents', () => {
  it('reads client-zip’s stored entries with data descriptors, and ignores headers forged inside file data', async () => {
    const page = text(`before ${FORGED_ZIP_HEADER} after`);
    const zip = await new Response(makeZip([{ name: 'text.txt', input: page }, { name: 'b/metadata.json', input: text('{}') }], { buffersAreUTF8: true })).blob();
    expect(await readAll(zip)).toEqual({ 'text.txt': page, 'b/metadata.json': text('{}') });
  });

  it('hashes a file in pieces, stored or compressed, to the SHA-256 of its unpacked bytes', async () => {
    const large = new Uint8Array(3 * 1024 * 1024 + 17);
    for (let at = 0; at < large.length; at += 65_536) crypto.getRandomValues(large.subarray(at, at + 65_536));
    for (const level of [0, 6] as const) {
      const zip = blob(zipBytes({ 'report.pdf': large, 'small.txt': story }, level));
      for (const entry of await readZipDirectory(zip, limits)) {
        expect(await hashZipEntry(zip, entry)).toBe(await sha256Hex(entry.path === 'report.pdf' ? large : story));
      }
    }
  });

  it('reads DEFLATE entries, with folder entries', async () => {
    const zip = blob(zipBytes({ folder: { 'story.txt': story, 'empty.txt': new Uint8Array(0) } }, 6));
    const entries = await readZipDirectory(zip, limits);
    expect(entries.map((e) => [e.path, e.isFolder])).toEqual([
      ['folder', true],
      ['folder/story.txt', false],
      ['folder/empty.txt', false],
    ]);
    expect(entries[1]).toMatchObject({ method: 8, size: story.length });
    expect(entries[1]!.compressedSize).toBeLessThan(story.length / 10);
    expect(await readAll(zip)).toEqual({ 'folder/story.txt': story, 'folder/empty.txt': new Uint8Array(0) });
  });

  it('refuses a compression method bundles never use', async () => {
    const raw = zipBytes({ 'a.txt': story });
    patchEntry(raw, 'a.txt', { method: 12 });
    expect(await refusal(readZipDirectory(blob(raw), limits))).toMatchObject({ code: 'UNSUPPORTED_ZIP', path: 'a.txt' });
  });

  it('refuses encrypted entries', async () => {
    const raw = zipBytes({ 'a.txt': story });
    patchEntry(raw, 'a.txt', { flags: 1 });
    expect(await refusal(readZipDirectory(blob(raw), limits))).toMatchObject({ code: 'UNSUPPORTED_ZIP', path: 'a.txt' });
  });

  it('refuses a stored entry whose two sizes differ', async () => {
    const raw = zipBytes({ 'a.txt': story });
    patchEntry(raw, 'a.txt', { size: story.length - 1 });
    expect(await refusal(readZipDirectory(blob(raw), limits))).toMatchObject({ code: 'DAMAGED_ZIP' });
  });

  it('refuses a compressed entry that unpacks to fewer bytes than declared', async () => {
    const raw = zipBytes({ 'a.txt': story }, 6);
    patchEntry(raw, 'a.txt', { size: story.length + 10 });
    const zip = blob(raw);
    const [entry] = await readZipDirectory(zip, limits);
    expect(await refusal(readZipEntry(zip, entry!))).toMatchObject({ code: 'DAMAGED_ZIP', path: 'a.txt' });
  });

  it('refuses a compressed entry that is cut short', async () => {
    const raw = zipBytes({ 'a.txt': story }, 6);
    const at = findEntry(raw, 'a.txt');
    patchEntry(raw, 'a.txt', { compressedSize: Math.floor(at.compressedSize / 2) });
    const zip = blob(raw);
    const [entry] = await readZipDirectory(zip, limits);
    const refused = await refusal(readZipEntry(zip, entry!));
    expect(refused).toMatchObject({ code: 'DAMAGED_ZIP', path: 'a.txt' });
    expect(refused.message).toMatch(/cannot be unpacked|fewer bytes/);
  });

  it('refuses an entry whose own header names another file than the table of contents', async () => {
    const raw = zipBytes({ 'a.txt': story });
    const at = findEntry(raw, 'a.txt');
    raw[at.local + 30] = 'b'.charCodeAt(0);
    const zip = blob(raw);
    const [entry] = await readZipDirectory(zip, limits);
    expect(await refusal(readZipEntry(zip, entry!))).toMatchObject({ code: 'DAMAGED_ZIP', path: 'a.txt' });
  });

  it('refuses bytes before the zip (its table of contents is not where it says)', async () => {
    const raw = zipBytes({ 'a.txt': story });
    const prefixed = new Uint8Array(raw.length + 4);
    prefixed.set(text('MZ!!'));
    prefixed.set(raw, 4);
    expect(await refusal(readZipDirectory(blob(prefixed), limits))).toMatchObject({ code: 'DAMAGED_ZIP' });
  });

  it('refuses a zip split into parts, and one that needs ZIP64', async () => {
    const split = zipBytes({ 'a.txt': story });
    new DataView(split.buffer).setUint16(split.length - 22 + 4, 1, true);
    expect(await refusal(readZipDirectory(blob(split), limits))).toMatchObject({ code: 'UNSUPPORTED_ZIP' });

    const huge = zipBytes({ 'a.txt': story });
    new DataView(huge.buffer).setUint32(huge.length - 22 + 16, 0xffffffff, true);
    expect(await refusal(readZipDirectory(blob(huge), limits))).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('finds the end of a zip that carries a comment, and refuses trailing bytes that are not one', async () => {
    const raw = zipBytes({ 'a.txt': story });
    const comment = text('exported by Holdfast');
    const withComment = new Uint8Array(raw.length + comment.length);
    withComment.set(raw);
    withComment.set(comment, raw.length);
    new DataView(withComment.buffer).setUint16(raw.length - 22 + 20, comment.length, true);
    expect(Object.keys(await readAll(blob(withComment)))).toEqual(['a.txt']);

    const trailing = new Uint8Array(raw.length + 3);
    trailing.set(raw);
    expect(await refusal(readZipDirectory(blob(trailing), limits))).toMatchObject({ code: 'NOT_A_ZIP' });
  });

  it('keeps overridden limits under the ZIP64 ceiling', () => {
    expect(importLimits({ maxTotalBytes: 10 * 2 ** 32 }).maxTotalBytes).toBeLessThan(2 ** 32);
    expect(importLimits({ maxTotalBytes: 1000 }).maxFileBytes).toBe(1000);
    expect(importLimits().maxEntries).toBe(DEFAULT_IMPORT_LIMITS.maxEntries);
  });
});
