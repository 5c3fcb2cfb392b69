import { pbkdf2Sync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, joinParts, utf8 } from '../../../utils/crypto/bytes';
import {
  KeyringDamaged,
  MistypedRecoveryKey,
  NotThisLogsKey,
  SealedItemUnreadable,
  UnsupportedFormat,
  WrongPassphrase,
  WrongRecoveryKey,
} from '../../../utils/crypto/errors';
import {
  MIN_PBKDF2_ITERATIONS,
  changePassphrase,
  createKeyring,
  parseKeyring,
  publicKeyOf,
  replaceRecoveryKey,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type StoredKeyring,
} from '../../../utils/crypto/keyring';
import { keyIdOf, publicJwkOfPrivate } from '../../../utils/crypto/log-key';
import { openJson, openSealed, sealForLog, sealJson, sealingContext } from '../../../utils/crypto/seal';
import { indexOfBytes } from './helpers';

const PASSPHRASE = 'correct horse battery staple';
const MARKER = 'HOLDFAST-MARKER-keyring-41c2';
const SLOW = 60_000;

let created: Awaited<ReturnType<typeof createKeyring>>;
let other: Awaited<ReturnType<typeof createKeyring>>;

beforeAll(async () => {
  created = await createKeyring(PASSPHRASE, { now: () => Date.UTC(2026, 10, 30, 5, 51, 39, 123) });
  other = await createKeyring('another log entirely');
}, SLOW);

/** A copy as it comes back from storage: JSON only. */
const stored = (keyring: StoredKeyring): StoredKeyring => JSON.parse(JSON.stringify(keyring)) as StoredKeyring;

async function canOpen(privateKey: CryptoKey, keyring: StoredKeyring): Promise<boolean> {
  const item = await sealForLog(await publicKeyOf(keyring), utf8(MARKER));
  try {
    return new TextDecoder().decode(await openSealed(privateKey, item)) === MARKER;
  } catch (error) {
    if (error instanceof SealedItemUnreadable) return false;
    throw error;
  }
}

describe('creating a keyring', () => {
  it('derives the passphrase key with PBKDF2-SHA-256, at least 600,000 iterations and a 16-byte salt', () => {
    const { kdf } = created.keyring.passphrase;
    expect(MIN_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(kdf.name).toBe('PBKDF2');
    expect(kdf.hash).toBe('SHA-256');
    expect(kdf.iterations).toBeGreaterThanOrEqual(600_000);
    expect(fromBase64(kdf.salt)).toHaveLength(16);
    expect(kdf.salt).not.toBe(other.keyring.passphrase.kdf.salt);
    expect(created.keyring.recoveryKey.kdf).toMatchObject({ name: 'HKDF', hash: 'SHA-256' });
  });

  it('really uses the stored iterations: an independent PBKDF2 (node:crypto) unwraps the private key', async () => {
    const { kdf, wrappedPrivateKey } = created.keyring.passphrase;
    const unwrapWith = async (iterations: number) => {
      const raw = pbkdf2Sync(PASSPHRASE, Buffer.from(fromBase64(kdf.salt)), iterations, 32, 'sha256');
      const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
      const additionalData = joinParts(utf8('holdfast-keyring'), utf8('1'), utf8(created.keyring.keyId), utf8('passphrase'));
      return crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(wrappedPrivateKey.iv), additionalData }, key, fromBase64(wrappedPrivateKey.data));
    };
    const pkcs8 = await unwrapWith(kdf.iterations);
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
    const jwk = await publicJwkOfPrivate(privateKey);
    expect(jwk).toEqual(created.keyring.publicKey.jwk);
    await expect(unwrapWith(kdf.iterations - 1)).rejects.toThrow();
  }, SLOW);

  it('refuses fewer than 600,000 iterations, an absurd number, and an empty passphrase', async () => {
    await expect(createKeyring(PASSPHRASE, { iterations: 599_999 })).rejects.toThrow(RangeError);
    await expect(createKeyring(PASSPHRASE, { iterations: 1e12 })).rejects.toThrow(RangeError);
    await expect(createKeyring('')).rejects.toThrow(/cannot be empty/);
  });

  it('is plain JSON with the public key and a key id, and holds no secret in the clear', async () => {
    const { keyring, recoveryKey, privateKey } = created;
    expect(stored(keyring)).toEqual(keyring);
    expect(keyring.format).toBe('holdfast-keyring');
    expect(keyring.version).toBe(1);
    expect(keyring.createdAt).toBe('2026-11-30T05:51:39.123Z');
    expect(keyring.keyId).toBe(await keyIdOf(await publicKeyOf(keyring)));
    expect(Object.keys(keyring.publicKey.jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    const json = JSON.stringify(keyring);
    const { d } = await crypto.subtle.exportKey('jwk', privateKey);
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey));
    expect(d && json.includes(d)).toBe(false);
    expect(json).not.toContain(PASSPHRASE);
    expect(json).not.toContain(recoveryKey.replace(/-/g, '').slice(0, 8));
    for (const field of [keyring.passphrase.wrappedPrivateKey.data, keyring.recoveryKey.wrappedPrivateKey.data]) {
      expect(indexOfBytes(fromBase64(field), pkcs8.subarray(-32))).toBe(-1);
    }
  });

  it('returns an unlocked private key that matches the public key', async () => {
    expect(await canOpen(created.privateKey, created.keyring)).toBe(true);
    expect(await canOpen(other.privateKey, created.keyring)).toBe(false);
  });
});

describe('unlocking', () => {
  it('opens with the passphrase, also after a round trip through storage', async () => {
    const privateKey = await unlockWithPassphrase(stored(created.keyring), PASSPHRASE);
    expect(await canOpen(privateKey, created.keyring)).toBe(true);
  }, SLOW);

  it('rejects a wrong passphrase with WrongPassphrase, and nothing is read', async () => {
    for (const wrong of ['correct horse battery stapl', 'Correct horse battery staple', `${PASSPHRASE} `, '']) {
      await expect(unlockWithPassphrase(created.keyring, wrong), JSON.stringify(wrong)).rejects.toBeInstanceOf(WrongPassphrase);
    }
  }, SLOW);

  it('gives a non-extractable key when asked', async () => {
    const privateKey = await unlockWithPassphrase(created.keyring, PASSPHRASE, { extractable: false });
    expect(privateKey.extractable).toBe(false);
    expect(await canOpen(privateKey, created.keyring)).toBe(true);
    await expect(crypto.subtle.exportKey('pkcs8', privateKey)).rejects.toThrow();
  }, SLOW);

  it('treats a passphrase typed in another Unicode form as the same passphrase', async () => {
    const { keyring } = await createKeyring('caf\u00e9 \u00fcber');
    const privateKey = await unlockWithPassphrase(keyring, 'cafe\u0301 u\u0308ber');
    expect(await canOpen(privateKey, keyring)).toBe(true);
  }, SLOW);

  it('opens with the recovery key, however it is typed', async () => {
    const typed = created.recoveryKey.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    const privateKey = await unlockWithRecoveryKey(stored(created.keyring), typed);
    expect(await canOpen(privateKey, created.keyring)).toBe(true);
  });

  it('catches a mistyped recovery key by its check character, before trying it', async () => {
    const key = created.recoveryKey;
    const last = key.at(-1) === '7' ? '8' : '7';
    await expect(unlockWithRecoveryKey(created.keyring, key.slice(0, -1) + last)).rejects.toBeInstanceOf(MistypedRecoveryKey);
    const swapped = key.slice(1, 2) + key.slice(0, 1) + key.slice(2);
    if (swapped !== key) await expect(unlockWithRecoveryKey(created.keyring, swapped)).rejects.toBeInstanceOf(MistypedRecoveryKey);
  });

  it("rejects a well-formed recovery key of another log with WrongRecoveryKey", async () => {
    await expect(unlockWithRecoveryKey(created.keyring, other.recoveryKey)).rejects.toBeInstanceOf(WrongRecoveryKey);
  });

  it('refuses a keyring whose parameters were lowered or whose parts do not agree', async () => {
    const weakened = stored(created.keyring);
    weakened.passphrase.kdf.iterations = 100_000;
    await expect(unlockWithPassphrase(weakened, PASSPHRASE)).rejects.toBeInstanceOf(UnsupportedFormat);
    expect(() => parseKeyring({ ...created.keyring, version: 2 })).toThrow(UnsupportedFormat);
    expect(() => parseKeyring({ ...created.keyring, passphrase: { ...created.keyring.passphrase, kdf: { ...created.keyring.passphrase.kdf, iterations: 1e9 } } })).toThrow(/iterations/);

    const swappedKey = { ...stored(created.keyring), publicKey: other.keyring.publicKey };
    await expect(publicKeyOf(swappedKey)).rejects.toBeInstanceOf(KeyringDamaged);
    const offCurve = stored(created.keyring);
    offCurve.publicKey.jwk.y = offCurve.publicKey.jwk.x;
    await expect(publicKeyOf(offCurve)).rejects.toBeInstanceOf(KeyringDamaged);
  });

  it('rejects a keyring whose wrapped key was altered, as a wrong passphrase', async () => {
    const altered = stored(created.keyring);
    const data = fromBase64(altered.passphrase.wrappedPrivateKey.data);
    data[10] ^= 1;
    altered.passphrase.wrappedPrivateKey.data = Buffer.from(data).toString('base64');
    await expect(unlockWithPassphrase(altered, PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphrase);
    const otherKeyId = { ...stored(created.keyring), keyId: other.keyring.keyId, publicKey: other.keyring.publicKey };
    await expect(unlockWithPassphrase(otherKeyId, PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphrase);
  }, SLOW);
});

describe('capturing while locked', () => {
  it('seals with the public key alone; only unlocking reads it', async () => {
    // The background worker: it has the stored keyring (JSON) and nothing else.
    const workerView = stored(created.keyring);
    const publicKey = await publicKeyOf(workerView);
    const context = sealingContext('capture', 'c-locked', 'summary');
    const summary = { url: 'https://example.test/abuse', title: MARKER };
    const sealedSummary = await sealJson(publicKey, summary, context);
    const sealedScreenshot = await sealForLog(publicKey, utf8(`PNG ${MARKER}`), sealingContext('capture', 'c-locked', 'screenshot'));
    expect(indexOfBytes(sealedSummary.ct, utf8(MARKER))).toBe(-1);
    expect(sealedSummary.kid).toBe(workerView.keyId);

    // Someone with a wrong passphrase reads nothing.
    await expect(unlockWithPassphrase(workerView, 'guess')).rejects.toBeInstanceOf(WrongPassphrase);

    // The dashboard, after the person unlocks.
    const privateKey = await unlockWithPassphrase(workerView, PASSPHRASE, { extractable: false });
    expect(await openJson(privateKey, sealedSummary, context)).toEqual(summary);
    expect(new TextDecoder().decode(await openSealed(privateKey, sealedScreenshot, sealingContext('capture', 'c-locked', 'screenshot')))).toBe(`PNG ${MARKER}`);
  }, SLOW);
});

describe('changing the passphrase', () => {
  it('re-wraps only: old sealed items stay readable, the old passphrase stops working', async () => {
    const before = await sealForLog(await publicKeyOf(created.keyring), utf8(MARKER));
    const changed = await changePassphrase(stored(created.keyring), created.privateKey, 'a new passphrase, longer', {
      now: () => Date.UTC(2027, 0, 2),
    });
    expect(changed.keyId).toBe(created.keyring.keyId);
    expect(changed.publicKey).toEqual(created.keyring.publicKey);
    expect(changed.recoveryKey).toEqual(created.keyring.recoveryKey);
    expect(changed.createdAt).toBe(created.keyring.createdAt);
    expect(changed.passphrase.setAt).toBe('2027-01-02T00:00:00.000Z');
    expect(changed.passphrase.kdf.salt).not.toBe(created.keyring.passphrase.kdf.salt);
    expect(changed.passphrase.kdf.iterations).toBeGreaterThanOrEqual(600_000);

    await expect(unlockWithPassphrase(changed, PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphrase);
    const privateKey = await unlockWithPassphrase(stored(changed), 'a new passphrase, longer');
    expect(new TextDecoder().decode(await openSealed(privateKey, before))).toBe(MARKER);
    // The recovery key still opens the changed keyring.
    expect(await canOpen(await unlockWithRecoveryKey(changed, created.recoveryKey), changed)).toBe(true);
  }, SLOW);

  it('never lowers the iteration count it finds', async () => {
    const strong = await createKeyring(PASSPHRASE, { iterations: 700_000 });
    const changed = await changePassphrase(strong.keyring, strong.privateKey, 'next');
    expect(changed.passphrase.kdf.iterations).toBe(700_000);
  }, SLOW);

  it("refuses another log's key, a non-extractable key and an empty passphrase", async () => {
    await expect(changePassphrase(created.keyring, other.privateKey, 'x')).rejects.toBeInstanceOf(NotThisLogsKey);
    const locked = await unlockWithPassphrase(created.keyring, PASSPHRASE, { extractable: false });
    await expect(changePassphrase(created.keyring, locked, 'x')).rejects.toBeInstanceOf(NotThisLogsKey);
    await expect(changePassphrase(created.keyring, created.privateKey, '')).rejects.toThrow(/cannot be empty/);
  }, SLOW);
});

describe('replacing the recovery key', () => {
  it('makes the old recovery key useless and keeps the passphrase and sealed items', async () => {
    const before = await sealForLog(await publicKeyOf(created.keyring), utf8(MARKER));
    const { keyring, recoveryKey } = await replaceRecoveryKey(created.keyring, created.privateKey);
    expect(recoveryKey).not.toBe(created.recoveryKey);
    expect(keyring.keyId).toBe(created.keyring.keyId);
    await expect(unlockWithRecoveryKey(keyring, created.recoveryKey)).rejects.toBeInstanceOf(WrongRecoveryKey);
    const viaRecovery = await unlockWithRecoveryKey(keyring, recoveryKey);
    expect(new TextDecoder().decode(await openSealed(viaRecovery, before))).toBe(MARKER);
    expect(await canOpen(await unlockWithPassphrase(keyring, PASSPHRASE), keyring)).toBe(true);
    await expect(replaceRecoveryKey(created.keyring, other.privateKey)).rejects.toBeInstanceOf(NotThisLogsKey);
  }, SLOW);
});
