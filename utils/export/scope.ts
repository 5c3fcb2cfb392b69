/**
 * What to export: everything, the captures taken between two days (the person's local calendar
 * days, both included), or the captures chosen in the list.
 */
import type { HoldfastDb } from '../db/database';

export type ExportScope =
  | { kind: 'all' }
  /** `YYYY-MM-DD` local dates, as a date field gives them; both days included. */
  | { kind: 'range'; from: string; to: string }
  | { kind: 'selected'; captureIds: string[] };

/** Why a scope cannot be exported, for a clear message next to the field concerned. */
export type ScopeProblem = 'range-incomplete' | 'range-invalid' | 'range-reversed' | 'none-selected';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The first and last instant (UTC ISO 8601) of a range of local calendar days; null when unreadable. */
export function localDayRange(from: string, to: string): { from: string; to: string } | null {
  const start = localDay(from);
  const end = localDay(to);
  if (!start || !end) return null;
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: new Date(end.getTime() - 1).toISOString() };
}

function localDay(value: string): Date | null {
  const match = DAY.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/** What is wrong with a scope, or null when it can be exported. */
export function scopeProblem(scope: ExportScope): ScopeProblem | null {
  if (scope.kind === 'selected') return scope.captureIds.length ? null : 'none-selected';
  if (scope.kind === 'range') {
    if (!scope.from || !scope.to) return 'range-incomplete';
    const range = localDayRange(scope.from, scope.to);
    if (!range) return 'range-invalid';
    if (range.from > range.to) return 'range-reversed';
  }
  return null;
}

/**
 * The ids of the captures in the scope, in the order of the key presses; undefined for
 * everything. Throws on a scope with a problem (check `scopeProblem` first).
 */
export async function captureIdsInScope(db: HoldfastDb, scope: ExportScope): Promise<string[] | undefined> {
  const problem = scopeProblem(scope);
  if (problem) throw new Error(`This export cannot start: ${problem}`);
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'selected') return [...new Set(scope.captureIds)];
  const range = localDayRange(scope.from, scope.to)!;
  return (await db.captures.where('pressedAt').between(range.from, range.to, true, true).primaryKeys()) as string[];
}
