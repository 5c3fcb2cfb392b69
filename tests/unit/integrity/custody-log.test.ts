import { describe, expect, it } from 'vitest';
import { createEvidenceCodec } from '@/utils/db/evidence-codec';
import { canonicalSha256 } from '@/utils/integrity/canonical';
import { verifyChain } from '@/utils/integrity/custody';
import { captureStatement, profilePublicKey, recordCaptureAdded, recordPendingEdits, recordSettingsDiff } from '@/utils/integrity/custody-log';
import { verifySignature } from '@/utils/integrity/signing';
import { verifyStoredLog } from '@/utils/integrity/verify-stored-log';
import { DeletionRefused, deleteCapture } from '@/utils/log/delete-capture';
import { saveNote } from '@/utils/notes/notes';
import { freshDb, storeCapture } from '../support/log-fixtures';

const clear = createEvidenceCodec();

describe('the chain of custody of the log', () => {
  it('records a settled capture with its statement fingerprint and files, and signs the statement', async () => {
    const db = freshDb();
    const capture = await storeCapture(db);
    const event = await recordCaptureAdded(db, capture);
    expect(event.type).toBe('capture-added');
    expect(event.payload).toEqual({
      captureId: capture.id,
      recordSha256: await canonicalSha256(captureStatement(capture)),
      files: capture.artifacts.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
    });
    // Fingerprints only: the page's address and title are not in the chain.
    expect(JSON.stringify(await db.custody.toArray())).not.toContain(capture.summary.url);
    const signed = await db.captureSignatures.get(capture.id);
    expect(await verifySignature(await profilePublicKey(db), captureStatement(capture), signed!.signature)).toBe(true);
    expect(await verifySignature(await profilePublicKey(db), { ...captureStatement(capture), pressedAt: '2020-01-01T00:00:00.000Z' }, signed!.signature)).toBe(false);
  });

  it('turns each edit into a field-edited event with the old and new value, once', async () => {
    const db = freshDb();
    const capture = await storeCapture(db);
    await recordCaptureAdded(db, capture);
    await saveNote(db, capture.id, 'first');
    await saveNote(db, capture.id, 'second');
    await recordPendingEdits(db);
    await recordPendingEdits(db);
    const edits = (await db.custody.toArray()).filter((e) => e.type === 'field-edited');
    expect(edits.map((e) => e.type === 'field-edited' && [e.payload.field, e.payload.oldValue, e.payload.newValue, e.payload.editSeq])).toEqual([
      ['note', null, 'first', 1],
      ['note', 'first', 'second', 2],
    ]);
    expect((await verifyChain(await db.custody.toArray())).ok).toBe(true);
  });

  it('records changed settings, one event each, and nothing for unchanged ones', async () => {
    const db = freshDb();
    await recordSettingsDiff(db, { discreetMode: false, autoLockMinutes: 15 }, { discreetMode: true, autoLockMinutes: 15 });
    const events = await db.custody.toArray();
    expect(events.map((e) => e.payload)).toEqual([{ setting: 'discreetMode', oldValue: false, newValue: true }]);
  });

  it('deletes a capture only with a reason, keeps a tombstone, and removes the files no other capture uses', async () => {
    const db = freshDb();
    const kept = await storeCapture(db, { text: 'shared words' });
    const gone = await storeCapture(db, { text: 'shared words' });
    await recordCaptureAdded(db, kept);
    await recordCaptureAdded(db, gone);
    await saveNote(db, gone.id, 'my note');
    await expect(deleteCapture(db, clear, gone.id, '   ')).rejects.toBeInstanceOf(DeletionRefused);
    const { seq } = await deleteCapture(db, clear, gone.id, 'Captured the wrong tab');
    expect(await db.captures.get(gone.id)).toBeUndefined();
    expect(await db.notes.get(gone.id)).toBeUndefined();
    const shared = gone.artifacts.find((a) => a.name === 'text.txt')!;
    const own = gone.artifacts.find((a) => a.name === 'metadata.json')!;
    expect(await db.blobs.get(shared.sha256)).toBeDefined();
    expect(await db.blobs.get(own.sha256)).toBeUndefined();
    const tombstone = await db.custody.get(seq);
    expect(tombstone?.type).toBe('capture-deleted');
    expect(tombstone?.payload).toMatchObject({ captureId: gone.id, reason: 'Captured the wrong tab', recordSha256: await canonicalSha256(captureStatement(gone)) });
    await expect(deleteCapture(db, clear, gone.id, 'again')).rejects.toThrow('no longer in the log');

    await recordPendingEdits(db);
    const report = await verifyStoredLog(db, clear);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tombstones).toEqual([expect.objectContaining({ seq, captureId: gone.id, reason: 'Captured the wrong tab' })]);
    expect(report.counts.signatures).toBe(1);
  });

  it('"Verify log" names the capture and file of a changed blob, and a capture changed without a custody event', async () => {
    const db = freshDb();
    const capture = await storeCapture(db);
    await recordCaptureAdded(db, capture);
    const shot = capture.artifacts[0];
    const blob = (await db.blobs.get(shot.sha256))!;
    await db.blobs.put({ ...blob, data: new Blob([new TextEncoder().encode('tampered')]) });
    await db.captures.update(capture.id, { pressedAt: '2020-01-01T00:00:00.000Z' });
    const report = await verifyStoredLog(db, clear);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.where.captureId, p.where.file])).toEqual(
      expect.arrayContaining([
        ['file-changed', capture.id, shot.name],
        ['record-changed', capture.id, undefined],
        ['signature-invalid', capture.id, undefined],
      ]),
    );
    expect(report.problems.find((p) => p.kind === 'file-changed')?.message).toMatch(new RegExp(`^Capture ${capture.id}, file ${shot.name}: the file was changed after it was captured`));
  });
});
