/**
 * Every change the person makes to their notes, incidents, people and protective order is kept
 * here with the value before and after. When the chain of custody is wired in, each edit becomes a
 * `field-edited` custody event (same fields).
 */
import type { HoldfastDb } from './database';
import type { EditRecord } from './log-records';

/** Records one edit; call it inside the transaction that writes the change. */
export async function recordEdit(db: HoldfastDb, edit: Omit<EditRecord, 'seq'>): Promise<void> {
  // TODO [2027-01-31]: also append a `field-edited` custody event once the custody table lands.
  await db.edits.add(structuredClone(edit));
}

/** The edits of one subject, oldest first. */
export function editsOf(db: HoldfastDb, subjectKind: EditRecord['subjectKind'], subjectId: string): Promise<EditRecord[]> {
  return db.edits.where('[subjectKind+subjectId]').equals([subjectKind, subjectId]).sortBy('seq');
}
