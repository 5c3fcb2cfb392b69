/**
 * Which captures the log shows: filters by date range, platform, person, behaviour category,
 * incident and failed/ok, a search, and the order. The decision is a pure function over light
 * rows and id sets; `loadLogRows` reads what it needs from the database.
 */
import type { HoldfastDb } from '../db/database';
import type { CaptureFacts, IncidentRecord, PersonRecord } from '../db/log-records';
import type { CaptureRecord } from '../db/records';
import { accountKeysOf } from '../people/people';
import { allFacts, factsOf } from '../search/facts-store';

export type LogSort = 'newest' | 'oldest' | 'platform';
export type LogStatusFilter = 'all' | 'ok' | 'failed';

export interface LogFilters {
  /** Local dates `YYYY-MM-DD`, inclusive; '' for open. */
  from: string;
  to: string;
  platform: string;
  /** A people-list id (`p:` or `a:`), or ''. */
  person: string;
  category: string;
  incidentId: string;
  status: LogStatusFilter;
  query: string;
  sort: LogSort;
}

export const NO_FILTERS: LogFilters = { from: '', to: '', platform: '', person: '', category: '', incidentId: '', status: 'all', query: '', sort: 'newest' };

/** True when nothing narrows the log and the order is the log's own (newest first). */
export function isPlainLog(filters: LogFilters): boolean {
  return !filters.from && !filters.to && !filters.platform && !filters.person && !filters.category && !filters.incidentId && filters.status === 'all' && !filters.query.trim() && filters.sort === 'newest';
}

/** The UTC bounds of a local date range: `[from 00:00, to 24:00)`; either may be open. */
export function localDayBounds(from: string, to: string): { lower: string; upper: string } {
  const lower = from ? new Date(`${from}T00:00:00`).toISOString() : '';
  let upper = '\uffff';
  if (to) {
    const end = new Date(`${to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    upper = end.toISOString();
  }
  return { lower, upper };
}

/** What the log needs to know of one capture to filter and sort it. */
export interface LogRow {
  id: string;
  pressedAt: string;
  status: CaptureRecord['status'];
  platform: string;
}

export interface FilterSets {
  /** Captures of the chosen person, category or incident; undefined when not filtered. */
  person?: Set<string>;
  category?: Set<string>;
  incident?: Set<string>;
  /** Search hits in rank order; undefined when there is no search. */
  search?: string[];
}

/** The ids of the captures to show, in order. */
export function applyFilters(rows: LogRow[], filters: LogFilters, sets: FilterSets): string[] {
  const { lower, upper } = localDayBounds(filters.from, filters.to);
  const keep = (row: LogRow) =>
    row.pressedAt >= lower &&
    row.pressedAt < upper &&
    (!filters.platform || row.platform === filters.platform) &&
    (filters.status === 'all' || (filters.status === 'failed' ? row.status === 'failed' : row.status === 'done')) &&
    (!sets.person || sets.person.has(row.id)) &&
    (!sets.category || sets.category.has(row.id)) &&
    (!sets.incident || sets.incident.has(row.id));
  const kept = rows.filter(keep);
  const searchSet = sets.search ? new Set(sets.search) : undefined;
  const shown = searchSet ? kept.filter((r) => searchSet.has(r.id)) : kept;
  const byTime = (a: LogRow, b: LogRow) => a.pressedAt.localeCompare(b.pressedAt) || a.id.localeCompare(b.id);
  if (filters.sort === 'oldest') shown.sort(byTime);
  else if (filters.sort === 'platform') shown.sort((a, b) => a.platform.localeCompare(b.platform) || byTime(b, a));
  else shown.sort((a, b) => byTime(b, a));
  return shown.map((r) => r.id);
}

/**
 * The light rows of the captures that can match, with the platform from their facts (the host
 * name until indexed). When a search, person, category or incident already narrows the log to
 * `candidates`, only those are read, so a search costs the same in a small log or a huge one.
 */
export async function loadLogRows(db: HoldfastDb, candidates?: string[]): Promise<LogRow[]> {
  const [captures, facts] = candidates
    ? await Promise.all([db.captures.bulkGet(candidates), factsOf(db, candidates)])
    : await Promise.all([db.captures.toArray(), allFacts(db)]);
  const platformOf = new Map(facts.filter((f): f is CaptureFacts => !!f).map((f) => [f.captureId, f.platform]));
  return captures
    .filter((c): c is CaptureRecord => !!c)
    .map((c) => ({ id: c.id, pressedAt: c.pressedAt, status: c.status, platform: platformOf.get(c.id) ?? c.summary.site }));
}

/** The captures that every id-set filter allows (undefined when none is set). */
export function candidateIds(sets: FilterSets): string[] | undefined {
  const lists = [sets.search, sets.person && [...sets.person], sets.category && [...sets.category], sets.incident && [...sets.incident]].filter((l): l is string[] => !!l);
  if (!lists.length) return undefined;
  const [smallest, ...others] = [...lists].sort((a, b) => a.length - b.length);
  const otherSets = others.map((l) => new Set(l));
  return smallest.filter((id) => otherSets.every((s) => s.has(id)));
}

/** The id sets for the person, category and incident filters (`facts` are needed only for a person). */
export function filterSets(filters: LogFilters, data: { facts: CaptureFacts[]; persons: PersonRecord[]; incidents: IncidentRecord[] }, search?: string[]): FilterSets {
  const sets: FilterSets = {};
  if (filters.person) {
    const keys = new Set(accountKeysOf(filters.person, data.persons));
    const personId = filters.person.startsWith('p:') ? filters.person.slice(2) : undefined;
    sets.person = new Set(data.facts.filter((f) => f.accountKey && keys.has(f.accountKey)).map((f) => f.captureId));
    if (personId) for (const i of data.incidents) if (i.personIds.includes(personId)) for (const c of i.captureIds) sets.person.add(c);
  }
  if (filters.category) sets.category = new Set(data.incidents.filter((i) => i.categories.includes(filters.category)).flatMap((i) => i.captureIds));
  if (filters.incidentId) sets.incident = new Set(data.incidents.find((i) => i.id === filters.incidentId)?.captureIds ?? []);
  if (filters.query.trim()) sets.search = search ?? [];
  return sets;
}
