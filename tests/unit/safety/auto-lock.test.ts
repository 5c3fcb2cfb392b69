import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeyring, type StoredKeyring } from '@/utils/crypto/keyring';
import { LAST_ACTIVITY_ITEM, keepUnlocked, unlockStatus } from '@/utils/crypto/session-key';
import { AUTO_LOCK_ALARM, activityNoter, scheduleAutoLock } from '@/utils/safety/auto-lock';

const T0 = Date.UTC(2026, 10, 30, 12);
const MINUTE = 60_000;
let keyring: StoredKeyring;
let privateKey: CryptoKey;

beforeAll(async () => {
  ({ keyring, privateKey } = await createKeyring('auto lock passphrase'));
}, 60_000);
beforeEach(() => fakeBrowser.reset());

describe('auto-lock', () => {
  it('sets the alarm for when the idle time runs out, and clears it once locked', async () => {
    const session = fakeBrowser.storage.session;
    const alarms = { create: vi.fn(), clear: vi.fn(async () => true) };
    await keepUnlocked(session, keyring, privateKey, { now: T0, idleLockMs: 15 * MINUTE });
    await scheduleAutoLock(session, alarms, T0 + MINUTE);
    expect(alarms.create).toHaveBeenLastCalledWith(AUTO_LOCK_ALARM, { when: T0 + 15 * MINUTE + 250 });

    // The alarm fires after the idle time: the log locks.
    const status = await scheduleAutoLock(session, alarms, T0 + 15 * MINUTE + 250);
    expect(status.unlocked).toBe(false);
    expect(await session.get(null)).toEqual({});
    expect(alarms.clear).toHaveBeenLastCalledWith(AUTO_LOCK_ALARM);
  });

  it('moves the lock back when the person is active, and never locks on idle when asked not to', async () => {
    const session = fakeBrowser.storage.session;
    const alarms = { create: vi.fn(), clear: vi.fn(async () => true) };
    await keepUnlocked(session, keyring, privateKey, { now: T0, idleLockMs: 5 * MINUTE });
    let clock = T0 + 4 * MINUTE;
    const note = activityNoter(session, () => clock, 10_000);
    note();
    await new Promise((r) => setTimeout(r, 0));
    expect((await session.get(LAST_ACTIVITY_ITEM))[LAST_ACTIVITY_ITEM]).toBe(T0 + 4 * MINUTE);
    clock += 5_000;
    note(); // throttled: nothing written
    await new Promise((r) => setTimeout(r, 0));
    expect((await session.get(LAST_ACTIVITY_ITEM))[LAST_ACTIVITY_ITEM]).toBe(T0 + 4 * MINUTE);
    expect((await scheduleAutoLock(session, alarms, T0 + 6 * MINUTE)).unlocked).toBe(true);
    expect(alarms.create).toHaveBeenLastCalledWith(AUTO_LOCK_ALARM, { when: T0 + 9 * MINUTE + 250 });

    await keepUnlocked(session, keyring, privateKey, { now: T0, idleLockMs: null });
    expect((await scheduleAutoLock(session, alarms, T0 + 600 * MINUTE)).unlocked).toBe(true);
    expect(alarms.clear).toHaveBeenCalled();
    expect((await unlockStatus(session, T0 + 600 * MINUTE)).unlocked).toBe(true);
  });
});
