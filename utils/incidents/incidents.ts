/**
 * Incidents: the person groups captures into what happened, with the fields of the advocates'
 * stalking incident log. Every change of a field is recorded with its old and new value; removing
 * an incident is undone by putting the same record back (`restoreIncident`).
 */
import type { HoldfastDb } from '../db/database';
import { recordEdit } from '../db/edits';
import type { EvidenceCodec } from '../db/evidence-codec';
import type { EditRecord, IncidentRecord, ProtectiveOrderRecord } from '../db/log-records';
import { ChangedMeanwhile, CLEAR_CODEC, LogWordsLocked, openIncident, openOrder, sealEdit, sealIncident, sealOrder } from '../db/log-words';
import { isoUtc } from '../format/time';

/** The fields the person edits. */
export type IncidentFields = Omit<IncidentRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** A new incident for these captures: its time is the earliest capture's, in local time. */
export function draftIncident(captures: { id: string; pressedAt: string }[], title = ''): IncidentFields {
  const earliest = captures.map((c) => c.pressedAt).sort()[0] ?? isoUtc();
  return {
    title,
    occurredLocal: toLocalInput(earliest),
    occurredAt: earliest,
    description: '',
    location: '',
    categories: [],
    captureIds: captures.map((c) => c.id),
    personIds: [],
    othersInvolved: '',
    witnesses: '',
    reports: [],
    violatesOrder: false,
  };
}

/** Checks the fields; returns the problems in plain words (empty when all is well). */
export function incidentProblems(fields: IncidentFields): ('title' | 'occurred' | 'captures')[] {
  const problems: ('title' | 'occurred' | 'captures')[] = [];
  if (!fields.title.trim()) problems.push('title');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(fields.occurredLocal) || Number.isNaN(Date.parse(fields.occurredAt))) problems.push('occurred');
  if (fields.captureIds.length === 0) problems.push('captures');
  return problems;
}

/** Stores a new incident. With encryption on its words are sealed (works while the log is locked). */
export async function createIncident(db: HoldfastDb, fields: IncidentFields, now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<IncidentRecord> {
  const at = isoUtc(now());
  const incident: IncidentRecord = { ...structuredClone(fields), id: crypto.randomUUID(), createdAt: at, updatedAt: at };
  const stored = await sealIncident(codec, incident);
  const edit = await sealEdit(codec, { subjectKind: 'incident', subjectId: incident.id, field: 'created', oldValue: null, newValue: fields.title, at });
  await db.transaction('rw', db.incidents, db.edits, async () => {
    await db.incidents.add(stored);
    await recordEdit(db, edit);
  });
  return incident;
}

/** Fields of an incident kept in the clear when it is sealed (see utils/db/log-words.ts). */
const CLEAR_FIELDS: ReadonlySet<string> = new Set(['occurredAt', 'captureIds', 'personIds', 'orderId']);

/**
 * Saves changed fields of an incident, recording each change. Changing its words needs them
 * opened (throws `LogWordsLocked` while the log is locked); clear fields (captures, people) can
 * change while locked. Throws `ChangedMeanwhile` when another window saved it in between.
 */
export async function updateIncident(db: HoldfastDb, id: string, fields: Partial<IncidentFields>, now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<IncidentRecord> {
  const stored = await db.incidents.get(id);
  if (!stored) throw new Error('This incident is no longer in the log.');
  const opened = await openIncident(codec, stored);
  const locked = opened.state === 'locked';
  if (locked && Object.keys(fields).some((key) => !CLEAR_FIELDS.has(key))) throw new LogWordsLocked();
  const before = opened.record;
  const at = isoUtc(now());
  const after: IncidentRecord = { ...before, ...structuredClone(fields), updatedAt: at };
  const edits: Omit<EditRecord, 'seq'>[] = [];
  for (const key of Object.keys(fields) as (keyof IncidentFields)[]) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    edits.push(await sealEdit(codec, { subjectKind: 'incident', subjectId: id, field: key, oldValue: before[key] ?? null, newValue: after[key] ?? null, at }));
  }
  if (edits.length === 0) return before;
  const toStore = locked ? after : await sealIncident(codec, after);
  await db.transaction('rw', db.incidents, db.edits, async () => {
    const current = await db.incidents.get(id);
    if (!current) throw new Error('This incident is no longer in the log.');
    if (current.updatedAt !== stored.updatedAt) throw new ChangedMeanwhile();
    await db.incidents.put(toStore);
    for (const edit of edits) await recordEdit(db, edit);
  });
  return after;
}

/** Adds captures to an incident (those already in it are kept once). Works while the log is locked. */
export async function addCapturesToIncident(db: HoldfastDb, id: string, captureIds: string[], now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<IncidentRecord> {
  const incident = await db.incidents.get(id);
  if (!incident) throw new Error('This incident is no longer in the log.');
  const merged = [...incident.captureIds, ...captureIds.filter((c) => !incident.captureIds.includes(c))];
  return updateIncident(db, id, { captureIds: merged }, now, codec);
}

/**
 * Removes an incident (never its captures). Returns the stored record (sealed when it was) so
 * that it can be put back as it was. Works while the log is locked.
 */
export async function removeIncident(db: HoldfastDb, id: string, now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<IncidentRecord | undefined> {
  const stored = await db.incidents.get(id);
  if (!stored) return undefined;
  const edit = await sealEdit(codec, { subjectKind: 'incident', subjectId: id, field: 'removed', oldValue: (await openIncident(codec, stored)).record, newValue: null, at: isoUtc(now()) });
  return db.transaction('rw', db.incidents, db.edits, async () => {
    const before = await db.incidents.get(id);
    if (!before) return undefined;
    await db.incidents.delete(id);
    await recordEdit(db, edit);
    return before;
  });
}

/** Undo of `removeIncident`: the same record comes back (sealed again when it is given opened). */
export async function restoreIncident(db: HoldfastDb, incident: IncidentRecord, now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<void> {
  const stored = incident.sealed ? incident : await sealIncident(codec, incident);
  const title = (await openIncident(codec, incident)).record.title;
  const edit = await sealEdit(codec, { subjectKind: 'incident', subjectId: incident.id, field: 'restored', oldValue: null, newValue: title, at: isoUtc(now()) });
  await db.transaction('rw', db.incidents, db.edits, async () => {
    await db.incidents.put(stored);
    await recordEdit(db, edit);
  });
}

/**
 * Saves the protective order's details (there is one order record per order; incidents point to
 * it). Changing an order already sealed needs the log unlocked (throws `LogWordsLocked`).
 */
export async function saveProtectiveOrder(db: HoldfastDb, order: Omit<ProtectiveOrderRecord, 'updatedAt'>, now: () => number = Date.now, codec: EvidenceCodec = CLEAR_CODEC): Promise<ProtectiveOrderRecord> {
  const at = isoUtc(now());
  const { sealed: _sealed, ...words } = order;
  const record: ProtectiveOrderRecord = { ...words, updatedAt: at };
  const storedBefore = await db.protectiveOrders.get(order.id);
  const before = storedBefore && (await openOrder(codec, storedBefore));
  if (before?.state === 'locked') throw new LogWordsLocked();
  const stored = await sealOrder(codec, record);
  const edit = await sealEdit(codec, { subjectKind: 'protective-order', subjectId: order.id, field: 'details', oldValue: before?.record ?? null, newValue: record, at });
  await db.transaction('rw', db.protectiveOrders, db.edits, async () => {
    if ((await db.protectiveOrders.get(order.id))?.updatedAt !== storedBefore?.updatedAt) throw new ChangedMeanwhile();
    await db.protectiveOrders.put(stored);
    await recordEdit(db, edit);
  });
  return record;
}

/** An empty order, for the form. */
export function blankOrder(): Omit<ProtectiveOrderRecord, 'updatedAt'> {
  return { id: crypto.randomUUID(), court: '', caseNumber: '', issuedOn: '', expiresOn: '', restrainedPerson: '', terms: '' };
}

/** `YYYY-MM-DDTHH:mm` in the device's time zone, for an `<input type="datetime-local">`. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The UTC instant of a local `YYYY-MM-DDTHH:mm`, or '' when it is not a valid time. */
export function fromLocalInput(local: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return '';
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? '' : isoUtc(ms);
}
