import { beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { utf8 } from '../../../utils/crypto/bytes';
import { NotThisLogsKey } from '../../../utils/crypto/errors';
import { createKeyring, publicKeyOf, unlockWithPassphrase, type StoredKeyring } from '../../../utils/crypto/keyring';
import { generateLogKeyPair } from '../../../utils/crypto/log-key';
import { openSealed, sealForLog } from '../../../utils/crypto/seal';
import {
  LAST_ACTIVITY_ITEM,
  UNLOCKED_KEY_ITEM,
  keepUnlocked,
  lockNow,
  noteActivity,
  unlockStatus,
  unlockedKey,
  type SessionStorageArea,
} from '../../../utils/crypto/session-key';

const PASSPHRASE = 'session test passphrase';
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

let keyring: StoredKeyring;
let privateKey: CryptoKey;
let otherKeyring: StoredKeyring;

beforeAll(async () => {
  const created = await createKeyring(PASSPHRASE);
  keyring = created.keyring;
  privateKey = await unlockWithPassphrase(keyring, PASSPHRASE);
  otherKeyring = (await createKeyring('other')).keyring;
}, 60_000);

/** A session area over a Map, storing JSON as `browser.storage` does. */
function mapArea() {
  const map = new Map<string, string>();
  const list = (keys: string | string[]) => (typeof keys === 'string' ? [keys] : keys);
  const area: SessionStorageArea = {
    async get(keys) {
      return Object.fromEntries(list(keys).filter((k) => map.has(k)).map((k) => [k, JSON.parse(map.get(k)!) as unknown]));
    },
    async set(items) {
      for (const [k, value] of Object.entries(items)) map.set(k, JSON.stringify(value));
    },
    async remove(keys) {
      for (const k of list(keys)) map.delete(k);
    },
  };
  return { area, map };
}

async function opens(key: CryptoKey | undefined): Promise<boolean> {
  if (!key) return false;
  const item = await sealForLog(await publicKeyOf(keyring), utf8('marker'));
  return new TextDecoder().decode(await openSealed(key, item)) === 'marker';
}

describe('keeping the log unlocked in session storage', () => {
  it('is locked until unlocked', async () => {
    const { area } = mapArea();
    expect(await unlockedKey(area, { now: T0 })).toBeUndefined();
    expect(await unlockStatus(area, T0)).toEqual({ unlocked: false });
  });

  it('hands every page a non-extractable key that opens sealed items', async () => {
    const { area, map } = mapArea();
    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: 5 * MINUTE });
    const key = await unlockedKey(area, { now: T0 + MINUTE, keyId: keyring.keyId });
    expect(key?.extractable).toBe(false);
    expect(await opens(key)).toBe(true);
    expect([...map.keys()].sort()).toEqual([LAST_ACTIVITY_ITEM, UNLOCKED_KEY_ITEM].sort());
    expect(map.get(UNLOCKED_KEY_ITEM)).not.toContain(PASSPHRASE);
    expect(await unlockStatus(area, T0 + MINUTE)).toEqual({
      unlocked: true,
      keyId: keyring.keyId,
      unlockedAt: T0,
      lastActivityAt: T0,
      autoLockAt: T0 + 5 * MINUTE,
    });
    const exportable = await unlockedKey(area, { now: T0 + MINUTE, extractable: true });
    expect(exportable?.extractable).toBe(true);
  });

  it('locks itself once the idle time has passed, and removes the key', async () => {
    const { area, map } = mapArea();
    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: 5 * MINUTE });
    expect(await opens(await unlockedKey(area, { now: T0 + 5 * MINUTE - 1 }))).toBe(true);
    expect(await unlockedKey(area, { now: T0 + 5 * MINUTE })).toBeUndefined();
    expect(map.size).toBe(0);
    expect(await unlockedKey(area, { now: T0 })).toBeUndefined();
  });

  it('pushes the auto-lock back when the person is active', async () => {
    const { area } = mapArea();
    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: 5 * MINUTE });
    expect(await noteActivity(area, T0 + 4 * MINUTE)).toBe(true);
    expect(await unlockStatus(area, T0 + 8 * MINUTE)).toMatchObject({ unlocked: true, autoLockAt: T0 + 9 * MINUTE });
    expect(await opens(await unlockedKey(area, { now: T0 + 8 * MINUTE }))).toBe(true);
    expect(await unlockedKey(area, { now: T0 + 9 * MINUTE })).toBeUndefined();
    // A clock that went back does not lock, nor move the activity time back.
    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: 5 * MINUTE });
    expect(await noteActivity(area, T0 - MINUTE)).toBe(true);
    expect(await unlockStatus(area, T0)).toMatchObject({ lastActivityAt: T0 });
  });

  it('locks now, and activity noted after locking cannot bring the key back', async () => {
    const { area, map } = mapArea();
    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: null });
    await lockNow(area);
    expect(map.size).toBe(0);
    expect(await noteActivity(area, T0 + 1)).toBe(false);
    expect(map.size).toBe(0);
    expect(await unlockedKey(area, { now: T0 + 2 })).toBeUndefined();
  });

  it('with no idle limit, stays unlocked until locked', async () => {
    const { area } = mapArea();
    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: null });
    expect(await opens(await unlockedKey(area, { now: T0 + 365 * 24 * 60 * MINUTE }))).toBe(true);
    expect(await unlockStatus(area, T0)).toMatchObject({ autoLockAt: null });
  });

  it("treats a damaged entry, or one of another log's key, as locked and removes it", async () => {
    const { area, map } = mapArea();
    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: null });
    expect(await unlockedKey(area, { now: T0, keyId: otherKeyring.keyId })).toBeUndefined();
    expect(map.size).toBe(0);

    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: null });
    await area.set({ [UNLOCKED_KEY_ITEM]: { ...(JSON.parse(map.get(UNLOCKED_KEY_ITEM)!) as object), pkcs8: 'AAAA' } });
    expect(await unlockedKey(area, { now: T0 })).toBeUndefined();
    expect(map.size).toBe(0);

    await area.set({ [UNLOCKED_KEY_ITEM]: { v: 1, keyId: 'x' } });
    expect(await unlockStatus(area, T0)).toEqual({ unlocked: false });
    expect(map.size).toBe(0);
  });

  it("refuses to keep a key that is not this log's, or cannot be exported", async () => {
    const { area, map } = mapArea();
    const stranger = await generateLogKeyPair();
    await expect(keepUnlocked(area, keyring, stranger.privateKey, { now: T0, idleLockMs: null })).rejects.toBeInstanceOf(NotThisLogsKey);
    const sealedAway = await unlockWithPassphrase(keyring, PASSPHRASE, { extractable: false });
    await expect(keepUnlocked(area, keyring, sealedAway, { now: T0, idleLockMs: null })).rejects.toBeInstanceOf(NotThisLogsKey);
    await expect(keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: 0 })).rejects.toThrow(RangeError);
    await expect(keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: 1.5 })).rejects.toThrow(RangeError);
    expect(map.size).toBe(0);
  }, 60_000);

  it("works with the extension's own storage.session", async () => {
    const area: SessionStorageArea = fakeBrowser.storage.session;
    await keepUnlocked(area, keyring, privateKey, { now: T0, idleLockMs: MINUTE });
    expect(await opens(await unlockedKey(area, { now: T0 + 1000, keyId: keyring.keyId }))).toBe(true);
    await lockNow(area);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
