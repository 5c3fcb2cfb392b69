/**
 * Holding the unlocked log key between the extension's pages and its worker.
 *
 * Where: `browser.storage.session` (memory only: emptied when the browser closes and when the
 * extension is reloaded or updated; readable only by the extension's own pages and worker unless
 * `setAccessLevel` widens it, which Holdfast must never do). IndexedDB and `storage.local` are on
 * disk and are never used for it; module variables vanish when the worker stops.
 *
 * What: the private log key as PKCS #8 (base64) with its key id. It is not wrapped under a
 * second "session key": that key would have to sit in the same memory-only area next to it, so
 * wrapping would add code but no protection. Each page imports a non-extractable `CryptoKey`
 * from it when it needs to read, and drops it when the entry disappears (`storage.onChanged`).
 *
 * When it ends: `lockNow` removes it; every read checks the idle limit and removes an expired
 * entry, so an unlocked log never outlives its idle limit even if no alarm fired. Activity is
 * kept under a separate item that never holds key material, so a page noting activity at the
 * moment another locks cannot bring the key back.
 */
import * as v from 'valibot';
import { fromBase64, toBase64 } from './bytes';
import { NotThisLogsKey } from './errors';
import { LOG_KEY_ALGORITHM, publicJwkOfPrivate } from './log-key';
import type { StoredKeyring } from './keyring';

/** The part of a `browser.storage` area this module uses; `browser.storage.session` fits it. */
export interface SessionStorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** Storage item holding the unlocked key. */
export const UNLOCKED_KEY_ITEM = 'holdfastUnlockedLogKey';
/** Storage item holding the time of the last activity (milliseconds since 1970), nothing secret. */
export const LAST_ACTIVITY_ITEM = 'holdfastLastActivity';

/** The stored entry of an unlocked log. */
export interface UnlockedLogKeyEntry {
  v: 1;
  keyId: string;
  /** The private log key, PKCS #8, base64. */
  pkcs8: string;
  /** When it was unlocked, milliseconds since 1970. */
  unlockedAt: number;
  /** Lock after this many milliseconds without activity; `null`: only on "Lock now" or browser exit. */
  idleLockMs: number | null;
}

const time = v.pipe(v.number(), v.finite(), v.minValue(0));

const UnlockedLogKeyEntrySchema = v.object({
  v: v.literal(1),
  keyId: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)),
  pkcs8: v.pipe(v.string(), v.base64(), v.maxLength(4096)),
  unlockedAt: time,
  idleLockMs: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/** How things stand, for the popup, dashboard and the worker's auto-lock alarm. */
export type UnlockStatus =
  | { unlocked: false }
  | {
      unlocked: true;
      keyId: string;
      unlockedAt: number;
      lastActivityAt: number;
      /** When it will lock unless there is activity first; `null` when it does not lock on idle. */
      autoLockAt: number | null;
    };

/** Options for `keepUnlocked`. */
export interface KeepUnlockedOptions {
  now: number;
  /** Lock after this many milliseconds without activity; `null` for never (until the browser closes). */
  idleLockMs: number | null;
}

/**
 * Keeps the log unlocked for the extension's pages and worker: stores `privateKey` (the
 * extractable key returned by unlocking) in the session area. Throws `NotThisLogsKey` when the
 * key does not belong to `keyring`.
 */
export async function keepUnlocked(
  area: SessionStorageArea,
  keyring: Pick<StoredKeyring, 'keyId' | 'publicKey'>,
  privateKey: CryptoKey,
  options: KeepUnlockedOptions,
): Promise<void> {
  if (options.idleLockMs !== null && !(Number.isInteger(options.idleLockMs) && options.idleLockMs > 0)) {
    throw new RangeError('The idle time before locking must be a positive whole number of milliseconds, or null');
  }
  let pkcs8: ArrayBuffer;
  try {
    const jwk = await publicJwkOfPrivate(privateKey);
    if (jwk.x !== keyring.publicKey.jwk.x || jwk.y !== keyring.publicKey.jwk.y) throw new NotThisLogsKey();
    pkcs8 = await crypto.subtle.exportKey('pkcs8', privateKey);
  } catch (error) {
    if (error instanceof NotThisLogsKey) throw error;
    throw new NotThisLogsKey('it is not an extractable P-256 private key (use the key returned by unlocking)');
  }
  const entry: UnlockedLogKeyEntry = {
    v: 1,
    keyId: keyring.keyId,
    pkcs8: toBase64(new Uint8Array(pkcs8)),
    unlockedAt: options.now,
    idleLockMs: options.idleLockMs,
  };
  await area.set({ [UNLOCKED_KEY_ITEM]: entry, [LAST_ACTIVITY_ITEM]: options.now });
}

/** Locks: removes the unlocked key (and the activity time). Pages holding a copy must drop it. */
export async function lockNow(area: SessionStorageArea): Promise<void> {
  await area.remove([UNLOCKED_KEY_ITEM, LAST_ACTIVITY_ITEM]);
}

/** Reads the entry; removes it (locks) when it is malformed, of another key, or idle too long. */
async function currentEntry(
  area: SessionStorageArea,
  now: number,
  keyId?: string,
): Promise<{ entry: UnlockedLogKeyEntry; lastActivityAt: number } | undefined> {
  const stored = await area.get([UNLOCKED_KEY_ITEM, LAST_ACTIVITY_ITEM]);
  if (stored[UNLOCKED_KEY_ITEM] === undefined) return undefined;
  const parsed = v.safeParse(UnlockedLogKeyEntrySchema, stored[UNLOCKED_KEY_ITEM]);
  if (!parsed.success || (keyId !== undefined && parsed.output.keyId !== keyId)) {
    await lockNow(area);
    return undefined;
  }
  const entry = parsed.output as UnlockedLogKeyEntry;
  const activity = stored[LAST_ACTIVITY_ITEM];
  const lastActivityAt = typeof activity === 'number' && Number.isFinite(activity) ? Math.max(activity, entry.unlockedAt) : entry.unlockedAt;
  if (entry.idleLockMs !== null && now - lastActivityAt >= entry.idleLockMs) {
    await lockNow(area);
    return undefined;
  }
  return { entry, lastActivityAt };
}

/**
 * Whether the log is unlocked at `now`, and until when. An entry past its idle limit is removed
 * here, so calling this from the worker's auto-lock alarm is enough to lock on time.
 */
export async function unlockStatus(area: SessionStorageArea, now: number, keyId?: string): Promise<UnlockStatus> {
  const current = await currentEntry(area, now, keyId);
  if (!current) return { unlocked: false };
  const { entry, lastActivityAt } = current;
  return {
    unlocked: true,
    keyId: entry.keyId,
    unlockedAt: entry.unlockedAt,
    lastActivityAt,
    autoLockAt: entry.idleLockMs === null ? null : lastActivityAt + entry.idleLockMs,
  };
}

/** Options for `unlockedKey`. */
export interface UnlockedKeyOptions {
  now: number;
  /** Only a key with this id is returned (pass the current keyring's `keyId`). */
  keyId?: string;
  /** Default `false`: a key that can open sealed items but never be exported again. */
  extractable?: boolean;
}

/**
 * The unlocked private log key, imported for use in this page or worker, or `undefined` when the
 * log is locked (or the idle limit has passed, in which case it is locked now). Reading the key
 * is not activity: call `noteActivity` for what the person does.
 */
export async function unlockedKey(area: SessionStorageArea, options: UnlockedKeyOptions): Promise<CryptoKey | undefined> {
  const current = await currentEntry(area, options.now, options.keyId);
  if (!current) return undefined;
  try {
    return await crypto.subtle.importKey(
      'pkcs8',
      fromBase64(current.entry.pkcs8),
      LOG_KEY_ALGORITHM,
      options.extractable ?? false,
      ['deriveBits'],
    );
  } catch {
    await lockNow(area);
    return undefined;
  }
}

/**
 * Records that the person did something in an unlocked page, pushing the auto-lock back.
 * Returns `false` (and writes nothing) when the log is already locked. Call it at most every few
 * seconds (e.g. on input events, throttled).
 */
export async function noteActivity(area: SessionStorageArea, now: number): Promise<boolean> {
  const current = await currentEntry(area, now);
  if (!current) return false;
  if (now > current.lastActivityAt) await area.set({ [LAST_ACTIVITY_ITEM]: now });
  return true;
}
