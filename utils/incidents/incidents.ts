/**
 * Incidents: the person groups captures into what happened, with the fields of the advocates'
 * stalking incident log. Every change of a field is recorded with its old and new value; removing
 * an incident is undone by putting the same record back (`restoreIncident`).
 */
import type { HoldfastDb } from '../db/database';
import { recordEdit } from '../db/edits';
import type { IncidentRecord, ProtectiveOrderRecord } from '../db/log-records';
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

/** Stores a new incident. */
export async function createIncident(db: HoldfastDb, fields: IncidentFields, now: () => number = Date.now): Promise<IncidentRecord> {
  const at = isoUtc(now());
  const incident: IncidentRecord = { ...structuredClone(fields), id: crypto.randomUUID(), createdAt: at, updatedAt: at };
  await db.transaction('rw', db.incidents, db.edits, async () => {
    await db.incidents.add(incident);
    await recordEdit(db, { subjectKind: 'incident', subjectId: incident.id, field: 'created', oldValue: null, newValue: fields.title, at });
  });
  return incident;
}

/** Saves changed fields of an incident, recording each change. */
export async function updateIncident(db: HoldfastDb, id: string, fields: Partial<IncidentFields>, now: () => number = Date.now): Promise<IncidentRecord> {
  return db.transaction('rw', db.incidents, db.edits, async () => {
    const before = await db.incidents.get(id);
    if (!before) throw new Error('This incident is no longer in the log.');
    const at = isoUtc(now());
    const after: IncidentRecord = { ...before, ...structuredClone(fields), updatedAt: at };
    let changed = false;
    for (const key of Object.keys(fields) as (keyof IncidentFields)[]) {
      if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
      changed = true;
      await recordEdit(db, { subjectKind: 'incident', subjectId: id, field: key, oldValue: before[key] ?? null, newValue: after[key] ?? null, at });
    }
    if (!changed) return before;
    await db.incidents.put(after);
    return after;
  });
}

/** Adds captures to an incident (those already in it are kept once). */
export async function addCapturesToIncident(db: HoldfastDb, id: string, captureIds: string[], now: () => number = Date.now): Promise<IncidentRecord> {
  const incident = await db.incidents.get(id);
  if (!incident) throw new Error('This incident is no longer in the log.');
  const merged = [...incident.captureIds, ...captureIds.filter((c) => !incident.captureIds.includes(c))];
  return updateIncident(db, id, { captureIds: merged }, now);
}

/** Removes an incident (never its captures). Returns the record so that it can be put back. */
export async function removeIncident(db: HoldfastDb, id: string, now: () => number = Date.now): Promise<IncidentRecord | undefined> {
  return db.transaction('rw', db.incidents, db.edits, async () => {
    const before = await db.incidents.get(id);
    if (!before) return undefined;
    await db.incidents.delete(id);
    await recordEdit(db, { subjectKind: 'incident', subjectId: id, field: 'removed', oldValue: before, newValue: null, at: isoUtc(now()) });
    return before;
  });
}

/** Undo of `removeIncident`: the same record comes back. */
export async function restoreIncident(db: HoldfastDb, incident: IncidentRecord, now: () => number = Date.now): Promise<void> {
  await db.transaction('rw', db.incidents, db.edits, async () => {
    await db.incidents.put(incident);
    await recordEdit(db, { subjectKind: 'incident', subjectId: incident.id, field: 'restored', oldValue: null, newValue: incident.title, at: isoUtc(now()) });
  });
}

/** Saves the protective order's details (there is one order record per order; incidents point to it). */
export async function saveProtectiveOrder(db: HoldfastDb, order: Omit<ProtectiveOrderRecord, 'updatedAt'>, now: () => number = Date.now): Promise<ProtectiveOrderRecord> {
  const at = isoUtc(now());
  const record: ProtectiveOrderRecord = { ...order, updatedAt: at };
  await db.transaction('rw', db.protectiveOrders, db.edits, async () => {
    const before = await db.protectiveOrders.get(order.id);
    await db.protectiveOrders.put(record);
    await recordEdit(db, { subjectKind: 'protective-order', subjectId: order.id, field: 'details', oldValue: before ?? null, newValue: record, at });
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
