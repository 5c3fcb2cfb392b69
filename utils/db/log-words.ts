/**
 * The incident log's own words sealed at rest (issue 5): incidents, people and protective orders,
 * and the edit records that hold their old and new values. Sealed like notes (utils/notes/notes.ts):
 * to the log's public key, so a new incident can be written while the log is locked; changing
 * words already sealed needs the log unlocked (the earlier value must stay on record).
 *
 * | record           | stays in the clear, and why                                         | sealed                                    |
 * |------------------|---------------------------------------------------------------------|-------------------------------------------|
 * | incident         | id; occurredAt (the list and charts sort by it); captureIds and     | title, local time as typed, description,  |
 * |                  | personIds (indexes to find an incident from a capture or a person:  | location, categories, others involved,    |
 * |                  | random ids only); orderId (random id); createdAt, updatedAt         | witnesses, reports, violates-order flag   |
 * | person           | id, createdAt, updatedAt                                            | name, account keys (they hold handles),   |
 * |                  |                                                                     | accounts added by hand, notes             |
 * | protective order | id, updatedAt                                                       | every detail of the order                 |
 * | edit record      | subject kind and id, field name (our words), time                   | old and new value                         |
 *
 * The clear word fields of a sealed record hold blanks ('' and []), so no reader can show or
 * index words by mistake. Each item's associated data names what it is and its id, so words moved
 * to another record do not open. What opens is validated like hostile input.
 */
import * as v from 'valibot';
import { sealingContext } from '../crypto/seal';
import { createEvidenceCodec, SEALING_CONTEXT, type EvidenceCodec } from './evidence-codec';
import type { HoldfastDb } from './database';
import { REPORT_RECIPIENTS, type EditRecord, type IncidentRecord, type PersonRecord, type ProtectiveOrderRecord } from './log-records';
import type { SealedCaptureContent } from './records';

/** A codec that seals nothing and opens nothing sealed: the default of writers called without one. */
export const CLEAR_CODEC: EvidenceCodec = createEvidenceCodec();

/** Associated data of each kind of sealed log record. */
export const LOG_WORDS_CONTEXT = {
  incident: (id: string) => sealingContext('holdfast incident', id),
  person: (id: string) => sealingContext('holdfast person', id),
  'protective-order': (id: string) => sealingContext('holdfast protective order', id),
} as const;

/** The words of a sealed record cannot be read now: the log is locked (or they do not open). */
export class LogWordsLocked extends Error {
  override readonly name = 'LogWordsLocked';
  constructor() {
    super('These words are encrypted and the log is locked. Unlock the log to change them.');
  }
}

/** Another window changed the record between reading and writing it. */
export class ChangedMeanwhile extends Error {
  override readonly name = 'ChangedMeanwhile';
  constructor() {
    super('This was changed in another window meanwhile. Save it again.');
  }
}

const MAX_TEXT = 20_000;
const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));
const shortText = v.pipe(v.string(), v.maxLength(2_000));

const IncidentWordsSchema = v.object({
  title: shortText,
  occurredLocal: v.pipe(v.string(), v.maxLength(40)),
  description: text,
  location: shortText,
  categories: v.pipe(v.array(shortText), v.maxLength(200)),
  othersInvolved: text,
  witnesses: text,
  reports: v.pipe(
    v.array(v.object({ to: v.picklist(REPORT_RECIPIENTS), name: shortText, reference: shortText, date: v.pipe(v.string(), v.maxLength(40)) })),
    v.maxLength(200),
  ),
  violatesOrder: v.boolean(),
});

const AccountSchema = v.object({
  key: shortText,
  platform: shortText,
  displayName: v.optional(shortText),
  handle: v.optional(shortText),
  address: v.optional(shortText),
  accountId: v.optional(shortText),
  profileUrl: v.optional(v.pipe(v.string(), v.maxLength(16_000))),
});

const PersonWordsSchema = v.object({
  name: shortText,
  accountKeys: v.pipe(v.array(shortText), v.maxLength(1_000)),
  accounts: v.pipe(v.array(AccountSchema), v.maxLength(1_000)),
  notes: text,
});

const OrderWordsSchema = v.object({
  court: shortText,
  caseNumber: shortText,
  issuedOn: shortText,
  expiresOn: shortText,
  restrainedPerson: shortText,
  terms: text,
});

type IncidentWords = v.InferOutput<typeof IncidentWordsSchema>;
type PersonWords = v.InferOutput<typeof PersonWordsSchema>;
type OrderWords = v.InferOutput<typeof OrderWordsSchema>;

interface Kind<R, W> {
  context: (id: string) => Uint8Array;
  schema: v.GenericSchema<unknown, W>;
  blank: () => W;
}

const INCIDENT: Kind<IncidentRecord, IncidentWords> = {
  context: LOG_WORDS_CONTEXT.incident,
  schema: IncidentWordsSchema,
  blank: () => ({ title: '', occurredLocal: '', description: '', location: '', categories: [], othersInvolved: '', witnesses: '', reports: [], violatesOrder: false }),
};
const PERSON: Kind<PersonRecord, PersonWords> = {
  context: LOG_WORDS_CONTEXT.person,
  schema: PersonWordsSchema,
  blank: () => ({ name: '', accountKeys: [], accounts: [], notes: '' }),
};
const ORDER: Kind<ProtectiveOrderRecord, OrderWords> = {
  context: LOG_WORDS_CONTEXT['protective-order'],
  schema: OrderWordsSchema,
  blank: () => ({ court: '', caseNumber: '', issuedOn: '', expiresOn: '', restrainedPerson: '', terms: '' }),
};

/** A log record as a reader sees it. `locked`: sealed and not opened; its word fields are blank. */
export interface OpenedRecord<R> {
  state: 'clear' | 'opened' | 'locked';
  record: R;
}

type Sealable = { id: string; sealed?: SealedCaptureContent };

async function sealRecord<R extends Sealable, W extends object>(kind: Kind<R, W>, codec: EvidenceCodec, record: R): Promise<R> {
  const { sealed: _sealed, ...clear } = record;
  const blank = kind.blank();
  const words = Object.fromEntries(Object.keys(blank).map((key) => [key, (record as Record<string, unknown>)[key]]));
  const sealed = await codec.sealWords(kind.context(record.id), words);
  if (!sealed) return clear as R;
  return { ...clear, ...blank, sealed } as unknown as R;
}

async function openRecord<R extends Sealable, W extends object>(kind: Kind<R, W>, codec: EvidenceCodec, stored: R): Promise<OpenedRecord<R>> {
  if (!stored.sealed) return { state: 'clear', record: stored };
  const parsed = v.safeParse(kind.schema, await codec.openWords(stored.sealed, kind.context(stored.id)));
  if (!parsed.success) return { state: 'locked', record: stored };
  const { sealed: _sealed, ...clear } = stored;
  return { state: 'opened', record: { ...clear, ...parsed.output } as unknown as R };
}

/**
 * The stored form of an incident: as it is with encryption off; with it on, its words sealed and
 * blanks in their place. Give it an opened (or clear) record, never a locked one.
 */
export const sealIncident = (codec: EvidenceCodec, incident: IncidentRecord) => sealRecord(INCIDENT, codec, incident);
/** The readable form of a stored incident. Never throws. */
export const openIncident = (codec: EvidenceCodec, stored: IncidentRecord) => openRecord(INCIDENT, codec, stored);
/** The stored form of a person (see `sealIncident`). */
export const sealPerson = (codec: EvidenceCodec, person: PersonRecord) => sealRecord(PERSON, codec, person);
/** The readable form of a stored person. Never throws. */
export const openPerson = (codec: EvidenceCodec, stored: PersonRecord) => openRecord(PERSON, codec, stored);
/** The stored form of a protective order (see `sealIncident`). */
export const sealOrder = (codec: EvidenceCodec, order: ProtectiveOrderRecord) => sealRecord(ORDER, codec, order);
/** The readable form of a stored protective order. Never throws. */
export const openOrder = (codec: EvidenceCodec, stored: ProtectiveOrderRecord) => openRecord(ORDER, codec, stored);

/** The stored form of an edit: with encryption on, old and new value sealed and `null` in the clear. */
export async function sealEdit(codec: EvidenceCodec, edit: Omit<EditRecord, 'seq'>): Promise<Omit<EditRecord, 'seq'>> {
  if (edit.sealed) return edit;
  const sealed = await codec.sealWords(SEALING_CONTEXT.edit(edit.subjectKind, edit.subjectId, edit.field, edit.at), { oldValue: edit.oldValue, newValue: edit.newValue });
  return sealed ? { ...edit, oldValue: null, newValue: null, sealed } : edit;
}

/** The incidents, people and protective orders of the log, opened as far as the codec can. */
export interface OpenedLogWords {
  incidents: IncidentRecord[];
  persons: PersonRecord[];
  orders: ProtectiveOrderRecord[];
  /** How many records are sealed and were not opened (their words are blank). */
  locked: number;
}

/** Opens what a reader read from the database (outside the live query: crypto ends transactions). */
export async function openLogWords(
  codec: EvidenceCodec,
  stored: { incidents?: IncidentRecord[]; persons?: PersonRecord[]; orders?: ProtectiveOrderRecord[] },
): Promise<OpenedLogWords> {
  const [incidents, persons, orders] = await Promise.all([
    Promise.all((stored.incidents ?? []).map((i) => openIncident(codec, i))),
    Promise.all((stored.persons ?? []).map((p) => openPerson(codec, p))),
    Promise.all((stored.orders ?? []).map((o) => openOrder(codec, o))),
  ]);
  const locked = [...incidents, ...persons, ...orders].filter((o) => o.state === 'locked').length;
  return { incidents: incidents.map((o) => o.record), persons: persons.map((o) => o.record), orders: orders.map((o) => o.record), locked };
}

/** Reads and opens every incident, person and protective order of the log. */
export async function readLogWords(db: HoldfastDb, codec: EvidenceCodec): Promise<OpenedLogWords> {
  const [incidents, persons, orders] = await Promise.all([db.incidents.orderBy('occurredAt').reverse().toArray(), db.people.toArray(), db.protectiveOrders.toArray()]);
  return openLogWords(codec, { incidents, persons, orders });
}

/**
 * Seals the incidents, people and protective orders written before encryption was turned on, and
 * the edit records of them that hold clear values. One record per transaction (a record changed
 * meanwhile is left for the next run). Needs only the public key. Returns how many were sealed.
 */
export async function sealExistingLogWords(db: HoldfastDb, codec: EvidenceCodec): Promise<number> {
  if (codec.sealingKeyId === null) throw new Error('Encryption is off: there is nothing to seal to');
  let count = 0;
  const tables = [
    [db.incidents, (r: IncidentRecord) => sealIncident(codec, r)],
    [db.people, (r: PersonRecord) => sealPerson(codec, r)],
    [db.protectiveOrders, (r: ProtectiveOrderRecord) => sealOrder(codec, r)],
  ] as const;
  for (const [table, seal] of tables) {
    const clear = (await (table as typeof db.incidents).filter((r) => !r.sealed).toArray()) as unknown as (Sealable & { updatedAt: string })[];
    for (const record of clear) {
      const sealed = await (seal as (r: unknown) => Promise<Sealable>)(record);
      await db.transaction('rw', table, async () => {
        const current = (await (table as typeof db.incidents).get(record.id)) as unknown as (Sealable & { updatedAt: string }) | undefined;
        if (!current || current.sealed || current.updatedAt !== record.updatedAt) return;
        await (table as typeof db.incidents).put(sealed as IncidentRecord);
        count += 1;
      });
    }
  }
  const clearEdits = await db.edits.filter((e) => !e.sealed && e.subjectKind !== 'capture').toArray();
  for (const edit of clearEdits) {
    const sealed = await sealEdit(codec, edit);
    if (edit.seq !== undefined && sealed.sealed) await db.edits.update(edit.seq, { oldValue: null, newValue: null, sealed: sealed.sealed });
  }
  return count;
}
