/**
 * Locking after a chosen time without activity. The unlocked key lives in `storage.session` with
 * its idle limit (utils/crypto/session-key.ts), and every read there already refuses an expired
 * key; the worker's alarm makes the lock happen on time even when nothing reads it, and pages
 * note the person's activity so that the log does not lock while they work in it.
 */
import { noteActivity, unlockStatus, type SessionStorageArea, type UnlockStatus } from '../crypto/session-key';

export const AUTO_LOCK_ALARM = 'holdfast-auto-lock';
/** Pages write activity at most this often. */
export const ACTIVITY_NOTE_INTERVAL_MS = 15_000;

/** The part of `browser.alarms` used here. */
export interface AlarmsLike {
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<boolean>;
}

/**
 * Locks now if the idle limit has passed, otherwise sets the alarm for when it will. Call it from
 * the alarm itself, when the session area changes (unlock, lock, activity) and when the worker
 * starts.
 */
export async function scheduleAutoLock(session: SessionStorageArea, alarms: AlarmsLike, now: number): Promise<UnlockStatus> {
  const status = await unlockStatus(session, now);
  if (status.unlocked && status.autoLockAt !== null) await alarms.create(AUTO_LOCK_ALARM, { when: status.autoLockAt + 250 });
  else await alarms.clear(AUTO_LOCK_ALARM);
  return status;
}

/** A throttled "the person did something" for pages: writes at most every `intervalMs`. */
export function activityNoter(session: SessionStorageArea, clock: () => number = Date.now, intervalMs = ACTIVITY_NOTE_INTERVAL_MS): () => void {
  let last = -Infinity;
  return () => {
    const now = clock();
    if (now - last < intervalMs) return;
    last = now;
    void noteActivity(session, now).catch(() => undefined);
  };
}
