/**
 * The pattern over time: captures and incidents counted per week (weeks start on Monday, in the
 * device's time zone), per person and per behaviour category, so that repetition and escalation
 * can be seen. Pure functions over what the database holds.
 */
import type { CaptureFacts, IncidentRecord } from '../db/log-records';
import type { PersonSummary } from '../people/people';

/** At most this many weeks are drawn (the most recent ones). */
export const MAX_WEEKS = 156;
const DAY_MS = 24 * 3600 * 1000;

/** The local date (`YYYY-MM-DD`) of the Monday that starts the week of `iso`. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7));
  return localDate(monday);
}

function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Every week from the one of `first` to the one of `last`, oldest first (at most `MAX_WEEKS`, the latest). */
export function weeksBetween(first: string, last: string): string[] {
  const weeks: string[] = [];
  const [y, m, d] = weekOf(first).split('-').map(Number);
  const end = weekOf(last);
  for (let day = new Date(y, m - 1, d); localDate(day) <= end; day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 7)) {
    weeks.push(localDate(day));
    if (weeks.length > 10 * MAX_WEEKS) break;
  }
  return weeks.slice(-MAX_WEEKS);
}

export interface WeeklySeries {
  key: string;
  label: string;
  counts: number[];
  total: number;
}

export interface IncidentMark {
  id: string;
  title: string;
  occurredAt: string;
  week: number;
}

export interface PatternData {
  /** Monday of each week, local `YYYY-MM-DD`. */
  weeks: string[];
  /** Captures per week. */
  captures: number[];
  /** Incidents per week. */
  incidents: number[];
  incidentMarks: IncidentMark[];
  /** Captures per week of the people with the most captures (at most `maxSeries`). */
  byPerson: WeeklySeries[];
  /** Incidents per week in each behaviour category used. */
  byCategory: WeeklySeries[];
}

export interface PatternInput {
  captures: { pressedAt: string }[];
  facts: CaptureFacts[];
  incidents: IncidentRecord[];
  people: PersonSummary[];
  categoryLabel: (category: string) => string;
  maxSeries?: number;
}

/** Counts per week for the charts. */
export function buildPattern(input: PatternInput): PatternData {
  const times = [...input.captures.map((c) => c.pressedAt), ...input.incidents.map((i) => i.occurredAt)].filter((t) => !Number.isNaN(Date.parse(t))).sort();
  if (!times.length) return { weeks: [], captures: [], incidents: [], incidentMarks: [], byPerson: [], byCategory: [] };
  const weeks = weeksBetween(times[0], times.at(-1)!);
  const position = new Map(weeks.map((w, i) => [w, i]));
  const count = (list: string[]) => {
    const counts = weeks.map(() => 0);
    for (const t of list) {
      const i = position.get(weekOf(t));
      if (i !== undefined) counts[i]++;
    }
    return counts;
  };
  const pressedAtOf = new Map(input.facts.map((f) => [f.captureId, f.pressedAt]));
  const maxSeries = input.maxSeries ?? 5;
  const series = (key: string, label: string, list: string[]): WeeklySeries => {
    const counts = count(list);
    return { key, label, counts, total: counts.reduce((a, b) => a + b, 0) };
  };
  const byPerson = input.people
    .map((p) => series(p.id, p.name, p.captureIds.map((id) => pressedAtOf.get(id)).filter((t): t is string => !!t)))
    .filter((s) => s.total > 0)
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label))
    .slice(0, maxSeries);
  const categories = [...new Set(input.incidents.flatMap((i) => i.categories))];
  const byCategory = categories
    .map((c) => series(c, input.categoryLabel(c), input.incidents.filter((i) => i.categories.includes(c)).map((i) => i.occurredAt)))
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label))
    .slice(0, maxSeries);
  const incidentMarks = input.incidents
    .map((i) => ({ id: i.id, title: i.title, occurredAt: i.occurredAt, week: position.get(weekOf(i.occurredAt)) ?? -1 }))
    .filter((m) => m.week >= 0)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  return {
    weeks,
    captures: count(input.captures.map((c) => c.pressedAt)),
    incidents: count(input.incidents.map((i) => i.occurredAt)),
    incidentMarks,
    byPerson,
    byCategory,
  };
}

/** Days between two ISO instants, rounded down. */
export function daysBetween(a: string, b: string): number {
  return Math.floor(Math.abs(Date.parse(b) - Date.parse(a)) / DAY_MS);
}
