import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fingerprint,
  fromBase64,
  generateSigningKey,
  getOrCreateSigningKey,
  groupFingerprint,
  keyThumbprintHex,
  publicKeyJwk,
  signBytes,
  signCanonical,
  toBase64,
  toPublicKeyJwk,
  verifyBytesSignature,
  verifySignature,
  type SigningKeyStore,
} from '../../../utils/integrity/signing';

const record = { id: 'cap-1', summary: { url: 'https://example.social/p/1', title: 'A post' }, artifacts: [{ name: 'screenshot.png', sha256: 'a'.repeat(64) }] };

describe('the signing key', () => {
  it('is ECDSA P-256 with a private key that cannot be exported', async () => {
    const pair = await generateSigningKey();
    expect(pair.privateKey.extractable).toBe(false);
    expect(pair.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('jwk', pair.privateKey)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow();
  });

  it('exports only the defining members of the public key', async () => {
    const jwk = await publicKeyJwk((await generateSigningKey()).publicKey);
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });

  it('refuses a private JWK or another kind of key as a public key', () => {
    const base = { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) };
    expect(() => toPublicKeyJwk({ ...base, d: 'C'.repeat(43) })).toThrow(/private key/);
    expect(() => toPublicKeyJwk({ ...base, crv: 'P-384' })).toThrow(TypeError);
    expect(() => toPublicKeyJwk({ kty: 'RSA', n: 'x', e: 'AQAB' })).toThrow(TypeError);
    expect(toPublicKeyJwk({ ...base, key_ops: ['verify'], ext: true })).toEqual(base);
  });

  describe('kept in IndexedDB', () => {
    let db: Dexie | undefined;
    afterEach(async () => {
      await db?.delete();
    });

    function keyStore(): SigningKeyStore {
      db = new Dexie(`keys-${crypto.randomUUID()}`);
      db.version(1).stores({ signingKeys: '&name' });
      const table = db.table<{ name: string; pair: CryptoKeyPair }, string>('signingKeys');
      return {
        get: async () => (await table.get('profile'))?.pair,
        add: async (pair) => {
          await table.add({ name: 'profile', pair });
        },
      };
    }

    it('survives the round trip as a CryptoKey that still signs and still cannot be exported', async () => {
      const store = keyStore();
      const created = await getOrCreateSigningKey(store);
      const again = await getOrCreateSigningKey(store);
      expect(again.privateKey).toBeInstanceOf(CryptoKey);
      expect(again.privateKey.extractable).toBe(false);
      const jwk = await publicKeyJwk(again.publicKey);
      expect(jwk).toEqual(await publicKeyJwk(created.publicKey));
      expect(await verifySignature(jwk, record, await signCanonical(again.privateKey, record))).toBe(true);
    });

    it('keeps one key when two contexts create it at once', async () => {
      const store = keyStore();
      const [a, b] = await Promise.all([getOrCreateSigningKey(store), getOrCreateSigningKey(store)]);
      expect(await publicKeyJwk(a.publicKey)).toEqual(await publicKeyJwk(b.publicKey));
      expect(await publicKeyJwk((await store.get())!.publicKey)).toEqual(await publicKeyJwk(a.publicKey));
    });
  });
});

describe('signatures', () => {
  it('signs canonical JSON, so key order does not matter, and verifies with the public JWK', async () => {
    const pair = await generateSigningKey();
    const jwk = await publicKeyJwk(pair.publicKey);
    const signature = await signCanonical(pair.privateKey, record);
    expect(fromBase64(signature)).toHaveLength(64);
    const reordered = { artifacts: record.artifacts, summary: { title: 'A post', url: 'https://example.social/p/1' }, id: 'cap-1' };
    expect(await verifySignature(jwk, reordered, signature)).toBe(true);
  });

  it('are P1363 r||s that any ECDSA tool can check (Node crypto here)', async () => {
    const pair = await generateSigningKey();
    const jwk = await publicKeyJwk(pair.publicKey);
    const bytes = new TextEncoder().encode('manifest bytes\n');
    const signature = fromBase64(await signBytes(pair.privateKey, bytes));
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(nodeVerify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
    expect(await verifyBytesSignature(jwk, bytes, toBase64(signature))).toBe(true);
  });

  it('reject a changed record field', async () => {
    const pair = await generateSigningKey();
    const jwk = await publicKeyJwk(pair.publicKey);
    const signature = await signCanonical(pair.privateKey, record);
    const changed = { ...record, summary: { ...record.summary, url: 'https://example.social/p/2' } };
    expect(await verifySignature(jwk, changed, signature)).toBe(false);
  });

  it('reject a forged signature: another key, altered bytes, or garbage', async () => {
    const pair = await generateSigningKey();
    const forger = await generateSigningKey();
    const jwk = await publicKeyJwk(pair.publicKey);
    expect(await verifySignature(jwk, record, await signCanonical(forger.privateKey, record))).toBe(false);
    const genuine = fromBase64(await signCanonical(pair.privateKey, record));
    genuine[10] ^= 0x01;
    expect(await verifySignature(jwk, record, toBase64(genuine))).toBe(false);
    expect(await verifySignature(jwk, record, 'not base64!')).toBe(false);
    expect(await verifySignature(jwk, record, toBase64(new Uint8Array(70)))).toBe(false);
    expect(await verifySignature({ ...jwk, x: jwk.y }, record, await signCanonical(pair.privateKey, record))).toBe(false);
  });

  it('reject a value that has no canonical form instead of throwing', async () => {
    const pair = await generateSigningKey();
    const jwk = await publicKeyJwk(pair.publicKey);
    expect(await verifySignature(jwk, { n: Number.NaN }, 'AAAA')).toBe(false);
  });
});

describe('the key fingerprint', () => {
  it('is the RFC 7638 thumbprint: SHA-256 of the canonical {crv,kty,x,y}', async () => {
    const jwk = await publicKeyJwk((await generateSigningKey()).publicKey);
    const text = `{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`;
    const expected = createHash('sha256').update(text).digest('hex');
    expect(await keyThumbprintHex(jwk)).toBe(expected);
    expect(await fingerprint(jwk)).toBe(groupFingerprint(expected));
  });

  it('is shown in 16 groups of 4 upper-case hex digits', async () => {
    expect(groupFingerprint('3f2a9c1b' + '0'.repeat(56))).toBe('3F2A 9C1B 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000 0000');
    const shown = await fingerprint(await publicKeyJwk((await generateSigningKey()).publicKey));
    expect(shown).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  });
});
