/**
 * Notes on captures. A note is the person's words about a capture; the capture and its files stay
 * untouched. Every change keeps the previous text and is recorded in the edit log.
 */
import type { HoldfastDb } from '../db/database';
import { recordEdit } from '../db/edits';
import type { NoteRecord } from '../db/log-records';
import { isoUtc } from '../format/time';

/** Longest note kept, in characters; longer text is refused rather than cut silently. */
export const NOTE_MAX_LENGTH = 20_000;

export class NoteTooLong extends Error {
  constructor(readonly length: number) {
    super(`A note can hold at most ${NOTE_MAX_LENGTH} characters (this one has ${length}).`);
  }
}

/**
 * Saves the note of a capture (an empty text keeps an empty note, so the earlier text is still on
 * record). Returns the stored note, or the unchanged one when the text did not change.
 */
export async function saveNote(db: HoldfastDb, captureId: string, text: string, now: () => number = Date.now): Promise<NoteRecord> {
  if (text.length > NOTE_MAX_LENGTH) throw new NoteTooLong(text.length);
  return db.transaction('rw', db.notes, db.edits, db.captures, async () => {
    if (!(await db.captures.get(captureId))) throw new Error('This capture is no longer in the log.');
    const before = await db.notes.get(captureId);
    if (before && before.text === text) return before;
    if (!before && text === '') return { captureId, text: '', createdAt: isoUtc(now()), updatedAt: isoUtc(now()) };
    const at = isoUtc(now());
    const note: NoteRecord = before
      ? { ...before, text, updatedAt: at, previousText: before.text }
      : { captureId, text, createdAt: at, updatedAt: at };
    await db.notes.put(note);
    await recordEdit(db, { subjectKind: 'capture', subjectId: captureId, field: 'note', oldValue: before?.text ?? null, newValue: text, at });
    return note;
  });
}
