/**
 * Notes on captures. A note is the person's words about a capture; the capture and its files stay
 * untouched. Every change keeps the previous text and is recorded in the edit log.
 */
import * as v from 'valibot';
import type { HoldfastDb } from '../db/database';
import { SEALING_CONTEXT, type EvidenceCodec } from '../db/evidence-codec';
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
export async function saveNote(db: HoldfastDb, captureId: string, text: string, now: () => number = Date.now, codec?: EvidenceCodec): Promise<NoteRecord> {
  if (text.length > NOTE_MAX_LENGTH) throw new NoteTooLong(text.length);
  if (codec && codec.sealingKeyId !== null) return saveSealedNote(db, codec, captureId, text, now);
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

/** The words of a note: what the person wrote, and the text before the last change. */
export interface NoteWords {
  text: string;
  previousText?: string;
}

const NoteWordsSchema = v.object({
  text: v.pipe(v.string(), v.maxLength(NOTE_MAX_LENGTH)),
  previousText: v.optional(v.pipe(v.string(), v.maxLength(NOTE_MAX_LENGTH))),
});

/** The note's words, opened when sealed; `undefined` when it is sealed and the log is locked (or it does not open). */
export async function noteWords(codec: EvidenceCodec, note: NoteRecord): Promise<NoteWords | undefined> {
  if (!note.sealed) return { text: note.text, ...(note.previousText !== undefined ? { previousText: note.previousText } : {}) };
  const parsed = v.safeParse(NoteWordsSchema, await codec.openWords(note.sealed, SEALING_CONTEXT.note(note.captureId)));
  return parsed.success ? parsed.output : undefined;
}

/** A sealed note is changed only while the log is unlocked (its earlier text must stay on record). */
export class NoteLocked extends Error {
  override readonly name = 'NoteLocked';
  constructor() {
    super('This note is encrypted and the log is locked. Unlock the log to change it.');
  }
}

/**
 * With encryption on: the note and its edit record are sealed to the log's public key (so a
 * new note can be written while the log is locked), before the transaction that writes them.
 */
async function saveSealedNote(db: HoldfastDb, codec: EvidenceCodec, captureId: string, text: string, now: () => number): Promise<NoteRecord> {
  const before = await db.notes.get(captureId);
  const beforeWords = before ? await noteWords(codec, before) : undefined;
  if (before && !beforeWords) throw new NoteLocked();
  if (before && beforeWords?.text === text) return before;
  const at = isoUtc(now());
  if (!before && text === '') return { captureId, text: '', createdAt: at, updatedAt: at };
  const words: NoteWords = { text, ...(beforeWords ? { previousText: beforeWords.text } : {}) };
  const sealed = await codec.sealWords(SEALING_CONTEXT.note(captureId), words);
  const sealedEdit = await codec.sealWords(SEALING_CONTEXT.edit('capture', captureId, 'note', at), { oldValue: beforeWords?.text ?? null, newValue: text });
  if (!sealed || !sealedEdit) throw new Error('Encryption is off: there is nothing to seal to');
  const note: NoteRecord = { captureId, text: '', createdAt: before?.createdAt ?? at, updatedAt: at, sealed };
  return db.transaction('rw', db.notes, db.edits, db.captures, async () => {
    if (!(await db.captures.get(captureId))) throw new Error('This capture is no longer in the log.');
    if ((await db.notes.get(captureId))?.updatedAt !== before?.updatedAt) throw new Error('This note was changed in another window meanwhile. Save it again.');
    await db.notes.put(note);
    await recordEdit(db, { subjectKind: 'capture', subjectId: captureId, field: 'note', oldValue: null, newValue: null, at, sealed: sealedEdit });
    return note;
  });
}

/**
 * Seals the notes written before encryption was turned on, and the edit records of notes that
 * hold their old and new text. One note per transaction; run it again to go on. Needs only the
 * public key. Returns how many notes were sealed.
 */
export async function sealExistingNotes(db: HoldfastDb, codec: EvidenceCodec): Promise<number> {
  if (codec.sealingKeyId === null) throw new Error('Encryption is off: there is nothing to seal to');
  let count = 0;
  for (const note of await db.notes.filter((n) => !n.sealed).toArray()) {
    const words: NoteWords = { text: note.text, ...(note.previousText !== undefined ? { previousText: note.previousText } : {}) };
    const sealed = await codec.sealWords(SEALING_CONTEXT.note(note.captureId), words);
    const { previousText: _previous, ...rest } = note;
    await db.transaction('rw', db.notes, async () => {
      const current = await db.notes.get(note.captureId);
      if (!current || current.sealed || current.updatedAt !== note.updatedAt) return; // changed meanwhile: the next run seals it
      await db.notes.put({ ...rest, text: '', ...(sealed ? { sealed } : {}) });
      count += 1;
    });
  }
  const clearEdits = await db.edits.filter((e) => e.field === 'note' && e.subjectKind === 'capture' && !e.sealed).toArray();
  for (const edit of clearEdits) {
    const sealed = await codec.sealWords(SEALING_CONTEXT.edit(edit.subjectKind, edit.subjectId, edit.field, edit.at), { oldValue: edit.oldValue, newValue: edit.newValue });
    if (edit.seq !== undefined && sealed) await db.edits.update(edit.seq, { oldValue: null, newValue: null, sealed });
  }
  return count;
}
