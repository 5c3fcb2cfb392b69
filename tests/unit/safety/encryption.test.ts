import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { UNLOCKED_KEY_ITEM } from '@/utils/crypto/session-key';
import { HoldfastDb } from '@/utils/db/database';
import { loadEvidenceCodec } from '@/utils/db/evidence-codec';
import { EncryptionAlreadyOn, readKeyring } from '@/utils/db/keyring-store';
import {
  applyIdleLimit,
  changeLogPassphrase,
  idleLockMsOf,
  lockLog,
  readLockState,
  replaceLogRecoveryKey,
  turnOnEncryption,
  unlockLog,
} from '@/utils/safety/encryption';

const T0 = Date.UTC(2026, 10, 30, 12);
const PASSPHRASE = 'violet harbour seven kettles';
let db: HoldfastDb;

beforeEach(() => {
  fakeBrowser.reset();
  db = new HoldfastDb(`encryption-${crypto.randomUUID()}`);
});

const session = () => fakeBrowser.storage.session;
const options = { now: T0, idleLockMs: 15 * 60_000 };

describe('encryption at rest, as the settings page uses it', () => {
  it('turns on with a passphrase: keyring in IndexedDB, nothing in storage.local, log left unlocked', async () => {
    expect(await readLockState(db, session(), T0)).toEqual({ encrypted: false });
    const { keyring, recoveryKey } = await turnOnEncryption(db, session(), PASSPHRASE, options);
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(await readKeyring(db)).toEqual(keyring);
    expect(keyring.passphrase.kdf.iterations).toBeGreaterThanOrEqual(600_000);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).toBe('{}');
    expect(JSON.stringify(keyring)).not.toContain(recoveryKey.replace(/-/g, '').slice(0, 8));
    expect(await readLockState(db, session(), T0 + 1)).toEqual({ encrypted: true, keyId: keyring.keyId, unlocked: true, autoLockAt: T0 + 15 * 60_000 });
    await expect(turnOnEncryption(db, session(), 'another passphrase here', options)).rejects.toBeInstanceOf(EncryptionAlreadyOn);
  }, 30_000);

  it('locks, refuses a wrong passphrase (still locked, nothing readable), unlocks with the right one or the recovery key', async () => {
    const { recoveryKey } = await turnOnEncryption(db, session(), PASSPHRASE, options);
    await lockLog(session());
    expect((await readLockState(db, session(), T0)).encrypted && (await readLockState(db, session(), T0))).toMatchObject({ unlocked: false });
    expect((await loadEvidenceCodec(db, session(), T0)).canOpen).toBe(false);

    await expect(unlockLog(db, session(), { kind: 'passphrase', passphrase: 'violet harbour seven kettle' }, options)).rejects.toMatchObject({ name: 'WrongPassphrase' });
    expect(await session().get(UNLOCKED_KEY_ITEM)).toEqual({});
    expect((await loadEvidenceCodec(db, session(), T0)).canOpen).toBe(false);

    await unlockLog(db, session(), { kind: 'passphrase', passphrase: PASSPHRASE }, options);
    expect((await loadEvidenceCodec(db, session(), T0 + 1)).canOpen).toBe(true);
    await lockLog(session());

    const typedBadly = recoveryKey.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    await unlockLog(db, session(), { kind: 'recovery-key', recoveryKey: typedBadly }, options);
    expect((await readLockState(db, session(), T0 + 1)).encrypted).toBe(true);
    const swapped = recoveryKey.slice(1, 2) + recoveryKey.slice(0, 1) + recoveryKey.slice(2);
    if (swapped !== recoveryKey) {
      await lockLog(session());
      await expect(unlockLog(db, session(), { kind: 'recovery-key', recoveryKey: swapped }, options)).rejects.toMatchObject({ name: 'MistypedRecoveryKey' });
    }
  }, 30_000);

  it('changes the passphrase only with the current one; the recovery key keeps working', async () => {
    const { recoveryKey } = await turnOnEncryption(db, session(), PASSPHRASE, options);
    const next = 'orange tunnel quietly gardens';
    await expect(changeLogPassphrase(db, session(), { kind: 'passphrase', passphrase: 'wrong one here' }, next, options)).rejects.toMatchObject({ name: 'WrongPassphrase' });
    await changeLogPassphrase(db, session(), { kind: 'passphrase', passphrase: PASSPHRASE }, next, options);
    await lockLog(session());
    await expect(unlockLog(db, session(), { kind: 'passphrase', passphrase: PASSPHRASE }, options)).rejects.toMatchObject({ name: 'WrongPassphrase' });
    await unlockLog(db, session(), { kind: 'passphrase', passphrase: next }, options);
    await lockLog(session());
    await unlockLog(db, session(), { kind: 'recovery-key', recoveryKey }, options);
  }, 60_000);

  it('replaces the recovery key: the old one stops working, the new one works', async () => {
    const { recoveryKey: old } = await turnOnEncryption(db, session(), PASSPHRASE, options);
    const fresh = await replaceLogRecoveryKey(db, { kind: 'passphrase', passphrase: PASSPHRASE }, { now: T0 });
    expect(fresh).not.toBe(old);
    await lockLog(session());
    await expect(unlockLog(db, session(), { kind: 'recovery-key', recoveryKey: old }, options)).rejects.toMatchObject({ name: 'WrongRecoveryKey' });
    await unlockLog(db, session(), { kind: 'recovery-key', recoveryKey: fresh }, options);
  }, 60_000);

  it('applies a new idle time to an unlocked log', async () => {
    await turnOnEncryption(db, session(), PASSPHRASE, options);
    await applyIdleLimit(db, session(), { now: T0 + 1_000, idleLockMs: idleLockMsOf(5) });
    expect(await readLockState(db, session(), T0 + 2_000)).toMatchObject({ unlocked: true, autoLockAt: T0 + 1_000 + 5 * 60_000 });
    await applyIdleLimit(db, session(), { now: T0 + 2_000, idleLockMs: idleLockMsOf(null) });
    expect(await readLockState(db, session(), T0 + 100 * 60_000)).toMatchObject({ unlocked: true, autoLockAt: null });
  }, 30_000);
});
