/**
 * People: the accounts that appear across captures (post authors, email senders), which the
 * person can merge into one "person" when the same individual uses several accounts or platforms.
 * An account not merged into anyone is listed as a person of its own.
 */
import type { HoldfastDb } from '../db/database';
import { recordEdit } from '../db/edits';
import type { EvidenceCodec } from '../db/evidence-codec';
import type { AccountRef, CaptureFacts, EditRecord, IncidentRecord, PersonRecord } from '../db/log-records';
import { ChangedMeanwhile, CLEAR_CODEC, LogWordsLocked, openPerson, sealEdit, sealPerson } from '../db/log-words';
import { isoUtc } from '../format/time';
import { accountLabel } from './accounts';

export interface PersonSummary {
  /** `p:<person id>` for a person the user made, `a:<account key>` for an account on its own. */
  id: string;
  name: string;
  /** True when the person made this person by merging accounts (it can be renamed and split). */
  merged: boolean;
  accounts: AccountRef[];
  captureIds: string[];
  incidentIds: string[];
  /** Earliest and latest capture or incident that involves them (UTC ISO), or '' when none. */
  firstContact: string;
  lastContact: string;
  /** Captures per week between first and last contact (at least one week). */
  perWeek: number;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Everyone who appears in the log, most recent contact first. Pure: give it what the database holds. */
export function summarisePeople(facts: CaptureFacts[], persons: PersonRecord[], incidents: IncidentRecord[]): PersonSummary[] {
  const accounts = new Map<string, AccountRef>();
  const capturesByAccount = new Map<string, CaptureFacts[]>();
  for (const fact of facts) {
    if (!fact.account) continue;
    accounts.set(fact.account.key, { ...accounts.get(fact.account.key), ...fact.account });
    const list = capturesByAccount.get(fact.account.key) ?? [];
    list.push(fact);
    capturesByAccount.set(fact.account.key, list);
  }
  const owned = new Set(persons.flatMap((p) => p.accountKeys));
  const summaries: PersonSummary[] = [];

  const summarise = (id: string, name: string, merged: boolean, keys: string[], extra: AccountRef[]): PersonSummary => {
    const captures = keys.flatMap((k) => capturesByAccount.get(k) ?? []);
    const captureIds = [...new Set(captures.map((c) => c.captureId))];
    const personId = id.startsWith('p:') ? id.slice(2) : undefined;
    const idSet = new Set(captureIds);
    const involved = incidents.filter((i) => (personId && i.personIds.includes(personId)) || i.captureIds.some((c) => idSet.has(c)));
    const times = [...captures.map((c) => c.pressedAt), ...involved.map((i) => i.occurredAt)].filter(Boolean).sort();
    const first = times[0] ?? '';
    const last = times.at(-1) ?? '';
    const weeks = first ? Math.max(1, (Date.parse(last) - Date.parse(first)) / WEEK_MS) : 1;
    const known = keys.map((k) => accounts.get(k)).filter((a): a is AccountRef => !!a);
    const extraOnly = extra.filter((a) => !known.some((k) => k.key === a.key));
    return {
      id,
      name,
      merged,
      accounts: [...known, ...extraOnly],
      captureIds,
      incidentIds: involved.map((i) => i.id),
      firstContact: first,
      lastContact: last,
      perWeek: Math.round((captureIds.length / weeks) * 10) / 10,
    };
  };

  for (const person of persons) summaries.push(summarise(`p:${person.id}`, person.name, true, person.accountKeys, person.accounts));
  for (const [key, account] of accounts) {
    if (!owned.has(key)) summaries.push(summarise(`a:${key}`, accountLabel(account), false, [key], []));
  }
  return summaries.sort((a, b) => b.lastContact.localeCompare(a.lastContact) || a.name.localeCompare(b.name));
}

/** The account keys behind a summary id (`p:` or `a:`). */
export function accountKeysOf(summaryId: string, persons: PersonRecord[]): string[] {
  if (summaryId.startsWith('a:')) return [summaryId.slice(2)];
  return persons.find((p) => `p:${p.id}` === summaryId)?.accountKeys ?? [];
}

/** Reads every person and opens them all; throws `LogWordsLocked` when one is sealed and the log is locked. */
async function openedPersons(db: HoldfastDb, codec: EvidenceCodec): Promise<{ stored: PersonRecord; person: PersonRecord }[]> {
  const stored = await db.people.toArray();
  const opened = await Promise.all(stored.map((p) => openPerson(codec, p)));
  if (opened.some((o) => o.state === 'locked')) throw new LogWordsLocked();
  return stored.map((s, i) => ({ stored: s, person: opened[i]!.record }));
}

/** Writes people (sealed again with encryption on) and their edits, if no other window changed them meanwhile. */
async function writePersons(db: HoldfastDb, codec: EvidenceCodec, changes: { before?: PersonRecord; after: PersonRecord; edit: Omit<EditRecord, 'seq'> }[]): Promise<void> {
  const prepared: { before: PersonRecord | undefined; stored: PersonRecord; edit: Omit<EditRecord, 'seq'> }[] = [];
  for (const change of changes) prepared.push({ before: change.before, stored: await sealPerson(codec, change.after), edit: await sealEdit(codec, change.edit) });
  await db.transaction('rw', db.people, db.edits, async () => {
    for (const { before, stored, edit } of prepared) {
      if ((await db.people.get(stored.id))?.updatedAt !== before?.updatedAt) throw new ChangedMeanwhile();
      await db.people.put(stored);
      await recordEdit(db, edit);
    }
  });
}

/**
 * Merges accounts into one person: into `personId` when given, else into a new person named
 * `name`. An account that belonged to another person moves; a person left without accounts stays
 * (it can be named and used in incidents). Returns the person. With encryption on, needs the log
 * unlocked when people are sealed (their accounts are among their sealed words).
 */
export async function mergeAccounts(db: HoldfastDb, accountKeys: string[], name: string, personId?: string, now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<PersonRecord> {
  const at = isoUtc(now());
  const all = await openedPersons(db, codec);
  const changes: Parameters<typeof writePersons>[2] = [];
  for (const { stored, person: other } of all) {
    if (other.id === personId || !other.accountKeys.some((k) => accountKeys.includes(k))) continue;
    const kept = other.accountKeys.filter((k) => !accountKeys.includes(k));
    changes.push({ before: stored, after: { ...other, accountKeys: kept, updatedAt: at }, edit: { subjectKind: 'person', subjectId: other.id, field: 'accountKeys', oldValue: other.accountKeys, newValue: kept, at } });
  }
  const found = personId ? all.find((p) => p.person.id === personId) : undefined;
  const existing = found?.person;
  const person: PersonRecord = existing
    ? { ...existing, accountKeys: [...new Set([...existing.accountKeys, ...accountKeys])], updatedAt: at }
    : { id: crypto.randomUUID(), name: name.trim(), accountKeys: [...new Set(accountKeys)], accounts: [], notes: '', createdAt: at, updatedAt: at };
  changes.push({ ...(found ? { before: found.stored } : {}), after: person, edit: { subjectKind: 'person', subjectId: person.id, field: 'accountKeys', oldValue: existing?.accountKeys ?? null, newValue: person.accountKeys, at } });
  await writePersons(db, codec, changes);
  return person;
}

/** Takes one account out of a person (it is listed on its own again). Needs sealed people opened. */
export async function splitAccount(db: HoldfastDb, personId: string, accountKey: string, now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<void> {
  const at = isoUtc(now());
  const stored = await db.people.get(personId);
  if (!stored) return;
  const opened = await openPerson(codec, stored);
  if (opened.state === 'locked') throw new LogWordsLocked();
  const person = opened.record;
  const kept = person.accountKeys.filter((k) => k !== accountKey);
  await writePersons(db, codec, [{ before: stored, after: { ...person, accountKeys: kept, updatedAt: at }, edit: { subjectKind: 'person', subjectId: personId, field: 'accountKeys', oldValue: person.accountKeys, newValue: kept, at } }]);
}

/** Renames a person. Needs a sealed person opened. */
export async function renamePerson(db: HoldfastDb, personId: string, name: string, now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<void> {
  const at = isoUtc(now());
  const stored = await db.people.get(personId);
  if (!stored) return;
  const opened = await openPerson(codec, stored);
  if (opened.state === 'locked') throw new LogWordsLocked();
  const person = opened.record;
  if (person.name === name.trim()) return;
  await writePersons(db, codec, [{ before: stored, after: { ...person, name: name.trim(), updatedAt: at }, edit: { subjectKind: 'person', subjectId: personId, field: 'name', oldValue: person.name, newValue: name.trim(), at } }]);
}
