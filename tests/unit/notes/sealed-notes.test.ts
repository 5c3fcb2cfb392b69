import { describe, expect, it } from 'vitest';
import { NoteLocked, noteWords, saveNote, sealExistingNotes } from '@/utils/notes/notes';
import { createLogSearch } from '@/utils/search/log-search';
import { freshDb } from '../import/fixtures';
import { diskJson, logWithOneCapture, sealingKeys } from '../db/sealed-log-fixtures';

const MARKER = 'notemarker7f3a';
const { locked, unlocked } = sealingKeys();
let clock = Date.parse('2026-11-30T12:00:00.000Z');
const now = () => (clock += 1000);

async function logWithOneNoteTarget() {
  const { db, capture } = await logWithOneCapture();
  return { db, captureId: capture.id };
}

/** Every note and edit row as JSON (what reaches the disk). */
async function rowsJson(db: ReturnType<typeof freshDb>): Promise<string> {
  return diskJson([await db.notes.toArray(), await db.edits.toArray()]);
}

describe('notes with encryption on', () => {
  it('are sealed with their edit record, even while the log is locked, and open only with the key', async () => {
    const { db, captureId } = await logWithOneNoteTarget();
    const stored = await saveNote(db, captureId, `He said ${MARKER} again`, now, locked());
    expect(stored.text).toBe('');
    expect(stored.sealed?.keyId).toBe(locked().sealingKeyId);
    expect(await rowsJson(db)).not.toContain(MARKER);
    const edits = await db.edits.toArray();
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ field: 'note', oldValue: null, newValue: null });
    expect(await noteWords(locked(), stored)).toBeUndefined();
    expect(await noteWords(unlocked(), stored)).toEqual({ text: `He said ${MARKER} again` });

    // Changing it needs the earlier text, so the log must be unlocked.
    await expect(saveNote(db, captureId, 'changed', now, locked())).rejects.toBeInstanceOf(NoteLocked);
    const changed = await saveNote(db, captureId, 'changed', now, unlocked());
    expect(await noteWords(unlocked(), changed)).toEqual({ text: 'changed', previousText: `He said ${MARKER} again` });
    expect(await rowsJson(db)).not.toContain(MARKER);
  });

  it('written before encryption was on are sealed with their edits when it is turned on', async () => {
    const { db, captureId } = await logWithOneNoteTarget();
    await saveNote(db, captureId, `first ${MARKER}`, now);
    await saveNote(db, captureId, `second ${MARKER}`, now);
    expect(await rowsJson(db)).toContain(MARKER);
    expect(await sealExistingNotes(db, locked())).toBe(1);
    expect(await rowsJson(db)).not.toContain(MARKER);
    expect(await noteWords(unlocked(), (await db.notes.get(captureId))!)).toEqual({ text: `second ${MARKER}`, previousText: `first ${MARKER}` });
  });

  it('are found by search only once the log is unlocked', async () => {
    const { db, captureId } = await logWithOneNoteTarget();
    await saveNote(db, captureId, `He said ${MARKER} again`, now, locked());
    const whileLocked = createLogSearch({ db, codec: async () => locked(), yieldBetweenBatches: async () => undefined });
    await whileLocked.sync();
    expect(whileLocked.search(MARKER).captureIds).toEqual([]);
    const open = createLogSearch({ db, codec: async () => unlocked(), yieldBetweenBatches: async () => undefined });
    await open.sync();
    expect(open.search(MARKER).captureIds).toEqual([captureId]);
  });
});
