import Dexie from 'dexie';
import { beforeAll, describe, expect, it } from 'vitest';
import { sameBytes, utf8 } from '../../../utils/crypto/bytes';
import { SealedItemUnreadable, UnsupportedFormat } from '../../../utils/crypto/errors';
import { generateLogKeyPair, keyIdOf, publicPoint } from '../../../utils/crypto/log-key';
import {
  ENCODED_SEAL_OVERHEAD,
  SEAL_ALGORITHM,
  decodeSealedItem,
  encodeSealedItem,
  openJson,
  openSealed,
  sealForLog,
  sealJson,
  sealingContext,
  type SealedItem,
} from '../../../utils/crypto/seal';
import { indexOfBytes, sampleBytes } from './helpers';

let log: CryptoKeyPair;
let otherLog: CryptoKeyPair;

beforeAll(async () => {
  log = await generateLogKeyPair();
  otherLog = await generateLogKeyPair();
});

const MARKER = 'HOLDFAST-MARKER-7f3a9c the abuser wrote this';

async function expectUnopenable(promise: Promise<unknown>, kind: new (...args: never[]) => Error = SealedItemUnreadable) {
  await expect(promise).rejects.toBeInstanceOf(kind);
}

describe('sealing to the log key', () => {
  it('opens what it sealed, for empty, small and large evidence', async () => {
    for (const plaintext of [new Uint8Array(0), utf8(MARKER), sampleBytes(2 * 1024 * 1024)]) {
      const item = await sealForLog(log.publicKey, plaintext);
      const opened = await openSealed(log.privateKey, item);
      // Compared with sameBytes: toEqual walks a 2 MB array far too slowly.
      expect(opened).toHaveLength(plaintext.length);
      expect(sameBytes(opened, plaintext)).toBe(true);
    }
  });

  it('records the version, scheme and key id, with 113 bytes of overhead', async () => {
    const plaintext = sampleBytes(1000);
    const item = await sealForLog(log.publicKey, plaintext);
    expect(item.v).toBe(1);
    expect(item.alg).toBe(SEAL_ALGORITHM);
    expect(item.kid).toBe(await keyIdOf(log.publicKey));
    expect(item.kid).toMatch(/^[0-9a-f]{32}$/);
    expect(item.epk).toHaveLength(65);
    expect(item.epk[0]).toBe(0x04);
    expect(item.iv).toHaveLength(12);
    expect(item.ct).toHaveLength(plaintext.length + 16);
    expect(ENCODED_SEAL_OVERHEAD).toBe(113);
    expect(encodeSealedItem(item)).toHaveLength(plaintext.length + 113);
  });

  it('does not contain the plaintext, nor any 16-byte piece of it', async () => {
    const text = utf8(`${MARKER}\n`.repeat(200));
    const image = sampleBytes(64 * 1024, 7);
    for (const plaintext of [text, image]) {
      const item = await sealForLog(log.publicKey, plaintext);
      const stored = encodeSealedItem(item);
      for (let at = 0; at + 16 <= plaintext.length; at += 997) {
        expect(indexOfBytes(stored, plaintext.subarray(at, at + 16))).toBe(-1);
      }
      expect(indexOfBytes(stored, utf8('HOLDFAST-MARKER'))).toBe(-1);
      expect(new TextDecoder().decode(stored)).not.toContain('abuser');
    }
    // The search itself finds the marker when it is there.
    expect(indexOfBytes(text, utf8('HOLDFAST-MARKER'))).toBe(0);
  });

  it('never seals the same bytes the same way twice (fresh ephemeral key and IV)', async () => {
    const a = await sealForLog(log.publicKey, utf8(MARKER));
    const b = await sealForLog(log.publicKey, utf8(MARKER));
    expect(a.epk).not.toEqual(b.epk);
    expect(a.iv).not.toEqual(b.iv);
    expect(a.ct).not.toEqual(b.ct);
  });

  it('cannot be opened with another log key', async () => {
    const item = await sealForLog(log.publicKey, utf8(MARKER));
    await expectUnopenable(openSealed(otherLog.privateKey, item));
  });

  it('fails to open when any single byte of the stored item is changed', async () => {
    const item = await sealForLog(log.publicKey, utf8(MARKER), sealingContext('capture', 'c1', 'text'));
    const stored = encodeSealedItem(item);
    for (let i = 0; i < stored.length; i++) {
      for (const flip of [0x01, 0x80]) {
        const tampered = stored.slice();
        tampered[i] ^= flip;
        const attempt = (async () => openSealed(log.privateKey, decodeSealedItem(tampered), sealingContext('capture', 'c1', 'text')))();
        await expect(attempt, `byte ${i} ^ ${flip}`).rejects.toSatisfy(
          (error) => error instanceof SealedItemUnreadable || error instanceof UnsupportedFormat,
        );
      }
    }
    // Untouched, it opens.
    expect(await openSealed(log.privateKey, decodeSealedItem(stored), sealingContext('capture', 'c1', 'text'))).toEqual(utf8(MARKER));
  });

  it('fails to open when a field of the stored object is changed, cut or swapped', async () => {
    const item = await sealForLog(log.publicKey, utf8(MARKER));
    const other = await sealForLog(log.publicKey, utf8(MARKER));
    const cases: [string, unknown, new (...args: never[]) => Error][] = [
      ['another key id', { ...item, kid: await keyIdOf(otherLog.publicKey) }, SealedItemUnreadable],
      ['another ephemeral key', { ...item, epk: other.epk }, SealedItemUnreadable],
      ['another IV', { ...item, iv: other.iv }, SealedItemUnreadable],
      ['ciphertext cut short', { ...item, ct: item.ct.slice(0, -1) }, SealedItemUnreadable],
      ['tag only', { ...item, ct: item.ct.slice(-16) }, SealedItemUnreadable],
      ['no ciphertext', { ...item, ct: new Uint8Array(0) }, SealedItemUnreadable],
      ['a point that is not on the curve', { ...item, epk: new Uint8Array(65).fill(4) }, SealedItemUnreadable],
      ['IV as an array', { ...item, iv: [...item.iv] }, SealedItemUnreadable],
      ['unknown version', { ...item, v: 2 }, UnsupportedFormat],
      ['unknown scheme', { ...item, alg: 'RSA-OAEP' }, UnsupportedFormat],
      ['not an object', 'sealed', SealedItemUnreadable],
    ];
    for (const [what, tampered, kind] of cases) {
      await expect(openSealed(log.privateKey, tampered as SealedItem), what).rejects.toBeInstanceOf(kind);
    }
  });

  it('binds the associated data: an item moved to another capture or role does not open', async () => {
    const item = await sealForLog(log.publicKey, utf8(MARKER), sealingContext('capture', 'c1', 'screenshot'));
    expect(await openSealed(log.privateKey, item, sealingContext('capture', 'c1', 'screenshot'))).toEqual(utf8(MARKER));
    await expectUnopenable(openSealed(log.privateKey, item, sealingContext('capture', 'c2', 'screenshot')));
    await expectUnopenable(openSealed(log.privateKey, item, sealingContext('capture', 'c1', 'text')));
    await expectUnopenable(openSealed(log.privateKey, item));
    // Framed: ("ab","c") is not ("a","bc").
    expect(sealingContext('ab', 'c')).not.toEqual(sealingContext('a', 'bc'));
  });

  it('survives IndexedDB as a plain object with byte fields', async () => {
    const db = new Dexie('seal-test');
    db.version(1).stores({ sealed: 'id' });
    const item = await sealForLog(log.publicKey, utf8(MARKER));
    await db.table('sealed').put({ id: 'x', item });
    const back = (await db.table('sealed').get('x')) as { item: SealedItem };
    expect(back.item.ct).toBeInstanceOf(Uint8Array);
    expect(await openSealed(log.privateKey, back.item)).toEqual(utf8(MARKER));
    db.close();
    await Dexie.delete('seal-test');
  });

  it('encodes to bytes and back, and refuses bytes that are not a sealed item', async () => {
    const item = await sealForLog(log.publicKey, sampleBytes(300));
    const decoded = decodeSealedItem(encodeSealedItem(item));
    expect(decoded).toEqual(item);
    expect(await openSealed(log.privateKey, decoded)).toEqual(sampleBytes(300));
    expect(() => decodeSealedItem(new Uint8Array(50))).toThrow(SealedItemUnreadable);
    expect(() => decodeSealedItem(utf8(`HF${'x'.repeat(200)}`))).toThrow(UnsupportedFormat);
    expect(() => encodeSealedItem({ ...item, kid: 'not hex' })).toThrow(SealedItemUnreadable);
  });

  it('uses the ephemeral key it stores (the point is the one ECDH used)', async () => {
    const item = await sealForLog(log.publicKey, utf8(MARKER));
    expect(item.epk).not.toEqual(await publicPoint(log.publicKey));
  });
});

describe('sealed JSON records', () => {
  it('round-trips a record and returns it for validation', async () => {
    const record = { url: 'https://example.test/post/1', title: `<script>alert(1)</script> ${MARKER}`, n: 3, nested: { ok: true } };
    const item = await sealJson(log.publicKey, record, sealingContext('capture', 'c1', 'summary'));
    expect(indexOfBytes(item.ct, utf8('example.test'))).toBe(-1);
    expect(await openJson(log.privateKey, item, sealingContext('capture', 'c1', 'summary'))).toEqual(record);
  });

  it('refuses what cannot be JSON, and reports sealed bytes that are not JSON', async () => {
    await expect(sealJson(log.publicKey, undefined)).rejects.toThrow(TypeError);
    const notJson = await sealForLog(log.publicKey, new Uint8Array([0xff, 0xfe, 0x00]));
    await expectUnopenable(openJson(log.privateKey, notJson));
  });
});
