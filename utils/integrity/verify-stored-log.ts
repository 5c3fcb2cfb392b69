/**
 * "Verify log" over this browser's IndexedDB: every capture (opened through the evidence codec,
 * so an encrypted log must be unlocked), every stored file re-hashed, the chain of custody walked,
 * the capture statements' signatures checked with the profile's public key. The checks themselves
 * are `verifyLog` (verify-log.ts), the same code the offline verifier uses.
 */
import type { HoldfastDb } from '../db/database';
import { ArtifactUnavailable, type EvidenceCodec } from '../db/evidence-codec';
import type { ArtifactRef } from '../db/records';
import { captureStatement, profilePublicKey } from './custody-log';
import { verifyLog, type CaptureToVerify, type LogVerification } from './verify-log';

/** What "Verify log" found, plus the captures it could not open (locked or unreadable). */
export interface StoredLogVerification extends LogVerification {
  /** Captures that could not be opened, by id, with why; their files were not checked. */
  unopened: { captureId: string; why: string }[];
}

/** Bytes that can never hash to a recorded fingerprint: stand in for a sealed file that no longer opens. */
const DAMAGED = new TextEncoder().encode('holdfast: this sealed file no longer opens');

/** Checks the whole log as stored. Never throws on damaged content: it reports it. */
export async function verifyStoredLog(db: HoldfastDb, codec: EvidenceCodec): Promise<StoredLogVerification> {
  const captures: CaptureToVerify[] = [];
  const unopened: StoredLogVerification['unopened'] = [];
  const where = new Map<string, { captureId: string; ref: ArtifactRef }>();
  const signatures = new Map((await db.captureSignatures.toArray()).map((s) => [s.captureId, s.signature]));
  for (const stored of await db.captures.toArray()) {
    if (stored.status === 'pending') continue;
    const opened = await codec.openCapture(stored);
    if (opened.state === 'locked' || opened.state === 'unreadable') {
      unopened.push({ captureId: stored.id, why: opened.state === 'locked' ? 'the log is locked' : 'it cannot be decrypted' });
      continue;
    }
    const record = opened.record;
    for (const ref of record.artifacts) if (!where.has(ref.sha256)) where.set(ref.sha256, { captureId: record.id, ref });
    const signature = signatures.get(record.id);
    captures.push({
      id: record.id,
      record: captureStatement(record),
      files: record.artifacts.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
      ...(signature ? { signature } : {}),
    });
  }
  const readBlob = async (sha256: string): Promise<Uint8Array | Blob | undefined> => {
    const found = where.get(sha256);
    if (!found) return undefined;
    if (found.ref.blobId === undefined) {
      // The raw stored bytes, so that a changed file is reported with what it now hashes to.
      return (await db.blobs.get(sha256))?.data;
    }
    try {
      return await codec.openArtifact(db, found.captureId, found.ref);
    } catch (error) {
      if (error instanceof ArtifactUnavailable && error.problem === 'missing') return undefined;
      return DAMAGED;
    }
  };
  const result = await verifyLog({
    captures,
    readBlob,
    custodyEvents: await db.custody.orderBy('seq').toArray(),
    publicKey: await profilePublicKey(db),
    // Captures that could not be opened are not "missing": they are listed in `unopened`.
    partial: unopened.length > 0,
  });
  if (unopened.length) result.notChecked.push(`${unopened.length} captures could not be opened (${unopened[0].why}), so their files were not checked.`);
  return { ...result, ok: result.ok && unopened.length === 0, unopened };
}
