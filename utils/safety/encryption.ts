/**
 * Turning encryption on, unlocking, locking and changing the secrets of the log, as the settings
 * page does them. The keyring is in IndexedDB (`keyring` table); the unlocked key only in
 * `storage.session`, with the idle limit the person chose.
 */
import {
  changePassphrase,
  createKeyring,
  replaceRecoveryKey,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type StoredKeyring,
} from '../crypto/keyring';
import { keepUnlocked, lockNow, unlockStatus, unlockedKey, type SessionStorageArea } from '../crypto/session-key';
import type { HoldfastDb } from '../db/database';
import { readKeyring, replaceKeyring, saveNewKeyring } from '../db/keyring-store';
import { recordLocked, recordSettingChanged, recordUnlocked } from '../integrity/custody-log';

/** Custody events must never stop the person's action: a failure to record is left for "Verify log" to show. */
function inCustody(record: () => Promise<unknown>): Promise<void> {
  return record().then(
    () => undefined,
    () => undefined,
  );
}

/** What the person typed to prove it is them. */
export type LogSecret = { kind: 'passphrase'; passphrase: string } | { kind: 'recovery-key'; recoveryKey: string };

/** Where the log stands. */
export type LockState =
  | { encrypted: false }
  | { encrypted: true; keyId: string; unlocked: false }
  | { encrypted: true; keyId: string; unlocked: true; autoLockAt: number | null };

export interface SessionOptions {
  now: number;
  /** Lock after this long without activity; `null`: only on lock, quick exit or browser exit. */
  idleLockMs: number | null;
  /** PBKDF2 iterations for a new passphrase (tests); the keyring's default otherwise. */
  iterations?: number;
}

/** The encryption is off. */
export class EncryptionOff extends Error {
  override readonly name = 'EncryptionOff';
  constructor() {
    super('Encryption is not turned on for this log.');
  }
}

/** Minutes from the settings as the idle limit the session key takes. */
export function idleLockMsOf(autoLockMinutes: number | null): number | null {
  return autoLockMinutes === null ? null : autoLockMinutes * 60_000;
}

async function keyringOrThrow(db: HoldfastDb): Promise<StoredKeyring> {
  const keyring = await readKeyring(db);
  if (!keyring) throw new EncryptionOff();
  return keyring;
}

function unlockWith(keyring: StoredKeyring, secret: LogSecret): Promise<CryptoKey> {
  return secret.kind === 'passphrase' ? unlockWithPassphrase(keyring, secret.passphrase) : unlockWithRecoveryKey(keyring, secret.recoveryKey);
}

/** Whether the log is encrypted, and if so whether it is unlocked and until when. */
export async function readLockState(db: HoldfastDb, session: SessionStorageArea, now: number): Promise<LockState> {
  const keyring = await readKeyring(db);
  if (!keyring) return { encrypted: false };
  const status = await unlockStatus(session, now, keyring.keyId);
  return status.unlocked
    ? { encrypted: true, keyId: keyring.keyId, unlocked: true, autoLockAt: status.autoLockAt }
    : { encrypted: true, keyId: keyring.keyId, unlocked: false };
}

/**
 * Turns encryption on: a new log key, wrapped under the passphrase and a new recovery key, stored
 * in the `keyring` table; the log is left unlocked. Returns the recovery key to show and print
 * once: it is not stored anywhere.
 */
export async function turnOnEncryption(
  db: HoldfastDb,
  session: SessionStorageArea,
  passphrase: string,
  options: SessionOptions,
): Promise<{ keyring: StoredKeyring; recoveryKey: string }> {
  const { keyring, recoveryKey, privateKey } = await createKeyring(passphrase, { now: () => options.now, ...(options.iterations ? { iterations: options.iterations } : {}) });
  await saveNewKeyring(db, keyring);
  await keepUnlocked(session, keyring, privateKey, { now: options.now, idleLockMs: options.idleLockMs });
  await inCustody(() => recordSettingChanged(db, 'encryption', 'off', 'on'));
  return { keyring, recoveryKey };
}

/** Unlocks with the passphrase or the recovery key. Throws `WrongPassphrase`, `MistypedRecoveryKey`, `WrongRecoveryKey`. */
export async function unlockLog(db: HoldfastDb, session: SessionStorageArea, secret: LogSecret, options: SessionOptions): Promise<void> {
  const keyring = await keyringOrThrow(db);
  const privateKey = await unlockWith(keyring, secret);
  await keepUnlocked(session, keyring, privateKey, { now: options.now, idleLockMs: options.idleLockMs });
  await inCustody(() => recordUnlocked(db));
}

/** Locks the log now; with `db`, records the lock in the chain of custody. */
export async function lockLog(session: SessionStorageArea, db?: HoldfastDb, how: 'manual' | 'idle' | 'quick-exit' | 'other' = 'manual'): Promise<void> {
  await lockNow(session);
  if (db && (await readKeyring(db).catch(() => undefined))) await inCustody(() => recordLocked(db, how));
}

/** Applies a new idle limit to an unlocked log (after the setting changed). Does nothing while locked. */
export async function applyIdleLimit(db: HoldfastDb, session: SessionStorageArea, options: SessionOptions): Promise<void> {
  const keyring = await readKeyring(db);
  if (!keyring) return;
  const key = await unlockedKey(session, { now: options.now, keyId: keyring.keyId, extractable: true });
  if (key) await keepUnlocked(session, keyring, key, { now: options.now, idleLockMs: options.idleLockMs });
}

/**
 * Changes the passphrase after checking the current one (or the recovery key): the private key is
 * re-wrapped, no evidence is re-encrypted, the recovery key stays the same. Leaves the log unlocked.
 */
export async function changeLogPassphrase(
  db: HoldfastDb,
  session: SessionStorageArea,
  current: LogSecret,
  newPassphrase: string,
  options: SessionOptions,
): Promise<void> {
  const keyring = await keyringOrThrow(db);
  const privateKey = await unlockWith(keyring, current);
  const next = await changePassphrase(keyring, privateKey, newPassphrase, { now: () => options.now, ...(options.iterations ? { iterations: options.iterations } : {}) });
  await replaceKeyring(db, keyring, next);
  await keepUnlocked(session, next, privateKey, { now: options.now, idleLockMs: options.idleLockMs });
  // Never the passphrase: only that it changed.
  await inCustody(() => recordSettingChanged(db, 'passphrase', null, 'changed'));
}

/** Makes a new recovery key (the old one stops working) after checking the passphrase. Returns it, to show and print once. */
export async function replaceLogRecoveryKey(db: HoldfastDb, current: LogSecret, options: Pick<SessionOptions, 'now'>): Promise<string> {
  const keyring = await keyringOrThrow(db);
  const privateKey = await unlockWith(keyring, current);
  const { keyring: next, recoveryKey } = await replaceRecoveryKey(keyring, privateKey, { now: () => options.now });
  await replaceKeyring(db, keyring, next);
  await inCustody(() => recordSettingChanged(db, 'recovery-key', null, 'replaced'));
  return recoveryKey;
}
