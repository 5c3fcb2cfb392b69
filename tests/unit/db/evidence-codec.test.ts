import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeyring, publicKeyOf, type StoredKeyring } from '@/utils/crypto/keyring';
import { keepUnlocked } from '@/utils/crypto/session-key';
import { HoldfastDb } from '@/utils/db/database';
import {
  ArtifactUnavailable,
  SEALED_SUMMARY,
  createEvidenceCodec,
  evidenceTables,
  loadEvidenceCodec,
  sealExistingCaptures,
  storeArtifacts,
  type EvidenceCodec,
  type OpeningKey,
  type SealingKey,
} from '@/utils/db/evidence-codec';
import { saveNewKeyring } from '@/utils/db/keyring-store';
import type { ArtifactRef, CaptureRecord } from '@/utils/db/records';
import { sha256Hex } from '@/utils/integrity/sha256';
import { pageRead } from '../support/capture-services';
import { indexOfBytes } from '../crypto/helpers';

const MARKER = 'MARKER-threat-5d1c';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const utf8 = (text: string) => new TextEncoder().encode(text);

let keyring: StoredKeyring;
let privateKey: CryptoKey;
let sealTo: SealingKey;
let openWith: OpeningKey;
let otherOpenWith: OpeningKey;

beforeAll(async () => {
  const made = await createKeyring('a long passphrase for tests');
  keyring = made.keyring;
  privateKey = made.privateKey;
  sealTo = { keyId: keyring.keyId, publicKey: await publicKeyOf(keyring) };
  openWith = { keyId: keyring.keyId, privateKey };
  const other = await createKeyring('another passphrase entirely');
  otherOpenWith = { keyId: keyring.keyId, privateKey: other.privateKey };
}, 60_000);

let db: HoldfastDb;
beforeEach(() => {
  db = new HoldfastDb(`codec-${crypto.randomUUID()}`);
});

function capture(overrides: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    id: crypto.randomUUID(),
    kind: 'page',
    trigger: 'shortcut',
    status: 'done',
    pressedAt: '2026-11-30T10:00:00.000Z',
    screenshotAt: '2026-11-30T10:00:00.100Z',
    storedAt: '2026-11-30T10:00:00.200Z',
    tab: { tabId: 7, windowId: 1 },
    summary: { url: `https://social.example/${MARKER}`, title: `Title ${MARKER}`, site: 'social.example' },
    artifacts: [],
    attempts: 1,
    warnings: [`The page address changed to https://x.example/${MARKER}`],
    ...overrides,
  };
}

async function ref(role: ArtifactRef['role'], name: string, mediaType: string, bytes: Uint8Array): Promise<ArtifactRef> {
  return { role, name, mediaType, size: bytes.byteLength, sha256: await sha256Hex(bytes) };
}

/** Writes a capture with a screenshot and a text file through `codec`, as the queue does. */
async function storeCapture(codec: EvidenceCodec, record = capture()) {
  const text = utf8(`Whole page text with ${MARKER}`);
  const files = [
    { ref: await ref('screenshot', 'screenshot.png', 'image/png', PNG), bytes: PNG },
    { ref: await ref('text', 'text.txt', 'text/plain; charset=utf-8', text), bytes: text },
  ];
  const prepared = await Promise.all(files.map((f) => codec.sealArtifact(record.id, f.ref, f.bytes)));
  const stored = await codec.sealCapture({ ...record, artifacts: prepared.map((p) => p.ref) });
  await db.transaction('rw', evidenceTables(db), async () => {
    await storeArtifacts(db, prepared);
    await db.captures.put(stored);
  });
  return { record, stored, text };
}

/** Every byte the database holds for its evidence, as one buffer per row (what reaches the disk). */
async function everyStoredByte(): Promise<Uint8Array[]> {
  const rows: Uint8Array[] = [];
  for (const c of await db.captures.toArray()) rows.push(utf8(JSON.stringify(c, (_k, value) => (value instanceof Uint8Array ? Array.from(value) : value))));
  for (const b of await db.blobs.toArray()) rows.push(new Uint8Array(await b.data.arrayBuffer()), utf8(b.sha256));
  for (const b of await db.sealedBlobs.toArray()) rows.push(new Uint8Array(await b.data.arrayBuffer()), utf8(JSON.stringify({ id: b.id, captureId: b.captureId })));
  for (const t of await db.thumbnails.toArray()) rows.push(new Uint8Array(await t.data.arrayBuffer()));
  for (const p of await db.pendingPageReads.toArray()) rows.push(utf8(JSON.stringify(p, (_k, value) => (value instanceof Uint8Array ? Array.from(value) : value))));
  return rows;
}

async function expectNowhereInTheClear(needle: Uint8Array | string) {
  const bytes = typeof needle === 'string' ? utf8(needle) : needle;
  for (const row of await everyStoredByte()) expect(indexOfBytes(row, bytes)).toBe(-1);
}

describe('evidence codec with encryption off', () => {
  it('is the identity: records, content-addressed blobs, previews and page reads as in version 1', async () => {
    const codec = createEvidenceCodec();
    expect(codec.sealingKeyId).toBeNull();
    const { record, stored } = await storeCapture(codec);
    expect(stored).toEqual({ ...record, artifacts: stored.artifacts });
    expect(stored.artifacts.every((a) => a.blobId === undefined)).toBe(true);
    expect(await db.blobs.count()).toBe(2);
    expect(await db.sealedBlobs.count()).toBe(0);
    expect(await codec.openCapture(stored)).toEqual({ state: 'clear', record: stored });
    expect(await codec.openArtifact(db, record.id, stored.artifacts[0])).toEqual(PNG);

    const preview = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' });
    const thumbnail = await codec.sealThumbnail(record.id, preview);
    expect(thumbnail).toEqual({ captureId: record.id, data: preview });
    expect(await codec.openThumbnail(thumbnail)).toBe(preview);
    const page = pageRead();
    expect(await codec.sealPageRead(record.id, { page, post: null })).toEqual({ captureId: record.id, page });
  });

  it('stores identical bytes once however many captures point to them', async () => {
    const codec = createEvidenceCodec();
    await storeCapture(codec);
    await storeCapture(codec);
    expect(await db.captures.count()).toBe(2);
    expect(await db.blobs.count()).toBe(2);
  });

  it('refuses bytes that no longer match their fingerprint, and missing ones', async () => {
    const codec = createEvidenceCodec();
    const { record, stored } = await storeCapture(codec);
    const screenshot = stored.artifacts[0];
    await db.blobs.update(screenshot.sha256, { data: new Blob([new Uint8Array([0, ...PNG.subarray(1)])]) });
    await expect(codec.openArtifact(db, record.id, screenshot)).rejects.toMatchObject({ name: 'ArtifactUnavailable', problem: 'changed' });
    await db.blobs.delete(screenshot.sha256);
    await expect(codec.openArtifact(db, record.id, screenshot)).rejects.toMatchObject({ problem: 'missing' });
  });
});

describe('evidence codec with encryption on', () => {
  it('keeps no evidence text, page address, hash or image bytes in the clear', async () => {
    const codec = createEvidenceCodec({ sealTo });
    const { record, stored, text } = await storeCapture(codec, capture({ status: 'failed', failure: { code: 'tab-hidden', reason: 'The tab was no longer on screen.', detail: `at ${MARKER}`, at: '2026-11-30T10:00:01.000Z' } }));
    await db.thumbnails.put(await codec.sealThumbnail(record.id, new Blob([PNG])));
    await db.pendingPageReads.put(await codec.sealPageRead(record.id, { page: pageRead({ text: `page ${MARKER}` }), post: null }));

    expect(stored.summary).toEqual(SEALED_SUMMARY);
    expect(stored.artifacts).toEqual([]);
    expect(stored.warnings).toEqual([]);
    expect(stored.failure).toEqual({ code: 'tab-hidden', reason: 'The tab was no longer on screen.', at: '2026-11-30T10:00:01.000Z' });
    expect(stored.sealed?.keyId).toBe(keyring.keyId);
    expect(await db.blobs.count()).toBe(0);
    expect(await db.sealedBlobs.count()).toBe(2);

    await expectNowhereInTheClear(MARKER);
    await expectNowhereInTheClear(PNG.subarray(0, 8));
    await expectNowhereInTheClear(await sha256Hex(PNG));
    await expectNowhereInTheClear(await sha256Hex(text));
  });

  it('opens everything again with the unlocked key, hashes checked', async () => {
    const sealing = createEvidenceCodec({ sealTo });
    const { record, stored, text } = await storeCapture(sealing, capture({ failure: { code: 'x', reason: 'r', detail: `d ${MARKER}`, at: '2026-11-30T10:00:01.000Z' } }));
    const reading = createEvidenceCodec({ sealTo, openWith });
    expect(reading.canOpen).toBe(true);
    const opened = await reading.openCapture(stored);
    expect(opened.state).toBe('opened');
    expect(opened.record.summary).toEqual(record.summary);
    expect(opened.record.warnings).toEqual(record.warnings);
    expect(opened.record.failure?.detail).toBe(`d ${MARKER}`);
    expect(opened.record).not.toHaveProperty('sealed');
    const [screenshot, textRef] = opened.record.artifacts;
    expect(screenshot).toMatchObject({ role: 'screenshot', sha256: await sha256Hex(PNG), size: PNG.byteLength });
    expect(screenshot.blobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await reading.openArtifact(db, record.id, screenshot)).toEqual(PNG);
    expect(await reading.openArtifact(db, record.id, textRef)).toEqual(text);

    const page = pageRead({ text: `page ${MARKER}` });
    const keptPage = await sealing.sealPageRead(record.id, { page, post: null });
    expect(await reading.openPageRead(keptPage)).toEqual({ page, post: null });
    const thumbnail = await sealing.sealThumbnail(record.id, new Blob([PNG]));
    expect(new Uint8Array(await (await reading.openThumbnail(thumbnail))!.arrayBuffer())).toEqual(PNG);
  });

  it('seals while locked, and reads nothing until unlocked', async () => {
    const locked = createEvidenceCodec({ sealTo });
    expect(locked.canOpen).toBe(false);
    const { record, stored } = await storeCapture(locked);
    expect(await locked.openCapture(stored)).toEqual({ state: 'locked', record: stored });
    const refs = (await createEvidenceCodec({ sealTo, openWith }).openCapture(stored)).record.artifacts;
    await expect(locked.openArtifact(db, record.id, refs[0])).rejects.toMatchObject({ problem: 'locked' });
    expect(await locked.openThumbnail(await locked.sealThumbnail(record.id, new Blob([PNG])))).toBeUndefined();
    expect(await locked.openPageRead(await locked.sealPageRead(record.id, { page: pageRead(), post: null }))).toBeUndefined();
  });

  it('does not open with another key, nor when an item is moved to another capture or changed', async () => {
    const sealing = createEvidenceCodec({ sealTo });
    const { record, stored } = await storeCapture(sealing);
    const wrongKey = createEvidenceCodec({ openWith: otherOpenWith });
    expect((await wrongKey.openCapture(stored)).state).toBe('unreadable');

    const reading = createEvidenceCodec({ sealTo, openWith });
    const moved = { ...stored, id: crypto.randomUUID() };
    expect((await reading.openCapture(moved)).state).toBe('unreadable');

    const refs = (await reading.openCapture(stored)).record.artifacts;
    await expect(reading.openArtifact(db, moved.id, refs[0])).rejects.toMatchObject({ problem: 'missing' });
    // The screenshot's sealed bytes, relabelled as the text file's: the role is bound in.
    await expect(reading.openArtifact(db, record.id, { ...refs[1], blobId: refs[0].blobId })).rejects.toMatchObject({ problem: 'unreadable' });
    const row = (await db.sealedBlobs.get(refs[0].blobId!))!;
    const bytes = new Uint8Array(await row.data.arrayBuffer());
    bytes[bytes.length - 1] ^= 1;
    await db.sealedBlobs.put({ ...row, data: new Blob([bytes]) });
    await expect(reading.openArtifact(db, record.id, refs[0])).rejects.toBeInstanceOf(ArtifactUnavailable);
    await expect(reading.openArtifact(db, record.id, refs[0])).rejects.toMatchObject({ problem: 'unreadable' });
  });

  it('validates what opens: content made up by someone holding only the public key is bounded', async () => {
    const { sealJson } = await import('@/utils/crypto/seal');
    const { SEALING_CONTEXT } = await import('@/utils/db/evidence-codec');
    const record = capture();
    const forged: CaptureRecord = {
      ...record,
      summary: { ...SEALED_SUMMARY },
      sealed: { keyId: keyring.keyId, content: await sealJson(sealTo.publicKey, { summary: { url: 'x'.repeat(20_000), title: '', site: '' }, artifacts: [], warnings: [] }, SEALING_CONTEXT.capture(record.id)) },
    };
    const opened = await createEvidenceCodec({ sealTo, openWith }).openCapture(forged);
    expect(opened.state).toBe('unreadable');
  });

  it('seals a sealed capture again only once it is opened (e.g. a settled capture replacing its pending press)', async () => {
    const { stored } = await storeCapture(createEvidenceCodec({ sealTo }));
    await expect(createEvidenceCodec({ sealTo }).sealCapture(stored)).rejects.toThrow(/cannot be opened now/);
    const again = await createEvidenceCodec({ sealTo, openWith }).sealCapture({ ...stored, status: 'failed' });
    const reopened = await createEvidenceCodec({ sealTo, openWith }).openCapture(again);
    expect(reopened.record.summary.title).toBe(`Title ${MARKER}`);
    expect(reopened.record.status).toBe('failed');
  });
});

describe('loadEvidenceCodec', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is the identity without a keyring, seals with one, and opens only while unlocked', async () => {
    const now = Date.UTC(2026, 10, 30, 10);
    const session = fakeBrowser.storage.session;
    expect((await loadEvidenceCodec(db, session, now)).sealingKeyId).toBeNull();
    await saveNewKeyring(db, keyring);
    const locked = await loadEvidenceCodec(db, session, now);
    expect(locked.sealingKeyId).toBe(keyring.keyId);
    expect(locked.canOpen).toBe(false);
    await keepUnlocked(session, keyring, privateKey, { now, idleLockMs: 60_000 });
    expect((await loadEvidenceCodec(db, session, now + 1_000)).canOpen).toBe(true);
    expect((await loadEvidenceCodec(db, session, now + 61_000)).canOpen).toBe(false);
  });
});

describe('sealExistingCaptures (turning encryption on for a log that already has captures)', () => {
  it('seals every settled capture, its preview and its bytes, and deletes the clear copies', async () => {
    const clear = createEvidenceCodec();
    const first = await storeCapture(clear);
    const second = await storeCapture(clear);
    await db.thumbnails.put({ captureId: first.record.id, data: new Blob([PNG]) });
    const pending = capture({ status: 'pending', artifacts: [] });
    await db.captures.add(pending);

    const seen: number[] = [];
    const result = await sealExistingCaptures(db, createEvidenceCodec({ sealTo }), (p) => seen.push(p.sealed));
    expect(result).toEqual({ sealed: 2, total: 2 });
    expect(seen).toEqual([0, 1, 2]);
    expect(await db.blobs.count()).toBe(0);
    expect(await db.sealedBlobs.count()).toBe(4);
    expect((await db.captures.get(pending.id))?.sealed).toBeUndefined();
    const stillClear = (await db.captures.toArray()).filter((c) => c.id !== pending.id && !c.sealed);
    expect(stillClear).toEqual([]);
    await expectNowhereInTheClear(PNG.subarray(0, 8));
    await expectNowhereInTheClear(`Whole page text with ${MARKER}`);

    const reading = createEvidenceCodec({ sealTo, openWith });
    for (const { record, text } of [first, second]) {
      const opened = await reading.openCapture((await db.captures.get(record.id))!);
      expect(opened.record.summary).toEqual(record.summary);
      expect(await reading.openArtifact(db, record.id, opened.record.artifacts[0])).toEqual(PNG);
      expect(await reading.openArtifact(db, record.id, opened.record.artifacts[1])).toEqual(text);
    }
    const preview = await reading.openThumbnail((await db.thumbnails.get(first.record.id))!);
    expect(new Uint8Array(await preview!.arrayBuffer())).toEqual(PNG);
    // Running it again finds nothing left to do.
    expect(await sealExistingCaptures(db, createEvidenceCodec({ sealTo }))).toEqual({ sealed: 0, total: 0 });
  });

  it('can be interrupted: each capture is clear or sealed, never half, and a second run finishes', async () => {
    const clear = createEvidenceCodec();
    const first = await storeCapture(clear, capture({ pressedAt: '2026-11-30T09:00:00.000Z' }));
    const second = await storeCapture(clear, capture({ pressedAt: '2026-11-30T10:00:00.000Z' }));
    const codec = createEvidenceCodec({ sealTo });
    let calls = 0;
    const failing: EvidenceCodec = {
      ...codec,
      sealArtifact: async (captureId, artifact, bytes) => {
        if (captureId === second.record.id && ++calls > 1) throw new Error('the worker stopped');
        return codec.sealArtifact(captureId, artifact, bytes);
      },
    };
    await expect(sealExistingCaptures(db, failing)).rejects.toThrow('the worker stopped');
    expect((await db.captures.get(first.record.id))?.sealed).toBeDefined();
    const untouched = (await db.captures.get(second.record.id))!;
    expect(untouched.sealed).toBeUndefined();
    // Its bytes are shared with the first capture (same content) and must still be there.
    expect(await clear.openArtifact(db, second.record.id, untouched.artifacts[0])).toEqual(PNG);
    expect(await db.sealedBlobs.where('captureId').equals(second.record.id).count()).toBe(0);

    expect(await sealExistingCaptures(db, codec)).toEqual({ sealed: 1, total: 1 });
    expect(await db.blobs.count()).toBe(0);
  });

  it('refuses to run with encryption off', async () => {
    await expect(sealExistingCaptures(db, createEvidenceCodec())).rejects.toThrow(/Encryption is off/);
  });
});
