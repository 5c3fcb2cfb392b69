/**
 * Space for the log: ask the browser to keep it (persistent storage, so it is not evicted when the
 * disk fills), show how much is used and left, and warn before it runs out. A capture is a few
 * megabytes (screenshot, text, metadata), so the thresholds leave room for a day's captures.
 */

const MB = 1024 * 1024;
/** Below this much free space: a warning ("space is running low"). */
export const SPACE_LOW_BYTES = 500 * MB;
/** Below this: an urgent warning ("captures may fail"). */
export const SPACE_CRITICAL_BYTES = 100 * MB;
/** A typical capture of a 1280×800 screen at 1×, for the "about N more captures" estimate. */
export const TYPICAL_CAPTURE_BYTES = 2 * MB;

export type SpaceLevel = 'ok' | 'low' | 'critical';

export interface SpaceReport {
  level: SpaceLevel;
  usedBytes: number;
  /** What the browser allows this extension in all. */
  quotaBytes: number;
  availableBytes: number;
  /** About how many more captures fit. */
  capturesLeft: number;
}

/** Reads `navigator.storage.estimate()` into a report; `undefined` where the browser does not say. */
export function assessSpace(estimate: { usage?: number; quota?: number } | undefined): SpaceReport | undefined {
  const usage = estimate?.usage;
  const quota = estimate?.quota;
  if (typeof usage !== 'number' || typeof quota !== 'number' || !Number.isFinite(usage) || !Number.isFinite(quota) || quota <= 0) return undefined;
  const availableBytes = Math.max(0, quota - usage);
  const level: SpaceLevel = availableBytes < SPACE_CRITICAL_BYTES ? 'critical' : availableBytes < SPACE_LOW_BYTES ? 'low' : 'ok';
  return { level, usedBytes: usage, quotaBytes: quota, availableBytes, capturesLeft: Math.floor(availableBytes / TYPICAL_CAPTURE_BYTES) };
}

/** The part of `navigator.storage` used here. */
export interface StorageManagerLike {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

/** How much space the log has; `undefined` where the browser does not say. */
export async function readSpace(manager: StorageManagerLike | undefined = globalThis.navigator?.storage): Promise<SpaceReport | undefined> {
  try {
    return assessSpace(await manager?.estimate?.());
  } catch {
    return undefined;
  }
}

/**
 * `persistent`: the browser granted persistent storage. `unlimited`: it did not say so, but the
 * extension holds `unlimitedStorage`, which already exempts its data from eviction in Chrome
 * and Firefox. `not-persistent`: the data may be evicted when the disk fills.
 */
export type Persistence = 'persistent' | 'unlimited' | 'not-persistent' | 'unknown';

/**
 * Asks the browser to keep the log even when the disk fills (`navigator.storage.persist()`),
 * unless it already does. Extension pages only (workers have no `persist`).
 */
export async function keepLogPersistent(
  manager: StorageManagerLike | undefined = globalThis.navigator?.storage,
  hasUnlimitedStorage: boolean = hasPermission('unlimitedStorage'),
): Promise<Persistence> {
  let granted: boolean | undefined;
  try {
    if (manager?.persisted && (await manager.persisted())) granted = true;
    else if (manager?.persist) granted = await manager.persist();
  } catch {
    granted = undefined;
  }
  if (granted) return 'persistent';
  if (hasUnlimitedStorage) return 'unlimited';
  return granted === false ? 'not-persistent' : 'unknown';
}

function hasPermission(name: string): boolean {
  try {
    return browser.runtime.getManifest().permissions?.includes(name as never) ?? false;
  } catch {
    return false;
  }
}
