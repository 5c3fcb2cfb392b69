/**
 * Where the keyring of an encrypted log is kept: one row of the `keyring` table (Dexie version 4),
 * never `storage.local`. The row holds no secret in the clear (see utils/crypto/keyring.ts).
 */
import { parseKeyring, type StoredKeyring } from '../crypto/keyring';
import type { HoldfastDb } from './database';

const ROW_ID = 'log' as const;

/** Encryption is already on: a second keyring would leave captures sealed to the first unreadable. */
export class EncryptionAlreadyOn extends Error {
  override readonly name = 'EncryptionAlreadyOn';
  constructor() {
    super('Encryption is already on for this log.');
  }
}

/** The stored keyring changed since it was read (e.g. the passphrase was changed in another tab). */
export class KeyringChangedMeanwhile extends Error {
  override readonly name = 'KeyringChangedMeanwhile';
  constructor() {
    super('The log was changed in another window meanwhile. Reload this page and try again.');
  }
}

/**
 * The log's keyring, checked, or `undefined` while encryption is off. Throws `UnsupportedFormat`
 * when the stored row is damaged or of a format this code does not know.
 */
export async function readKeyring(db: HoldfastDb): Promise<StoredKeyring | undefined> {
  const row = await db.keyring.get(ROW_ID);
  return row ? parseKeyring(row.keyring) : undefined;
}

/** Stores the keyring made when encryption is turned on; refuses when one is there already. */
export async function saveNewKeyring(db: HoldfastDb, keyring: StoredKeyring): Promise<void> {
  const checked = parseKeyring(keyring);
  await db.transaction('rw', db.keyring, async () => {
    if (await db.keyring.get(ROW_ID)) throw new EncryptionAlreadyOn();
    await db.keyring.add({ id: ROW_ID, keyring: checked });
  });
}

/**
 * Replaces the keyring with a re-wrapped one (new passphrase, new recovery key). Refuses unless
 * the stored keyring is the one `previous` was read from, so two windows cannot undo each other.
 */
export async function replaceKeyring(db: HoldfastDb, previous: StoredKeyring, next: StoredKeyring): Promise<void> {
  const checked = parseKeyring(next);
  if (checked.keyId !== previous.keyId) throw new KeyringChangedMeanwhile();
  await db.transaction('rw', db.keyring, async () => {
    const stored = await db.keyring.get(ROW_ID);
    if (!stored || JSON.stringify(parseKeyring(stored.keyring)) !== JSON.stringify(parseKeyring(previous))) throw new KeyringChangedMeanwhile();
    await db.keyring.put({ id: ROW_ID, keyring: checked });
  });
}
