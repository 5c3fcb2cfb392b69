/**
 * The seam between the log and encryption at rest. Everything that writes evidence to IndexedDB
 * (the capture queue, import) passes it through `seal…`; everything that reads it (popup,
 * dashboard, export) passes it through `open…`. With encryption off the codec is the identity
 * and the stored shapes are exactly those of version 1. With encryption on:
 *
 * | what                         | stored in the clear                          | sealed (to the log's public key)                      |
 * |------------------------------|----------------------------------------------|-------------------------------------------------------|
 * | capture record               | id, kind, trigger, status, times, tab ids,   | summary (URL, title, site), artifact refs with their  |
 * |                              | attempts, failure code and reason (our words)| SHA-256 and blob ids, warnings, the failure's detail  |
 * | artifact bytes               | random blob id, capture id, key id           | the exact bytes (`sealedBlobs`, not `blobs`)          |
 * | list preview                 | capture id, key id                           | the WebP bytes                                        |
 * | page read kept while pending | capture id, key id                           | the whole reading                                     |
 *
 * Sealing needs only the public key, so the background worker seals captures while the log is
 * locked; opening needs the unlocked private key. Each sealed item carries associated data that
 * names what it is (`capture`, `artifact` + capture id + blob id + role, …), so an item moved to
 * another capture does not open. Sealed artifact bytes are kept under a random id, never under
 * their SHA-256: a plaintext hash on disk would let anyone holding a copy of a screenshot
 * confirm it is in the log. The hash is kept inside the sealed content and checked on opening.
 * The cost: identical bytes in two captures are stored twice (no content addressing).
 *
 * Sealing gives confidentiality, not authenticity: the public key is on disk, so whoever can
 * write the profile can seal made-up content. What opens is validated like any hostile input;
 * the custody chain and signatures (utils/integrity/) prove what was captured.
 *
 * IndexedDB transactions commit as soon as they wait on anything but IndexedDB, so every
 * `seal…` runs before the transaction and `storeArtifacts` writes inside it.
 */
import * as v from 'valibot';
import { PageAndPostSchema, type PageAndPost } from '../capture/post-read';
import { publicKeyOf } from '../crypto/keyring';
import {
  decodeSealedItem,
  encodeSealedItem,
  openJson,
  openSealed,
  sealForLog,
  sealJson,
  sealingContext,
} from '../crypto/seal';
import { unlockedKey, type SessionStorageArea } from '../crypto/session-key';
import { sha256Hex } from '../integrity/sha256';
import type { HoldfastDb } from './database';
import { readKeyring } from './keyring-store';
import type {
  ArtifactRef,
  ArtifactRole,
  CaptureRecord,
  CaptureSummary,
  PendingPageRead,
  SealedBlob,
  SealedCaptureContent,
  StoredBlob,
  Thumbnail,
} from './records';

/** What a capture's sealed content holds. */
export interface CaptureContent {
  summary: CaptureSummary;
  artifacts: ArtifactRef[];
  warnings: string[];
  failureDetail?: string;
}

/** The clear `summary` of a sealed capture: empty, so no list can show evidence by mistake. */
export const SEALED_SUMMARY: Readonly<CaptureSummary> = Object.freeze({ url: '', title: '', site: '' });

/** The public half of the log key, for sealing. */
export interface SealingKey {
  keyId: string;
  publicKey: CryptoKey;
}

/** The private half, present only while the log is unlocked. */
export interface OpeningKey {
  keyId: string;
  privateKey: CryptoKey;
}

/** A capture as a reader sees it. */
export type OpenedCapture =
  /** Stored without encryption (made while encryption was off, or encryption is off). */
  | { state: 'clear'; record: CaptureRecord }
  /** Sealed, and opened with the unlocked key. */
  | { state: 'opened'; record: CaptureRecord }
  /** Sealed and the log is locked: `record` holds only the clear fields (placeholders). */
  | { state: 'locked'; record: CaptureRecord }
  /** Sealed, but it does not open (another key, or changed on disk): `problem` says why. */
  | { state: 'unreadable'; record: CaptureRecord; problem: string };

/** An artifact ready to be written: the ref to keep in the record and the row for its table. */
export type PreparedArtifact =
  | { ref: ArtifactRef; sealed: false; row: StoredBlob }
  | { ref: ArtifactRef; sealed: true; row: SealedBlob };

/** Why an artifact's bytes could not be read back. */
export type ArtifactProblem = 'locked' | 'missing' | 'changed' | 'unreadable';

/** An artifact could not be read back as it was captured. Nothing partial is ever returned. */
export class ArtifactUnavailable extends Error {
  override readonly name = 'ArtifactUnavailable';
  constructor(
    readonly problem: ArtifactProblem,
    readonly artifact: Pick<ArtifactRef, 'name' | 'role'>,
  ) {
    super(ARTIFACT_PROBLEMS[problem](artifact.name));
  }
}

const ARTIFACT_PROBLEMS: Record<ArtifactProblem, (name: string) => string> = {
  locked: (name) => `${name} is encrypted and the log is locked. Unlock it first.`,
  missing: (name) => `${name} is missing from the log.`,
  changed: (name) => `${name} no longer matches the fingerprint recorded when it was captured.`,
  unreadable: (name) => `${name} cannot be decrypted: it was changed or damaged on disk, or sealed to another key.`,
};

/**
 * Seals and opens the evidence of one log. Make one with `loadEvidenceCodec` (reads the keyring
 * and the unlocked key) or `createEvidenceCodec` (tests, or when the keys are already at hand).
 */
export interface EvidenceCodec {
  /** The key id new evidence is sealed to; `null` while encryption is off (the codec is the identity). */
  readonly sealingKeyId: string | null;
  /** True when sealed evidence can be opened now (the log is unlocked). */
  readonly canOpen: boolean;

  /**
   * The stored form of a capture record: the record itself with encryption off; with it on, the
   * record with its evidence sealed and placeholders in the clear fields. Never write a record
   * returned by `openCapture` back to the database without passing it through here again.
   */
  sealCapture(record: CaptureRecord): Promise<CaptureRecord>;
  /** The readable form of a stored capture record (see `OpenedCapture`). Never throws. */
  openCapture(stored: CaptureRecord): Promise<OpenedCapture>;

  /**
   * Prepares one artifact for storage. `ref` must carry the SHA-256 and size of `bytes` (the
   * queue computes them); with encryption on the returned ref also names a new random blob id.
   */
  sealArtifact(captureId: string, ref: ArtifactRef, bytes: Uint8Array): Promise<PreparedArtifact>;
  /**
   * The exact bytes of an artifact of an opened capture (a ref from `openCapture(…).record`),
   * checked against the SHA-256 recorded at capture time. Throws `ArtifactUnavailable`.
   */
  openArtifact(db: HoldfastDb, captureId: string, ref: ArtifactRef): Promise<Uint8Array>;

  /** The stored form of a list preview. */
  sealThumbnail(captureId: string, preview: Blob): Promise<Thumbnail>;
  /** The preview image, or `undefined` when it is sealed and the log is locked (or it does not open). */
  openThumbnail(stored: Thumbnail): Promise<Blob | undefined>;

  /** The stored form of a page read (and, for a post capture, the post read) kept while a capture is pending. */
  sealPageRead(captureId: string, read: PageAndPost): Promise<PendingPageRead>;
  /** The reading, or `undefined` when it is sealed and cannot be opened now (read the page again). */
  openPageRead(stored: PendingPageRead): Promise<PageAndPost | undefined>;

  /**
   * The person's own words about the evidence (a note, an edit's old and new values), sealed as
   * JSON under `context` (see `SEALING_CONTEXT`); `null` while encryption is off (store them as they are).
   */
  sealWords(context: Uint8Array, value: unknown): Promise<SealedCaptureContent | null>;
  /** Sealed words as JSON (validate them), or `undefined` when the log is locked or they do not open. */
  openWords(sealed: SealedCaptureContent, context: Uint8Array): Promise<unknown>;
}

/** Associated data of each kind of sealed item: what it is and which capture it belongs to. */
export const SEALING_CONTEXT = {
  capture: (captureId: string) => sealingContext('holdfast capture content', captureId),
  artifact: (captureId: string, blobId: string, role: string) => sealingContext('holdfast artifact', captureId, blobId, role),
  thumbnail: (captureId: string) => sealingContext('holdfast thumbnail', captureId),
  pageRead: (captureId: string) => sealingContext('holdfast page read', captureId),
  note: (captureId: string) => sealingContext('holdfast note', captureId),
  edit: (subjectKind: string, subjectId: string, field: string, at: string) => sealingContext('holdfast edit', subjectKind, subjectId, field, at),
} as const;

const MAX_TEXT = 20_000;
const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

/** Every artifact role, so that a capture with any of its files opens (checked by the compiler). */
const ARTIFACT_ROLES = {
  screenshot: true,
  text: true,
  metadata: true,
  'post-image': true,
  'post-rendering': true,
  'full-page-image': true,
  'page-snapshot': true,
  'raw-email': true,
  'page-text': true,
} satisfies Record<ArtifactRole, true>;

const ArtifactRefSchema = v.object({
  role: v.picklist(Object.keys(ARTIFACT_ROLES) as ArtifactRole[]),
  name: v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,100}$/)),
  sha256,
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  mediaType: v.pipe(v.string(), v.maxLength(200)),
  blobId: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f-]{36}$/))),
});

/** What may come out of a sealed capture: bounded like the page reading it was made from. */
export const CaptureContentSchema = v.object({
  summary: v.object({
    url: v.pipe(v.string(), v.maxLength(16_000)),
    title: v.pipe(v.string(), v.maxLength(2_000)),
    site: v.pipe(v.string(), v.maxLength(1_000)),
  }),
  artifacts: v.pipe(v.array(ArtifactRefSchema), v.maxLength(100)),
  warnings: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_TEXT))), v.maxLength(100)),
  failureDetail: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT))),
});

async function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

function contentOf(record: CaptureRecord): CaptureContent {
  return {
    summary: { url: record.summary.url, title: record.summary.title, site: record.summary.site },
    artifacts: record.artifacts,
    warnings: record.warnings,
    ...(record.failure?.detail !== undefined ? { failureDetail: record.failure.detail } : {}),
  };
}

/** Makes a codec from keys already at hand. No `sealTo`: encryption is off. */
export function createEvidenceCodec(keys: { sealTo?: SealingKey; openWith?: OpeningKey } = {}): EvidenceCodec {
  const { sealTo, openWith } = keys;
  if (openWith && sealTo && openWith.keyId !== sealTo.keyId) throw new Error('The opening key is not the sealing key of this log');

  /** The private key for an item sealed to `keyId`, or why there is none. */
  function keyFor(keyId: string): CryptoKey | 'locked' | 'other-key' {
    if (!openWith) return 'locked';
    return openWith.keyId === keyId ? openWith.privateKey : 'other-key';
  }

  async function openCapture(stored: CaptureRecord): Promise<OpenedCapture> {
    if (!stored.sealed) return { state: 'clear', record: stored };
    const key = keyFor(stored.sealed.keyId);
    if (key === 'locked') return { state: 'locked', record: stored };
    if (key === 'other-key') return { state: 'unreadable', record: stored, problem: 'it is sealed to another key' };
    let content: CaptureContent;
    try {
      const opened = await openJson(key, stored.sealed.content, SEALING_CONTEXT.capture(stored.id));
      content = v.parse(CaptureContentSchema, opened);
    } catch (error) {
      return { state: 'unreadable', record: stored, problem: error instanceof Error ? error.message : String(error) };
    }
    const { sealed: _sealed, ...clear } = stored;
    const failure = stored.failure && { ...stored.failure, ...(content.failureDetail !== undefined ? { detail: content.failureDetail } : {}) };
    return {
      state: 'opened',
      record: { ...clear, summary: content.summary, artifacts: content.artifacts, warnings: content.warnings, ...(failure ? { failure } : {}) },
    };
  }

  async function sealCapture(record: CaptureRecord): Promise<CaptureRecord> {
    if (!sealTo) return record;
    let source = record;
    if (record.sealed) {
      const opened = await openCapture(record);
      if (opened.state !== 'opened') throw new Error('This capture is sealed and cannot be opened now, so it cannot be sealed again');
      source = opened.record;
    }
    const content = await sealJson(sealTo.publicKey, contentOf(source), SEALING_CONTEXT.capture(record.id));
    const { sealed: _sealed, ...clear } = source;
    let failure: CaptureRecord['failure'];
    if (source.failure) {
      const { detail: _detail, ...withoutDetail } = source.failure;
      failure = withoutDetail;
    }
    return {
      ...clear,
      summary: { ...SEALED_SUMMARY },
      artifacts: [],
      warnings: [],
      ...(failure ? { failure } : {}),
      sealed: { keyId: sealTo.keyId, content },
    };
  }

  async function sealArtifact(captureId: string, ref: ArtifactRef, bytes: Uint8Array): Promise<PreparedArtifact> {
    if (!sealTo) {
      const { blobId: _blobId, ...clearRef } = ref;
      const data = new Blob([bytes as BlobPart], { type: ref.mediaType });
      return { ref: clearRef, sealed: false, row: { sha256: ref.sha256, mediaType: ref.mediaType, size: ref.size, data } };
    }
    const blobId = crypto.randomUUID();
    const item = await sealForLog(sealTo.publicKey, bytes, SEALING_CONTEXT.artifact(captureId, blobId, ref.role));
    const data = new Blob([encodeSealedItem(item) as BlobPart], { type: 'application/octet-stream' });
    return { ref: { ...ref, blobId }, sealed: true, row: { id: blobId, captureId, keyId: sealTo.keyId, data } };
  }

  async function openArtifact(db: HoldfastDb, captureId: string, ref: ArtifactRef): Promise<Uint8Array> {
    let bytes: Uint8Array;
    if (ref.blobId === undefined) {
      const stored = await db.blobs.get(ref.sha256);
      if (!stored) throw new ArtifactUnavailable('missing', ref);
      bytes = await blobBytes(stored.data);
    } else {
      const stored = await db.sealedBlobs.get(ref.blobId);
      if (!stored || stored.captureId !== captureId) throw new ArtifactUnavailable('missing', ref);
      const key = keyFor(stored.keyId);
      if (key === 'locked') throw new ArtifactUnavailable('locked', ref);
      if (key === 'other-key') throw new ArtifactUnavailable('unreadable', ref);
      try {
        const item = decodeSealedItem(await blobBytes(stored.data));
        bytes = await openSealed(key, item, SEALING_CONTEXT.artifact(captureId, ref.blobId, ref.role));
      } catch {
        throw new ArtifactUnavailable('unreadable', ref);
      }
    }
    if (bytes.byteLength !== ref.size || (await sha256Hex(bytes)) !== ref.sha256) throw new ArtifactUnavailable('changed', ref);
    return bytes;
  }

  async function sealThumbnail(captureId: string, preview: Blob): Promise<Thumbnail> {
    if (!sealTo) return { captureId, data: preview };
    const item = await sealForLog(sealTo.publicKey, await blobBytes(preview), SEALING_CONTEXT.thumbnail(captureId));
    return { captureId, keyId: sealTo.keyId, data: new Blob([encodeSealedItem(item) as BlobPart], { type: 'application/octet-stream' }) };
  }

  async function openThumbnail(stored: Thumbnail): Promise<Blob | undefined> {
    if (stored.keyId === undefined) return stored.data;
    const key = keyFor(stored.keyId);
    if (typeof key === 'string') return undefined;
    try {
      const bytes = await openSealed(key, decodeSealedItem(await blobBytes(stored.data)), SEALING_CONTEXT.thumbnail(stored.captureId));
      return new Blob([bytes as BlobPart], { type: 'image/webp' });
    } catch {
      return undefined;
    }
  }

  async function sealPageRead(captureId: string, read: PageAndPost): Promise<PendingPageRead> {
    if (!sealTo) return { captureId, page: read.page, ...(read.post ? { post: read.post } : {}) };
    return { captureId, keyId: sealTo.keyId, sealedPage: await sealJson(sealTo.publicKey, read, SEALING_CONTEXT.pageRead(captureId)) };
  }

  async function openPageRead(stored: PendingPageRead): Promise<PageAndPost | undefined> {
    if ('page' in stored) return { page: stored.page, post: stored.post ?? null };
    const key = keyFor(stored.keyId);
    if (typeof key === 'string') return undefined;
    try {
      return v.parse(PageAndPostSchema, await openJson(key, stored.sealedPage, SEALING_CONTEXT.pageRead(stored.captureId)));
    } catch {
      return undefined;
    }
  }

  async function sealWords(context: Uint8Array, value: unknown): Promise<SealedCaptureContent | null> {
    if (!sealTo) return null;
    return { keyId: sealTo.keyId, content: await sealJson(sealTo.publicKey, value, context) };
  }

  async function openWords(sealed: SealedCaptureContent, context: Uint8Array): Promise<unknown> {
    const key = keyFor(sealed.keyId);
    if (typeof key === 'string') return undefined;
    try {
      return await openJson(key, sealed.content, context);
    } catch {
      return undefined;
    }
  }

  return {
    sealingKeyId: sealTo?.keyId ?? null,
    sealWords,
    openWords,
    canOpen: Boolean(openWith),
    sealCapture,
    openCapture,
    sealArtifact,
    openArtifact,
    sealThumbnail,
    openThumbnail,
    sealPageRead,
    openPageRead,
  };
}

/** The tables a capture's evidence is written to, for a transaction's scope. */
export function evidenceTables(db: HoldfastDb) {
  return [db.captures, db.blobs, db.sealedBlobs, db.pendingPageReads, db.thumbnails] as const;
}

/**
 * Writes prepared artifacts. Call inside a transaction over `evidenceTables(db)`. Clear bytes are
 * content-addressed (bytes already in the log are not stored again); sealed ones each get a row.
 */
export async function storeArtifacts(db: HoldfastDb, prepared: readonly PreparedArtifact[]): Promise<void> {
  const clear = new Map<string, StoredBlob>();
  const sealed: SealedBlob[] = [];
  for (const item of prepared) {
    if (item.sealed) sealed.push(item.row);
    else if (!clear.has(item.row.sha256)) clear.set(item.row.sha256, item.row);
  }
  if (clear.size) {
    const present = new Set(await db.blobs.where('sha256').anyOf([...clear.keys()]).primaryKeys());
    const fresh = [...clear.values()].filter((row) => !present.has(row.sha256));
    if (fresh.length) await db.blobs.bulkAdd(fresh);
  }
  if (sealed.length) await db.sealedBlobs.bulkAdd(sealed);
}

/**
 * The codec of the log as it is now: identity while encryption is off; sealing to the keyring's
 * public key when on, and opening too while the log is unlocked (key in `session`).
 */
export async function loadEvidenceCodec(db: HoldfastDb, session: SessionStorageArea, now: number): Promise<EvidenceCodec> {
  const keyring = await readKeyring(db);
  if (!keyring) return createEvidenceCodec();
  const sealTo = { keyId: keyring.keyId, publicKey: await publicKeyOf(keyring) };
  const privateKey = await unlockedKey(session, { now, keyId: keyring.keyId });
  return createEvidenceCodec({ sealTo, ...(privateKey ? { openWith: { keyId: keyring.keyId, privateKey } } : {}) });
}

/** Progress of `sealExistingCaptures`. */
export interface SealingProgress {
  sealed: number;
  total: number;
}

/**
 * Seals the captures stored before encryption was turned on, one capture per transaction (an
 * interruption leaves every capture either clear or sealed, never half; run it again to go on),
 * then deletes the clear bytes no clear capture still points to, and the search index and facts
 * written in the clear (they are kept in memory only from now on). Pending captures are left to the
 * queue, which seals them when they settle. Needs only the public key: works while locked.
 *
 * Deleting from IndexedDB does not overwrite the disk: traces of the old clear copies may stay
 * until the browser reuses the space. The settings page says so.
 */
export async function sealExistingCaptures(
  db: HoldfastDb,
  codec: EvidenceCodec,
  onProgress?: (progress: SealingProgress) => void,
): Promise<SealingProgress> {
  if (codec.sealingKeyId === null) throw new Error('Encryption is off: there is nothing to seal to');
  const clearIds = (await db.captures.orderBy('pressedAt').filter((c) => !c.sealed && c.status !== 'pending').primaryKeys()) as string[];
  const progress: SealingProgress = { sealed: 0, total: clearIds.length };
  onProgress?.({ ...progress });
  for (const id of clearIds) {
    const record = await db.captures.get(id);
    if (!record || record.sealed || record.status === 'pending') continue;
    const prepared: PreparedArtifact[] = [];
    for (const ref of record.artifacts) {
      prepared.push(await codec.sealArtifact(id, ref, await codec.openArtifact(db, id, ref)));
    }
    const thumbnail = await db.thumbnails.get(id);
    const sealedThumbnail = thumbnail && thumbnail.keyId === undefined ? await codec.sealThumbnail(id, thumbnail.data) : undefined;
    const sealed = await codec.sealCapture({ ...record, artifacts: prepared.map((p) => p.ref) });
    await db.transaction('rw', evidenceTables(db), async () => {
      const current = await db.captures.get(id);
      if (!current || current.sealed) return; // sealed meanwhile by another window
      await storeArtifacts(db, prepared);
      await db.captures.put(sealed);
      if (sealedThumbnail) await db.thumbnails.put(sealedThumbnail);
    });
    progress.sealed += 1;
    onProgress?.({ ...progress });
  }
  await deleteUnreferencedClearBlobs(db);
  await deleteWordsOfTheEvidence(db);
  return progress;
}

/**
 * Deletes what the search wrote in the clear from the captures' words: the saved index and the
 * facts (accounts, platforms, post fields). With encryption on they live in memory only, rebuilt
 * after each unlock (utils/search/log-search.ts, facts-store.ts).
 */
async function deleteWordsOfTheEvidence(db: HoldfastDb): Promise<void> {
  await db.transaction('rw', db.captureFacts, db.searchIndex, async () => {
    await db.captureFacts.clear();
    await db.searchIndex.clear();
  });
}

/** Deletes clear blobs that no clear capture refers to any more. */
async function deleteUnreferencedClearBlobs(db: HoldfastDb): Promise<void> {
  await db.transaction('rw', db.captures, db.blobs, async () => {
    const referenced = new Set<string>();
    await db.captures.each((capture) => {
      if (!capture.sealed) for (const ref of capture.artifacts) referenced.add(ref.sha256);
    });
    const unused = ((await db.blobs.toCollection().primaryKeys()) as string[]).filter((key) => !referenced.has(key));
    if (unused.length) await db.blobs.bulkDelete(unused);
  });
}
