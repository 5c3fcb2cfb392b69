/**
 * The choices of the log's person filter: each person the user made and each account on its own,
 * read from the index of account keys (one look-up per account, not per capture).
 */
import type { HoldfastDb } from '../db/database';
import type { PersonRecord } from '../db/log-records';
import { accountsInLog } from '../search/facts-store';
import { accountLabel } from './accounts';

export interface PersonOption {
  /** `p:<person id>` or `a:<account key>`, as in the people list. */
  id: string;
  name: string;
}

/** People and lone accounts, by name. */
export function personOptions(db: HoldfastDb): Promise<PersonOption[]> {
  return db.transaction('r', db.people, db.captureFacts, () => readOptions(db));
}

async function readOptions(db: HoldfastDb): Promise<PersonOption[]> {
  const [persons, accounts] = await Promise.all([db.people.toArray(), accountsInLog(db)]);
  return optionsOf(persons, accounts);
}

/** The choices from people already read (and opened, when sealed) and the accounts in the log (`accountsInLog`). */
export function optionsOf(persons: PersonRecord[], accounts: Awaited<ReturnType<typeof accountsInLog>>): PersonOption[] {
  const owned = new Set(persons.flatMap((p) => p.accountKeys));
  const lone = [...accounts]
    .filter(([k]) => !owned.has(k))
    .map(([key, fact]) => ({ id: `a:${key}`, name: fact?.account ? accountLabel(fact.account) : key }));
  return [...persons.map((p) => ({ id: `p:${p.id}`, name: p.name })), ...lone].sort((a, b) => a.name.localeCompare(b.name));
}
