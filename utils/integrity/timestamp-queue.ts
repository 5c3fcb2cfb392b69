/**
 * Trusted timestamps of the chain of custody, kept in the `timestamps` table (Dexie version 7).
 *
 * What is timestamped: each `capture-added` custody event written after the person turned the
 * setting on gets its own token, for that event's `hash` (which covers, through the chain, the
 * capture's statement and everything before it). One request per capture, not a batch: captures
 * are rare (a person presses a key), and a token per capture lets a partial export carry the
 * tokens of exactly its captures.
 *
 * Never in the way of a capture: the request runs after the capture has settled and its event is
 * written. Offline, or when the authority fails or refuses, the row stays `pending` with the
 * reason; the worker tries again on an alarm (`TIMESTAMP_RETRY_ALARM`) and after the next capture.
 * Only the event's fingerprint is sent.
 */
import type { HoldfastDb } from '../db/database';
import type { CustodyEvent } from './custody';
import type { TimestampToken } from './timestamp';
import type { TimestampSettings } from './timestamp-settings';

/** A timestamp of one custody event: waiting (`pending`) or obtained (`stamped`). */
export interface TimestampRow {
  /** The custody event's number. */
  seq: number;
  /** The event's `hash`: the fingerprint sent to the authority. */
  eventHash: string;
  state: 'pending' | 'stamped';
  /** The authority asked (the setting at the time the request was queued or last tried). */
  authorityUrl: string;
  queuedAt: string;
  attempts: number;
  /** Why the last attempt failed, in plain words. */
  lastError?: string;
  lastTriedAt?: string;
  /** Once stamped: the token (DER) exactly as the authority sent it, and what it says. */
  der?: Uint8Array;
  genTime?: string;
  tsaName?: string;
  serial?: string;
}

/** The alarm that retries pending timestamps. */
export const TIMESTAMP_RETRY_ALARM = 'holdfast-timestamp-retry';
/** Minutes between retries while something is pending. */
export const TIMESTAMP_RETRY_MINUTES = 5;

/**
 * Adds a pending row for every `capture-added` event written since the setting was turned on that
 * has none yet; resolves with how many were added. Nothing when the setting is off.
 */
export async function queueNewCaptureEvents(db: HoldfastDb, settings: TimestampSettings, now: () => number = Date.now): Promise<number> {
  if (!settings.enabled || !settings.authorityUrl || !settings.enabledAt) return 0;
  const since = settings.enabledAt;
  const known = new Set((await db.timestamps.toCollection().primaryKeys()) as number[]);
  const fresh: CustodyEvent[] = [];
  await db.custody.orderBy('seq').each((event) => {
    if (event.type === 'capture-added' && event.at >= since && !known.has(event.seq)) fresh.push(event);
  });
  const queuedAt = new Date(now()).toISOString();
  await db.timestamps.bulkAdd(fresh.map((e) => ({ seq: e.seq, eventHash: e.hash, state: 'pending' as const, authorityUrl: settings.authorityUrl, queuedAt, attempts: 0 })));
  return fresh.length;
}

/** What `stampPending` needs from the browser, passed in. */
export interface StampDeps {
  /** `requestTimestamp` bound to the network (see timestamp.ts). */
  request(authorityUrl: string, sha256Hex: string): Promise<TimestampToken>;
  /** True when the extension may contact this authority now (its optional host permission is granted). */
  permitted(authorityUrl: string): Promise<boolean>;
  now?: () => number;
}

export interface StampOutcome {
  stamped: number;
  stillPending: number;
  /** Why the last attempt failed, when one did. */
  lastError?: string;
}

/**
 * Asks the chosen authority for a token for each pending row, oldest first. Stops at the first
 * failure (offline or the authority is down: the others would fail the same way); the failed row
 * stays pending with the reason. Rows are always asked of the authority chosen now.
 */
export async function stampPending(db: HoldfastDb, settings: TimestampSettings, deps: StampDeps): Promise<StampOutcome> {
  const now = deps.now ?? Date.now;
  const pending = await db.timestamps.where('state').equals('pending').sortBy('seq');
  const outcome: StampOutcome = { stamped: 0, stillPending: pending.length };
  if (!settings.enabled || !settings.authorityUrl || !pending.length) return outcome;
  if (!(await deps.permitted(settings.authorityUrl))) {
    outcome.lastError = 'Holdfast is not allowed to contact the timestamp authority (the permission was not granted).';
    return outcome;
  }
  for (const row of pending) {
    const triedAt = new Date(now()).toISOString();
    try {
      const token = await deps.request(settings.authorityUrl, row.eventHash);
      await db.timestamps.put({
        ...row,
        state: 'stamped',
        authorityUrl: settings.authorityUrl,
        attempts: row.attempts + 1,
        lastTriedAt: triedAt,
        lastError: undefined,
        der: token.der,
        genTime: token.genTime,
        tsaName: token.tsaName,
        serial: token.serial,
      });
      outcome.stamped++;
      outcome.stillPending--;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.timestamps.put({ ...row, authorityUrl: settings.authorityUrl, attempts: row.attempts + 1, lastTriedAt: triedAt, lastError: message });
      outcome.lastError = message;
      break;
    }
  }
  return outcome;
}

/** How many timestamps are stamped and pending, for the settings page. */
export async function timestampCounts(db: HoldfastDb): Promise<{ stamped: number; pending: number; lastError?: string }> {
  const rows = await db.timestamps.toArray();
  const pending = rows.filter((r) => r.state === 'pending');
  return { stamped: rows.length - pending.length, pending: pending.length, lastError: pending.find((r) => r.lastError)?.lastError };
}
