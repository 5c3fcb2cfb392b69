/**
 * The chain of custody of this log, as the extension writes it: one place that turns what the
 * person and the extension do (a capture settles, a note or field is edited, a capture is deleted,
 * the log is locked or unlocked, a setting changes) into custody events, and that signs each
 * capture's evidence statement with the profile's signing key.
 *
 * What goes into the chain stays safe on disk with encryption on: a capture's events hold its id,
 * the SHA-256 of its evidence statement and of its files, and file names (`screenshot.png`); never
 * the page's address, title or text; and with encryption on not even the files' SHA-256 (anyone
 * holding a copy of a screenshot could confirm it is in the log): the statement's fingerprint
 * covers them. An edit's old and new values are written only while encryption is off; with it on,
 * only which field of what changed, and when (the values stay in the edit table).
 * A setting's event never holds a secret (passphrases and recovery keys are never passed here).
 */
import type { HoldfastDb } from '../db/database';
import { readKeyring } from '../db/keyring-store';
import type { EditRecord } from '../db/log-records';
import type { CaptureRecord } from '../db/records';
import { canonicalJson, canonicalSha256, type JsonValue } from './canonical';
import { appendCustodyEvent, custodyStoreFromTable, type CustodyEvent, type CustodyFile, type CustodyStore } from './custody';
import { getOrCreateSigningKey, publicKeyJwk, signCanonical, type PublicKeyJwk, type SigningKeyStore } from './signing';

/** Version 5: the profile's signing key pair, kept as non-extractable `CryptoKey`s. */
export interface SigningKeyRow {
  id: 'profile';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  createdAt: string;
}

/** Version 5: a capture's signed evidence statement (the statement itself is rebuilt from the capture). */
export interface CaptureSignatureRow {
  captureId: string;
  /** SHA-256 of the canonical JSON of the statement that was signed. */
  statementSha256: string;
  /** Base64 ECDSA P-256 signature of that canonical JSON. */
  signature: string;
  signedAt: string;
}

/**
 * What the extension vouches for about a capture when it settles: who, what and when, and the
 * fingerprint of every file. Not the person's notes (they change). Rebuilt from the opened record.
 */
export interface CaptureStatement {
  statement: 'holdfast-capture';
  id: string;
  kind: CaptureRecord['kind'];
  trigger: CaptureRecord['trigger'];
  status: CaptureRecord['status'];
  pressedAt: string;
  screenshotAt: string | null;
  storedAt: string | null;
  summary: CaptureRecord['summary'];
  failureCode: string | null;
  files: { name: string; role: string; mediaType: string; size: number; sha256: string }[];
}

/** The evidence statement of an opened capture record (never of a sealed one: its summary is blank). */
export function captureStatement(record: CaptureRecord): CaptureStatement {
  return JSON.parse(
    canonicalJson({
      statement: 'holdfast-capture',
      id: record.id,
      kind: record.kind,
      trigger: record.trigger,
      status: record.status,
      pressedAt: record.pressedAt,
      screenshotAt: record.screenshotAt ?? null,
      storedAt: record.storedAt ?? null,
      summary: record.summary,
      failureCode: record.failure?.code ?? null,
      files: record.artifacts.map((a) => ({ name: a.name, role: a.role, mediaType: a.mediaType, size: a.size, sha256: a.sha256 })),
    }),
  ) as CaptureStatement;
}

/**
 * The files of a capture as the chain keeps them: names, fingerprints and sizes; in an encrypted
 * log names and sizes only (see `CustodyFile`).
 */
export function custodyFiles(record: CaptureRecord, encrypted = false): CustodyFile[] {
  return record.artifacts.map((a) => (encrypted ? { name: a.name, size: a.size } : { name: a.name, sha256: a.sha256, size: a.size }));
}

async function isEncrypted(db: HoldfastDb): Promise<boolean> {
  return (await readKeyring(db).catch(() => undefined)) !== undefined;
}

const stores = new WeakMap<HoldfastDb, CustodyStore>();

/** One custody store per database, so that appends from this context run one after the other. */
export function custodyStore(db: HoldfastDb): CustodyStore {
  let store = stores.get(db);
  if (!store) {
    store = custodyStoreFromTable(db.custody);
    stores.set(db, store);
  }
  return store;
}

/** The profile's signing keys as a `SigningKeyStore` over the `signingKeys` table. */
export function signingKeyStore(db: HoldfastDb, now: () => number = Date.now): SigningKeyStore {
  return {
    get: async () => {
      const row = await db.signingKeys.get('profile');
      return row ? { privateKey: row.privateKey, publicKey: row.publicKey } : undefined;
    },
    add: async (pair) => {
      await db.signingKeys.add({ id: 'profile', privateKey: pair.privateKey, publicKey: pair.publicKey, createdAt: new Date(now()).toISOString() });
    },
  };
}

/** The profile's public key (created on first use), as a JWK for bundles and "Verify log". */
export async function profilePublicKey(db: HoldfastDb): Promise<PublicKeyJwk> {
  const pair = await getOrCreateSigningKey(signingKeyStore(db));
  return publicKeyJwk(pair.publicKey);
}

/**
 * Records a capture that settled (done or failed): a `capture-added` event with the fingerprint of
 * its evidence statement and of its files, then the statement's signature. `record` is the opened
 * record as the queue settled it.
 */
export async function recordCaptureAdded(db: HoldfastDb, record: CaptureRecord, now: () => number = Date.now): Promise<CustodyEvent<'capture-added'>> {
  const statement = captureStatement(record);
  const statementSha256 = await canonicalSha256(statement);
  const event = await appendCustodyEvent(custodyStore(db), 'capture-added', { captureId: record.id, recordSha256: statementSha256, files: custodyFiles(record, await isEncrypted(db)) }, now());
  const pair = await getOrCreateSigningKey(signingKeyStore(db, now));
  const signature = await signCanonical(pair.privateKey, statement);
  await db.captureSignatures.put({ captureId: record.id, statementSha256, signature, signedAt: new Date(now()).toISOString() });
  return event;
}

/** Records a deletion (a tombstone): the capture's statement fingerprint, its files' fingerprints, the reason given. */
export async function recordCaptureDeleted(db: HoldfastDb, record: CaptureRecord, reason: string, statementSha256: string, now: () => number = Date.now): Promise<CustodyEvent<'capture-deleted'>> {
  return appendCustodyEvent(
    custodyStore(db),
    'capture-deleted',
    { captureId: record.id, reason, recordSha256: statementSha256, files: custodyFiles(record, await isEncrypted(db)), pressedAt: record.pressedAt },
    now(),
  );
}

/** Records that the log was locked (by the person, when idle, or by quick exit). */
export function recordLocked(db: HoldfastDb, how: 'manual' | 'idle' | 'quick-exit' | 'other', now: () => number = Date.now): Promise<CustodyEvent<'log-locked'>> {
  return appendCustodyEvent(custodyStore(db), 'log-locked', { how }, now());
}

/** Records that the log was unlocked. */
export function recordUnlocked(db: HoldfastDb, now: () => number = Date.now): Promise<CustodyEvent<'log-unlocked'>> {
  return appendCustodyEvent(custodyStore(db), 'log-unlocked', {}, now());
}

/** Records a changed setting. Never pass a secret: only names of choices, numbers and on/off. */
export function recordSettingChanged(db: HoldfastDb, setting: string, oldValue: unknown, newValue: unknown, now: () => number = Date.now): Promise<CustodyEvent<'settings-changed'>> {
  return appendCustodyEvent(custodyStore(db), 'settings-changed', { setting, oldValue: toJson(oldValue), newValue: toJson(newValue) }, now());
}

/** Records one `settings-changed` event per setting whose value differs between `before` and `after`. */
export async function recordSettingsDiff(db: HoldfastDb, before: Record<string, unknown>, after: Record<string, unknown>, now: () => number = Date.now): Promise<void> {
  for (const key of Object.keys(after).sort()) {
    if (canonicalJson(toJson(before[key])) !== canonicalJson(toJson(after[key]))) await recordSettingChanged(db, key, before[key], after[key], now);
  }
}

const catchingUp = new WeakMap<HoldfastDb, Promise<number>>();

/**
 * Appends a `field-edited` event for every edit of the edit table (`edits`) not yet in the chain,
 * oldest first; resolves with how many were appended. Runs after the transaction that wrote the
 * edit has committed (custody events are hashed with WebCrypto, which would end that transaction).
 */
export function recordPendingEdits(db: HoldfastDb, now: () => number = Date.now): Promise<number> {
  const previous = catchingUp.get(db) ?? Promise.resolve(0);
  const next = previous.catch(() => 0).then(() => catchUpEdits(db, now));
  catchingUp.set(db, next);
  return next;
}

async function catchUpEdits(db: HoldfastDb, now: () => number): Promise<number> {
  let lastRecorded = 0;
  await db.custody
    .orderBy('seq')
    .reverse()
    .until(() => lastRecorded > 0)
    .each((event) => {
      if (event.type === 'field-edited' && typeof event.payload?.editSeq === 'number') lastRecorded = event.payload.editSeq;
    });
  const pending = await db.edits.where('seq').above(lastRecorded).toArray();
  if (!pending.length) return 0;
  const encrypted = await isEncrypted(db);
  for (const edit of pending) await appendCustodyEvent(custodyStore(db), 'field-edited', await editPayload(edit, encrypted), now());
  return pending.length;
}

async function editPayload(edit: EditRecord, encrypted: boolean) {
  const base = { subject: { kind: edit.subjectKind, id: edit.subjectId }, field: edit.field, editSeq: edit.seq ?? 0, editedAt: edit.at };
  const oldValue = toJson(edit.oldValue);
  const newValue = toJson(edit.newValue);
  // Encrypted: not even the values' fingerprints (a short note could be confirmed by guessing).
  return encrypted ? base : { ...base, oldValue, newValue };
}

/** A value as plain JSON (undefined members dropped; undefined itself is null). */
function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}
