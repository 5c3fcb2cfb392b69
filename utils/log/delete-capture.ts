/**
 * Deleting a capture on purpose. The chain of custody keeps a tombstone first (the capture's
 * statement fingerprint, its files' fingerprints, when its key was pressed and the reason the
 * person gave), then the capture, its preview, note and facts are removed, with every stored file
 * no other capture still points to. A court then sees that a capture was deleted, when and why,
 * instead of a gap.
 */
import type { HoldfastDb } from '../db/database';
import type { EvidenceCodec } from '../db/evidence-codec';
import { canonicalSha256 } from '../integrity/canonical';
import { captureStatement, recordCaptureDeleted } from '../integrity/custody-log';

/** Longest reason kept, in characters. */
export const DELETION_REASON_MAX_LENGTH = 500;

/** Why a deletion was refused, in the person's words. */
export class DeletionRefused extends Error {
  constructor(
    readonly code: 'no-reason' | 'reason-too-long' | 'gone' | 'locked' | 'pending',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Deletes one capture after recording its tombstone. `reason` is required (trimmed). The capture
 * must be readable (an encrypted log must be unlocked), so the tombstone holds its real fingerprints.
 */
export async function deleteCapture(db: HoldfastDb, codec: EvidenceCodec, captureId: string, reason: string, now: () => number = Date.now): Promise<{ seq: number; removedFiles: number }> {
  const why = reason.trim();
  if (!why) throw new DeletionRefused('no-reason', 'Say why this capture is deleted: the reason is kept in the log.');
  if (why.length > DELETION_REASON_MAX_LENGTH) throw new DeletionRefused('reason-too-long', `The reason can hold at most ${DELETION_REASON_MAX_LENGTH} characters.`);
  const stored = await db.captures.get(captureId);
  if (!stored) throw new DeletionRefused('gone', 'This capture is no longer in the log.');
  if (stored.status === 'pending') throw new DeletionRefused('pending', 'This capture is still being taken: wait until it is finished.');
  const opened = await codec.openCapture(stored);
  if (opened.state === 'locked' || opened.state === 'unreadable') throw new DeletionRefused('locked', 'Unlock the log first: the deletion must record the capture\'s fingerprints.');
  const record = opened.record;

  const event = await recordCaptureDeleted(db, record, why, await canonicalSha256(captureStatement(record)), now);

  let removedFiles = 0;
  await db.transaction('rw', [db.captures, db.blobs, db.sealedBlobs, db.thumbnails, db.notes, db.captureFacts, db.pendingPageReads, db.captureSignatures], async () => {
    await db.captures.delete(captureId);
    await db.thumbnails.delete(captureId);
    await db.notes.delete(captureId);
    await db.captureFacts.delete(captureId);
    await db.pendingPageReads.delete(captureId);
    removedFiles += await db.sealedBlobs.where('captureId').equals(captureId).delete();
    // Clear files are shared by content: keep those another (clear) capture still points to.
    const mine = new Set(record.artifacts.filter((a) => a.blobId === undefined).map((a) => a.sha256));
    if (mine.size) {
      await db.captures.each((other) => {
        if (other.sealed) return;
        for (const a of other.artifacts) mine.delete(a.sha256);
      });
      await db.blobs.bulkDelete([...mine]);
      removedFiles += mine.size;
    }
  });
  return { seq: event.seq, removedFiles };
}
