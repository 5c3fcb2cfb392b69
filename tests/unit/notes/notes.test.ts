import { describe, expect, it } from 'vitest';
import { editsOf } from '@/utils/db/edits';
import { NOTE_MAX_LENGTH, NoteTooLong, saveNote } from '@/utils/notes/notes';
import { freshDb, storeCapture } from '../support/log-fixtures';

describe('notes on captures', () => {
  it('keeps the previous text and the time of each change, and leaves the capture untouched', async () => {
    const db = freshDb();
    const capture = await storeCapture(db);
    const first = await saveNote(db, capture.id, 'first', () => Date.parse('2026-11-30T10:00:00Z'));
    expect(first).toEqual({ captureId: capture.id, text: 'first', createdAt: '2026-11-30T10:00:00.000Z', updatedAt: '2026-11-30T10:00:00.000Z' });
    const second = await saveNote(db, capture.id, 'second', () => Date.parse('2026-11-30T11:00:00Z'));
    expect(second).toMatchObject({ text: 'second', previousText: 'first', createdAt: '2026-11-30T10:00:00.000Z', updatedAt: '2026-11-30T11:00:00.000Z' });
    // Clearing a note keeps what it said.
    expect(await saveNote(db, capture.id, '')).toMatchObject({ text: '', previousText: 'second' });
    const edits = await editsOf(db, 'capture', capture.id);
    expect(edits.map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
      ['note', null, 'first'],
      ['note', 'first', 'second'],
      ['note', 'second', ''],
    ]);
    expect(await db.captures.get(capture.id)).toEqual(capture);
  });

  it('records nothing when the text did not change, refuses a note that is too long, and a note on a capture that is gone', async () => {
    const db = freshDb();
    const capture = await storeCapture(db);
    await saveNote(db, capture.id, 'same');
    await saveNote(db, capture.id, 'same');
    expect(await editsOf(db, 'capture', capture.id)).toHaveLength(1);
    await expect(saveNote(db, capture.id, 'x'.repeat(NOTE_MAX_LENGTH + 1))).rejects.toBeInstanceOf(NoteTooLong);
    expect((await db.notes.get(capture.id))?.text).toBe('same');
    await expect(saveNote(db, 'no-such-capture', 'x')).rejects.toThrow('no longer in the log');
  });
});
