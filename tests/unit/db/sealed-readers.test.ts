/**
 * Every reader of a sealed log goes through the evidence codec: export (opened exact bytes whose
 * hashes match; nothing while locked; a damaged file named), import (sealed while locked), the
 * search (nothing of the evidence written in the clear; found only once unlocked) and the rows.
 */
import { unzipSync } from 'fflate';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeyring, publicKeyOf } from '@/utils/crypto/keyring';
import { HoldfastDb } from '@/utils/db/database';
import { SEALED_SUMMARY, createEvidenceCodec, sealExistingCaptures, type OpeningKey, type SealingKey } from '@/utils/db/evidence-codec';
import { CaptureNotOpen, StoredFileUnreadable, createEvidenceBundle, exportSize } from '@/utils/export/bundle';
import type { BundleManifest } from '@/utils/export/layout';
import { importBundle } from '@/utils/import/import-bundle';
import { sha256Hex } from '@/utils/integrity/sha256';
import { loadLogWindow, openRowViews } from '@/utils/log/row-details';
import { allFacts, factsInMemoryCount, forgetFactsInMemory } from '@/utils/search/facts-store';
import { createLogSearch } from '@/utils/search/log-search';
import { exportBundle, fillLog, freshDb } from '../import/fixtures';

const TOOL = { name: 'Holdfast', version: '0.1.0', extensionId: 'testextensionid' };
let sealTo: SealingKey;
let openWith: OpeningKey;
const locked = () => createEvidenceCodec({ sealTo });
const unlocked = () => createEvidenceCodec({ sealTo, openWith });

beforeAll(async () => {
  const made = await createKeyring('a long passphrase for tests');
  sealTo = { keyId: made.keyring.keyId, publicKey: await publicKeyOf(made.keyring) };
  openWith = { keyId: made.keyring.keyId, privateKey: made.privateKey };
}, 60_000);

beforeEach(() => forgetFactsInMemory());

/** A log filled by the capture queue with encryption off, then sealed (as turning encryption on does). */
async function sealedLog(): Promise<{ db: HoldfastDb; titles: string[] }> {
  const db = freshDb();
  await fillLog(db);
  const titles = (await db.captures.orderBy('pressedAt').toArray()).map((c) => c.summary.title);
  await sealExistingCaptures(db, locked());
  return { db, titles };
}

async function unzipStream(stream: ReadableStream<Uint8Array>) {
  return unzipSync(new Uint8Array(await new Response(stream).arrayBuffer()));
}

describe('opening a sealed capture', () => {
  it('opens a capture holding a file of every role (page snapshot, post image, raw email, …)', async () => {
    const roles = ['screenshot', 'text', 'metadata', 'post-image', 'post-rendering', 'full-page-image', 'page-snapshot', 'raw-email', 'page-text'] as const;
    const artifacts = await Promise.all(
      roles.map(async (role) => {
        const bytes = new TextEncoder().encode(role);
        return { role, name: `${role}.bin`, sha256: await sha256Hex(bytes), size: bytes.byteLength, mediaType: 'application/octet-stream' };
      }),
    );
    const db = freshDb();
    await fillLog(db, [{ url: 'https://social.example/1', title: 'One', text: 'one' }]);
    const record = { ...(await db.captures.toCollection().first())!, artifacts };
    const opened = await unlocked().openCapture(await locked().sealCapture(record));
    expect(opened.state).toBe('opened');
    expect(opened.record.artifacts.map((a) => a.role)).toEqual([...roles]);
  });
});

describe('export of a sealed log', () => {
  it('holds the opened exact bytes, each matching the SHA-256 recorded at capture time', async () => {
    const { db, titles } = await sealedLog();
    expect(await db.blobs.count()).toBe(0);
    expect(await exportSize(db, undefined, locked())).toMatchObject({ captureCount: 4, sealedCount: 4, bytes: 0 });
    const size = await exportSize(db, undefined, unlocked());
    expect(size).toMatchObject({ captureCount: 4, sealedCount: 0 });
    expect(size.bytes).toBeGreaterThan(0);

    const bundle = await createEvidenceBundle(db, { tool: TOOL, codec: unlocked() });
    const files = await unzipStream(bundle.stream);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;
    expect(manifest.captures.map((c) => c.title)).toEqual(titles);
    expect(manifest.files.length).toBeGreaterThan(8);
    for (const file of manifest.files) expect(await sha256Hex(files[file.path]!), file.path).toBe(file.sha256);
    const sums = new TextDecoder().decode(files['SHA256SUMS']);
    for (const [path, bytes] of Object.entries(files)) if (path !== 'SHA256SUMS') expect(sums).toContain(`${await sha256Hex(bytes)}  ${path}`);
  });

  it('stops while the log is locked, and names a file that no longer opens; nothing is produced', async () => {
    const { db } = await sealedLog();
    const whileLocked = await createEvidenceBundle(db, { tool: TOOL, codec: locked() });
    await expect(new Response(whileLocked.stream).arrayBuffer()).rejects.toThrow();
    await expect(whileLocked.result).rejects.toBeInstanceOf(CaptureNotOpen);
    await expect(whileLocked.result).rejects.toThrow(/log is locked/);

    // Damage one sealed file on disk (a flipped byte in its ciphertext).
    const victim = (await db.sealedBlobs.toArray())[0]!;
    const bytes = new Uint8Array(await victim.data.arrayBuffer());
    bytes[bytes.length - 1] ^= 0xff;
    await db.sealedBlobs.put({ ...victim, data: new Blob([bytes]) });
    const damaged = await createEvidenceBundle(db, { tool: TOOL, codec: unlocked() });
    await expect(new Response(damaged.stream).arrayBuffer()).rejects.toThrow();
    const error = await damaged.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredFileUnreadable);
    expect((error as StoredFileUnreadable).path).toMatch(/^captures\/.+\/[a-z.-]+$/);
    expect((error as Error).message).toContain((error as StoredFileUnreadable).path);
  });
});

describe('import into an encrypted log', () => {
  it('seals records and files while the log is locked; after unlock they open as exported', async () => {
    const source = freshDb();
    await fillLog(source);
    const { zip } = await exportBundle(source);
    const target = freshDb();
    const outcome = await importBundle(target, zip, { codec: locked() });
    expect(outcome).toMatchObject({ added: 4, alreadyPresent: 0, conflicting: [] });
    expect(await target.blobs.count()).toBe(0);
    expect(await target.sealedBlobs.count()).toBeGreaterThan(0);
    const stored = await target.captures.orderBy('pressedAt').toArray();
    for (const record of stored) {
      expect(record.sealed?.keyId).toBe(sealTo.keyId);
      expect(record.summary).toEqual(SEALED_SUMMARY);
      expect(record.artifacts).toEqual([]);
    }
    const original = await source.captures.orderBy('pressedAt').toArray();
    const codec = unlocked();
    for (const [index, record] of stored.entries()) {
      const opened = await codec.openCapture(record);
      expect(opened.state).toBe('opened');
      expect(opened.record.summary).toEqual(original[index]!.summary);
      for (const ref of opened.record.artifacts) expect(await sha256Hex(await codec.openArtifact(target, record.id, ref))).toBe(ref.sha256);
    }
    // Again, still locked: the captures are recognised by id and not added twice.
    expect(await importBundle(target, zip, { codec: locked() })).toMatchObject({ added: 0, alreadyPresent: 4 });
    // And unlocked: compared file by file.
    expect(await importBundle(target, zip, { codec: unlocked() })).toMatchObject({ added: 0, alreadyPresent: 4, conflicting: [] });
  });
});

describe('search and facts of a sealed log', () => {
  it('finds page text only once unlocked, and writes neither index nor facts to disk', async () => {
    const { db } = await sealedLog();
    const whileLocked = createLogSearch({ db, codec: async () => locked(), yieldBetweenBatches: async () => undefined });
    expect(await whileLocked.sync()).toMatchObject({ indexed: 0 });
    expect(whileLocked.search('regret').captureIds).toEqual([]);

    const open = createLogSearch({ db, codec: async () => unlocked(), yieldBetweenBatches: async () => undefined });
    expect((await open.sync()).indexed).toBe(4);
    expect(open.search('regret').captureIds).toHaveLength(1);
    expect(await db.searchIndex.count()).toBe(0);
    expect(await db.captureFacts.count()).toBe(0);
    expect(factsInMemoryCount()).toBe(4);
    expect(await allFacts(db)).toHaveLength(4);
  });

  it('turning encryption on deletes the index and facts written in the clear before', async () => {
    const db = freshDb();
    await fillLog(db);
    await createLogSearch({ db, yieldBetweenBatches: async () => undefined }).sync();
    expect(await db.searchIndex.count()).toBe(1);
    expect(await db.captureFacts.count()).toBe(4);
    await sealExistingCaptures(db, locked());
    expect(await db.searchIndex.count()).toBe(0);
    expect(await db.captureFacts.count()).toBe(0);
  });
});

describe('rows of the dashboard log', () => {
  it('are marked locked while the log is locked, and opened after unlock', async () => {
    const { db, titles } = await sealedLog();
    const rows = await loadLogWindow(db, 0, 10);
    const whileLocked = await openRowViews(locked(), rows);
    expect(whileLocked.map((r) => r.sealed)).toEqual(titles.map(() => ({ state: 'locked' })));
    const opened = await openRowViews(unlocked(), rows);
    expect(opened.map((r) => r.sealed)).toEqual(titles.map(() => undefined));
    expect(opened.map((r) => r.capture.summary.title)).toEqual([...titles].reverse());
  });
});
