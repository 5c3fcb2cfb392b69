import { beforeAll, describe, expect, it } from 'vitest';
import { changePassphrase, createKeyring, type StoredKeyring } from '@/utils/crypto/keyring';
import { HoldfastDb } from '@/utils/db/database';
import { EncryptionAlreadyOn, KeyringChangedMeanwhile, readKeyring, replaceKeyring, saveNewKeyring } from '@/utils/db/keyring-store';

let keyring: StoredKeyring;
let privateKey: CryptoKey;
beforeAll(async () => {
  ({ keyring, privateKey } = await createKeyring('keyring store passphrase'));
}, 60_000);

describe('the keyring table', () => {
  it('keeps one keyring, refuses a second, and refuses a damaged row when read', async () => {
    const db = new HoldfastDb(`keyring-${crypto.randomUUID()}`);
    expect(await readKeyring(db)).toBeUndefined();
    await saveNewKeyring(db, keyring);
    expect(await readKeyring(db)).toEqual(keyring);
    await expect(saveNewKeyring(db, keyring)).rejects.toBeInstanceOf(EncryptionAlreadyOn);
    await db.keyring.put({ id: 'log', keyring: { ...keyring, passphrase: { ...keyring.passphrase, kdf: { ...keyring.passphrase.kdf, iterations: 1_000 } } } });
    await expect(readKeyring(db)).rejects.toMatchObject({ name: 'UnsupportedFormat' });
  });

  it('replaces a keyring only when it is still the one the change started from', async () => {
    const db = new HoldfastDb(`keyring-${crypto.randomUUID()}`);
    await saveNewKeyring(db, keyring);
    const first = await changePassphrase(keyring, privateKey, 'first new passphrase');
    const second = await changePassphrase(keyring, privateKey, 'second new passphrase');
    await replaceKeyring(db, keyring, first);
    await expect(replaceKeyring(db, keyring, second)).rejects.toBeInstanceOf(KeyringChangedMeanwhile);
    expect(await readKeyring(db)).toEqual(first);
  }, 30_000);
});
