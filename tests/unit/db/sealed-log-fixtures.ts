/** Shared by the tests of a sealed log: a keyring made once per file, its codecs, a one-capture log. */
import { beforeAll } from 'vitest';
import { createKeyring, publicKeyOf } from '@/utils/crypto/keyring';
import { createEvidenceCodec, type OpeningKey, type SealingKey } from '@/utils/db/evidence-codec';
import { fillLog, freshDb } from '../import/fixtures';

/** Makes the log's keys before the file's tests; `locked()` seals only, `unlocked()` also opens. */
export function sealingKeys() {
  let sealTo: SealingKey;
  let openWith: OpeningKey;
  beforeAll(async () => {
    const made = await createKeyring('a long passphrase for tests');
    sealTo = { keyId: made.keyring.keyId, publicKey: await publicKeyOf(made.keyring) };
    openWith = { keyId: made.keyring.keyId, privateKey: made.privateKey };
  }, 60_000);
  return { locked: () => createEvidenceCodec({ sealTo }), unlocked: () => createEvidenceCodec({ sealTo, openWith }) };
}

/** A fresh log holding one capture. */
export async function logWithOneCapture() {
  const db = freshDb();
  await fillLog(db, [{ url: 'https://social.example/1', title: 'One', text: 'one' }]);
  const capture = (await db.captures.toCollection().first())!;
  return { db, capture };
}

/** Rows as JSON, as they reach the disk (bytes as numbers), for marker checks. */
export function diskJson(rows: unknown[]): string {
  return JSON.stringify(rows, (_k: string, value: unknown) => (value instanceof Uint8Array ? Array.from(value) : value));
}
