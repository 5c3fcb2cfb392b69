import { describe, expect, it, vi } from 'vitest';
import type { CaptureRecord } from '../../../utils/db/records';
import { importBundle } from '../../../utils/import/import-bundle';
import { mergeBundle } from '../../../utils/import/merge';
import { readBundle } from '../../../utils/import/read-bundle';
import { sha256Hex } from '../../../utils/integrity/sha256';
import { DEFAULT_PAGES, exportBundle, fillLog, freshDb, snapshotLog, unpack } from './fixtures';

const IMPORTED_AT = new Date('2026-12-02T09:30:00.000Z');
const now = () => IMPORTED_AT;

/** A record without what belongs to one device's log only (its tab, attempts, storage time, import mark). */
function evidenceOf(record: CaptureRecord) {
  const { tab: _tab, attempts: _attempts, storedAt: _storedAt, imported: _imported, ...evidence } = record;
  return { ...evidence, screenshotAt: record.screenshotAt };
}

async function blobBytesBySha(db: ReturnType<typeof freshDb>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const blob of await db.blobs.toArray()) out.set(blob.sha256, await sha256Hex(new Uint8Array(await blob.data.arrayBuffer())));
  return out;
}

describe('import round trip', () => {
  it('restores the same captures with the same files and fingerprints into a fresh log', async () => {
    const source = freshDb();
    await fillLog(source);
    const { zip, manifest } = await exportBundle(source);

    const restored = freshDb();
    const outcome = await importBundle(restored, zip, { now });
    expect(outcome).toMatchObject({ added: 4, alreadyPresent: 0, conflicting: [], captureCount: 4, unfinished: [], exportedAt: manifest.exportedAt });

    const original = await source.captures.orderBy('pressedAt').toArray();
    const imported = await restored.captures.orderBy('pressedAt').toArray();
    expect(imported.map(evidenceOf)).toEqual(original.map(evidenceOf));
    const digest = await sha256Hex((await unpack(zip))['manifest.json']!);
    expect(outcome.bundleDigest).toBe(digest);
    for (const record of imported) {
      expect(record.imported).toEqual({ at: '2026-12-02T09:30:00.000Z', bundleDigest: digest });
      expect(record.tab).toEqual({ tabId: -1, windowId: -1 });
      expect(record.status).not.toBe('pending');
    }

    // Every stored file is there, under its fingerprint, with exactly the original bytes.
    const blobs = await blobBytesBySha(restored);
    expect(blobs).toEqual(await blobBytesBySha(source));
    for (const [key, actual] of blobs) expect(actual).toBe(key);

    // Exporting the restored log gives back the very same captures and files; only its own chain
    // of custody and signing key (custody/*, signing-key.jwk.json) are those of the new log.
    const again = await unpack((await exportBundle(restored)).zip);
    const first = await unpack(zip);
    const evidence = (bytes: Uint8Array) => {
      const manifest = JSON.parse(new TextDecoder().decode(bytes)) as { captures: unknown[]; files: { path: string }[] };
      return { captures: manifest.captures, files: manifest.files.filter((f) => !f.path.startsWith('custody/') && f.path !== 'signing-key.jwk.json') };
    };
    expect(evidence(again['manifest.json'])).toEqual(evidence(first['manifest.json']));
  });

  it('adds nothing when the same bundle is merged twice', async () => {
    const source = freshDb();
    await fillLog(source);
    const { zip } = await exportBundle(source);
    const log = freshDb();
    const bundle = await readBundle(zip);

    expect(await mergeBundle(log, bundle, { now })).toEqual({ added: 4, addedIds: bundle.captures.map((c) => c.id), alreadyPresent: 0, conflicting: [] });
    const afterFirst = await snapshotLog(log);
    expect(await mergeBundle(log, bundle, { now: () => new Date('2027-01-01T00:00:00.000Z') })).toEqual({ added: 0, addedIds: [], alreadyPresent: 4, conflicting: [] });
    expect(await snapshotLog(log)).toEqual(afterFirst);
    expect(await log.captures.count()).toBe(4);
  });

  it('merges into a log with its own captures, storing shared files once and leaving its captures as they were', async () => {
    const log = freshDb();
    // The person captured the same post on this device too: same screenshot bytes, different capture.
    await fillLog(log, [DEFAULT_PAGES[0]!, { url: 'https://forum.example/t/9', title: 'Thread', text: 'mine' }], Date.parse('2026-10-01T08:00:00.000Z'));
    const ownBefore = await log.captures.orderBy('pressedAt').toArray();
    const ownBlobs = await log.blobs.toCollection().primaryKeys();

    const source = freshDb();
    await fillLog(source);
    const { zip } = await exportBundle(source);
    const outcome = await importBundle(log, zip, { now });

    expect(outcome.added).toBe(4);
    expect(await log.captures.count()).toBe(6);
    expect(await log.captures.bulkGet(ownBefore.map((r) => r.id))).toEqual(ownBefore);
    const sharedScreenshot = ownBefore[0]!.artifacts.find((a) => a.role === 'screenshot')!.sha256;
    const sourceBlobs = await source.blobs.toCollection().primaryKeys();
    expect(sourceBlobs).toContain(sharedScreenshot);
    const union = new Set([...ownBlobs, ...sourceBlobs]);
    expect(union.size).toBeLessThan(ownBlobs.length + sourceBlobs.length);
    expect((await log.blobs.toCollection().primaryKeys()).sort()).toEqual([...union].sort());
    expect(await log.blobs.count()).toBe(union.size);
  });

  it('imports a later, larger bundle after a partial one without duplicating what is already there', async () => {
    const source = freshDb();
    await fillLog(source);
    const ids = (await source.captures.orderBy('pressedAt').primaryKeys()) as string[];
    const log = freshDb();
    expect(await importBundle(log, (await exportBundle(source, ids.slice(0, 2))).zip, { now })).toMatchObject({ added: 2, alreadyPresent: 0 });
    expect(await importBundle(log, (await exportBundle(source)).zip, { now })).toMatchObject({ added: 2, alreadyPresent: 2 });
    expect((await log.captures.orderBy('pressedAt').primaryKeys()).sort()).toEqual([...ids].sort());
  });

  it('keeps the log’s own version of a capture whose id the bundle reuses with other files, and says so', async () => {
    const source = freshDb();
    await fillLog(source);
    const { zip } = await exportBundle(source);
    const bundle = await readBundle(zip);

    const log = freshDb();
    const clash = bundle.captures[0]!;
    const own: CaptureRecord = {
      id: clash.id,
      kind: 'page',
      trigger: 'popup',
      status: 'failed',
      pressedAt: '2026-09-09T09:09:09.000Z',
      tab: { tabId: 7, windowId: 1 },
      summary: { url: 'https://other.example/', title: 'Other', site: 'other.example' },
      artifacts: [],
      attempts: 1,
      warnings: [],
      failure: { code: 'tab-closed', reason: 'closed', at: '2026-09-09T09:09:10.000Z' },
    };
    await log.captures.add(own);

    const outcome = await mergeBundle(log, bundle, { now });
    expect(outcome).toEqual({ added: 3, addedIds: bundle.captures.slice(1).map((c) => c.id), alreadyPresent: 0, conflicting: [clash.id] });
    expect(await log.captures.get(clash.id)).toEqual(own);
  });

  it('leaves the log exactly as it was when writing fails part way', async () => {
    const source = freshDb();
    await fillLog(source);
    const bundle = await readBundle((await exportBundle(source)).zip);
    const log = freshDb();
    await fillLog(log, [{ url: 'https://forum.example/t/9', title: 'Thread', text: 'mine' }], Date.parse('2026-10-01T08:00:00.000Z'));
    const before = await snapshotLog(log);

    // The files are written first; the captures then fail, as when the disk fills up.
    const blobsWritten = vi.spyOn(log.blobs, 'bulkAdd');
    vi.spyOn(log.captures, 'bulkAdd').mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    await expect(mergeBundle(log, bundle, { now })).rejects.toThrow(/quota/);
    expect(blobsWritten).toHaveBeenCalled();
    expect(await snapshotLog(log)).toEqual(before);

    // And a retry once there is room succeeds.
    vi.restoreAllMocks();
    expect(await mergeBundle(log, bundle, { now })).toMatchObject({ added: 4 });
  });
});
