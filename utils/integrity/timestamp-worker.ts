/**
 * The worker's side of trusted timestamps: after a capture settles, and on a retry alarm while
 * something is pending, queue the new capture events and ask the chosen authority for their
 * tokens. Never throws into the caller: a capture is never held up or failed by a timestamp.
 */
import { getDb, type HoldfastDb } from '../db/database';
import { requestTimestamp } from './timestamp';
import { TIMESTAMP_RETRY_ALARM, TIMESTAMP_RETRY_MINUTES, queueNewCaptureEvents, stampPending } from './timestamp-queue';
import { authorityOriginPattern, getTimestampSettings, watchTimestampSettings } from './timestamp-settings';

let running: Promise<void> = Promise.resolve();

/** Queues and requests timestamps for new capture events (one run at a time); schedules a retry while any is pending. */
export function timestampNewCaptures(db: HoldfastDb = getDb()): Promise<void> {
  running = running.catch(() => undefined).then(() => runOnce(db));
  return running;
}

async function runOnce(db: HoldfastDb): Promise<void> {
  try {
    const settings = await getTimestampSettings();
    if (!settings.enabled) {
      await browser.alarms.clear(TIMESTAMP_RETRY_ALARM);
      return;
    }
    await queueNewCaptureEvents(db, settings);
    const outcome = await stampPending(db, settings, {
      request: (url, hash) => requestTimestamp(url, hash, fetch.bind(globalThis), { signal: AbortSignal.timeout(30_000) }),
      permitted: (url) => browser.permissions.contains({ origins: [authorityOriginPattern(url)] }).catch(() => false),
    });
    if (outcome.stillPending > 0) await browser.alarms.create(TIMESTAMP_RETRY_ALARM, { delayInMinutes: TIMESTAMP_RETRY_MINUTES });
    else await browser.alarms.clear(TIMESTAMP_RETRY_ALARM);
  } catch {
    // A timestamp that could not be had now stays pending; the alarm or the next capture tries again.
  }
}

/** Registers the retry alarm and reacts when the setting is turned on (called once from the worker's main). */
export function registerTimestampListeners(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TIMESTAMP_RETRY_ALARM) void timestampNewCaptures();
  });
  watchTimestampSettings(() => void timestampNewCaptures());
  // Whatever was still pending when the browser last closed is tried again (sends nothing while off).
  void timestampNewCaptures();
}
