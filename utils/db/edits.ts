/**
 * Every change the person makes to their notes, incidents, people and protective order is kept
 * here with the value before and after. Once the transaction that wrote it commits, each edit
 * becomes a `field-edited` custody event (`recordPendingEdits` in utils/integrity/custody-log.ts).
 */
import Dexie from 'dexie';
import { recordPendingEdits } from '../integrity/custody-log';
import type { HoldfastDb } from './database';
import type { EditRecord } from './log-records';

/** Records one edit; call it inside the transaction that writes the change. */
export async function recordEdit(db: HoldfastDb, edit: Omit<EditRecord, 'seq'>): Promise<void> {
  await db.edits.add(structuredClone(edit));
  // Custody events are hashed with WebCrypto, which would end this transaction: append after it commits.
  const transaction = Dexie.currentTransaction;
  if (transaction) transaction.on('complete', () => void recordPendingEdits(db).catch(() => undefined));
  else void recordPendingEdits(db).catch(() => undefined);
}

/** The edits of one subject, oldest first. */
export function editsOf(db: HoldfastDb, subjectKind: EditRecord['subjectKind'], subjectId: string): Promise<EditRecord[]> {
  return db.edits.where('[subjectKind+subjectId]').equals([subjectKind, subjectId]).sortBy('seq');
}
