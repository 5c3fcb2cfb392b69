/**
 * What a row of the log shows beyond the capture record: platform and author (from the capture's
 * facts), whether it has a note, and the incidents it belongs to.
 */
import type { HoldfastDb } from '../db/database';
import type { EvidenceCodec } from '../db/evidence-codec';
import type { CaptureFacts } from '../db/log-records';
import type { CaptureRecord } from '../db/records';
import { factsOf } from '../search/facts-store';

export interface LogRowView {
  capture: CaptureRecord;
  facts?: CaptureFacts;
  hasNote: boolean;
  incidentTitles: string[];
  /** Set when the capture is sealed and does not open now: `capture` then holds only its clear fields. */
  sealed?: { state: 'locked' } | { state: 'unreadable'; problem: string };
}

/** The rows with their captures opened through the codec (sealed ones that do not open are marked). */
export async function openRowViews(codec: EvidenceCodec, rows: LogRowView[]): Promise<LogRowView[]> {
  return Promise.all(
    rows.map(async (row) => {
      const opened = await codec.openCapture(row.capture);
      if (opened.state === 'clear' || opened.state === 'opened') return { ...row, capture: opened.record };
      return { ...row, capture: opened.record, sealed: opened.state === 'locked' ? { state: 'locked' as const } : { state: 'unreadable' as const, problem: opened.problem } };
    }),
  );
}

/** The rows for these captures, in the order given (captures no longer in the log are left out). */
export async function loadRowViews(db: HoldfastDb, captures: (CaptureRecord | undefined)[]): Promise<LogRowView[]> {
  const present = captures.filter((c): c is CaptureRecord => !!c);
  const ids = present.map((c) => c.id);
  if (!ids.length) return [];
  const [facts, notes, incidents] = await Promise.all([factsOf(db, ids), db.notes.bulkGet(ids), db.incidents.where('captureIds').anyOf(ids).distinct().toArray()]);
  return present.map((capture, i) => ({
    capture,
    facts: facts[i],
    hasNote: !!notes[i]?.text || !!notes[i]?.sealed,
    incidentTitles: incidents.filter((inc) => inc.captureIds.includes(capture.id)).map((inc) => inc.title),
  }));
}

/** A window of the whole log in its own order (newest first), without reading the rest. */
export async function loadLogWindow(db: HoldfastDb, start: number, count: number): Promise<LogRowView[]> {
  const captures = await db.captures.orderBy('pressedAt').reverse().offset(start).limit(count).toArray();
  return loadRowViews(db, captures);
}

/** A window of a filtered list of ids. */
export async function loadIdWindow(db: HoldfastDb, ids: string[], start: number, count: number): Promise<LogRowView[]> {
  return loadRowViews(db, await db.captures.bulkGet(ids.slice(start, start + count)));
}
