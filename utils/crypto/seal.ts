/**
 * Sealing evidence to the log's public key, so that a capture can be stored encrypted while the
 * log is locked, and opened only with the unlocked private key.
 *
 * Scheme (`ECDH-P256+HKDF-SHA256+A256GCM`, version 1), one self-contained item per sealed byte
 * string:
 *   1. a fresh ephemeral P-256 key pair; ECDH with the log's public key gives a 32-byte secret;
 *   2. HKDF-SHA-256 (empty salt; info = the scheme name, version, key id and ephemeral public
 *      point, length-framed) turns it into a one-time AES-256-GCM key, so that changing any
 *      header field gives a different key;
 *   3. AES-256-GCM with a random 12-byte IV; the caller's associated data (e.g. capture id and
 *      artifact role) is authenticated but not stored, so an item cannot be moved to another
 *      capture unnoticed.
 *
 * `SealedItem` is a plain object with `Uint8Array` fields: IndexedDB stores it as is (structured
 * clone), with 113 bytes of overhead over the plaintext plus two short strings. It is not JSON:
 * `encodeSealedItem` turns it into one byte string (for a Blob, a file, or a message that must be
 * bytes) and `decodeSealedItem` back.
 *
 * One ECDH per item costs about 1.5–5 ms to seal and 0.5–6 ms to open on the development
 * machine (2 cores, idle to heavily loaded), against 70–140 ms for a screenshot, so every
 * artifact is sealed on its own: no per-capture content key has to survive a worker restart.
 */
import * as v from 'valibot';
import { bytes, concatBytes, joinParts, randomBytes, utf8, type Bytes } from './bytes';
import { SealedItemUnreadable, UnsupportedFormat } from './errors';
import { toHex } from '../integrity/sha256';
import { KEY_ID_LENGTH, LOG_KEY_ALGORITHM, P256_POINT_LENGTH, importPublicPoint, keyIdOf, publicPoint } from './log-key';

/** Version of the `SealedItem` shape. */
export const SEALED_ITEM_VERSION = 1;
/** The one sealing scheme of version 1. */
export const SEAL_ALGORITHM = 'ECDH-P256+HKDF-SHA256+A256GCM';
/** AES-GCM IV length in bytes. */
export const SEAL_IV_LENGTH = 12;
/** AES-GCM tag length in bytes (appended to the ciphertext). */
export const SEAL_TAG_LENGTH = 16;

/** Evidence bytes sealed to the log's public key. Plain data; store it as is in IndexedDB. */
export interface SealedItem {
  /** Version of this shape (`SEALED_ITEM_VERSION`). */
  v: typeof SEALED_ITEM_VERSION;
  /** Sealing scheme (`SEAL_ALGORITHM`). */
  alg: typeof SEAL_ALGORITHM;
  /** Key id of the log key it is sealed to (32 lowercase hex characters, see `keyIdOf`). */
  kid: string;
  /** The ephemeral public key, an uncompressed P-256 point (65 bytes). */
  epk: Uint8Array;
  /** AES-GCM IV (12 bytes). */
  iv: Uint8Array;
  /** AES-GCM ciphertext followed by its 16-byte tag. */
  ct: Uint8Array;
}

const bytesOfLength = (length: number) =>
  v.pipe(
    v.instance(Uint8Array),
    v.check((value) => value.length === length, `must be ${length} bytes`),
  );

/** Schema of a `SealedItem` read back from storage (shape only; authenticity is checked on opening). */
export const SealedItemSchema = v.object({
  v: v.literal(SEALED_ITEM_VERSION),
  alg: v.literal(SEAL_ALGORITHM),
  kid: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)),
  epk: bytesOfLength(P256_POINT_LENGTH),
  iv: bytesOfLength(SEAL_IV_LENGTH),
  ct: v.pipe(
    v.instance(Uint8Array),
    v.check((value) => value.length >= SEAL_TAG_LENGTH, 'shorter than the authentication tag'),
  ),
});

/** Checks that `value` has the shape of a sealed item this code can open; throws otherwise. */
export function parseSealedItem(value: unknown): SealedItem {
  if (typeof value === 'object' && value !== null) {
    const { v: version, alg } = value as { v?: unknown; alg?: unknown };
    if (version !== SEALED_ITEM_VERSION) throw new UnsupportedFormat('sealed item', `version ${String(version)}`);
    if (alg !== SEAL_ALGORITHM) throw new UnsupportedFormat('sealed item', `algorithm ${String(alg)}`);
  }
  const result = v.safeParse(SealedItemSchema, value);
  if (!result.success) {
    const first = result.issues[0];
    const where = first?.path?.map((p) => String(p.key)).join('.') || 'item';
    throw new SealedItemUnreadable(`it is damaged (${where}: ${first?.message ?? 'invalid'})`);
  }
  return result.output as SealedItem;
}

async function itemKey(
  secret: ArrayBuffer,
  header: Pick<SealedItem, 'v' | 'alg' | 'kid' | 'epk'>,
  usage: 'encrypt' | 'decrypt',
): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const info = joinParts(utf8('holdfast sealed item'), utf8(String(header.v)), utf8(header.alg), utf8(header.kid), header.epk);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/**
 * Seals bytes to the log's public key. Needs no secret: the background worker calls this while
 * the log is locked. `associatedData`, if given, must be given again to open the item.
 */
export async function sealForLog(publicKey: CryptoKey, plaintext: Uint8Array, associatedData?: Uint8Array): Promise<SealedItem> {
  const ephemeral = await crypto.subtle.generateKey(LOG_KEY_ALGORITHM, true, ['deriveBits']);
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, ephemeral.privateKey, 256);
  const header = { v: SEALED_ITEM_VERSION, alg: SEAL_ALGORITHM, kid: await keyIdOf(publicKey), epk: await publicPoint(ephemeral.publicKey) } as const;
  const key = await itemKey(secret, header, 'encrypt');
  const iv = randomBytes(SEAL_IV_LENGTH);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: bytes(associatedData ?? new Uint8Array(0)) },
    key,
    bytes(plaintext),
  );
  return { ...header, iv, ct: new Uint8Array(ct) };
}

/**
 * Opens a sealed item with the unlocked private log key. Throws `UnsupportedFormat` for a version
 * or scheme this code does not know, and `SealedItemUnreadable` when the key, the associated data
 * or any byte of the item does not match.
 */
export async function openSealed(privateKey: CryptoKey, item: SealedItem, associatedData?: Uint8Array): Promise<Uint8Array> {
  const sealed = parseSealedItem(item);
  let ephemeralPublic: CryptoKey;
  try {
    ephemeralPublic = await importPublicPoint(sealed.epk);
  } catch {
    throw new SealedItemUnreadable('it is damaged (the ephemeral key is not a P-256 point)');
  }
  try {
    const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeralPublic }, privateKey, 256);
    const key = await itemKey(secret, sealed, 'decrypt');
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes(sealed.iv), additionalData: bytes(associatedData ?? new Uint8Array(0)) },
      key,
      bytes(sealed.ct),
    );
    return new Uint8Array(plaintext);
  } catch {
    throw new SealedItemUnreadable();
  }
}

/** Seals a JSON-serialisable record (e.g. a capture's summary) to the log's public key. */
export async function sealJson(publicKey: CryptoKey, value: unknown, associatedData?: Uint8Array): Promise<SealedItem> {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('This value cannot be written as JSON');
  return sealForLog(publicKey, utf8(json), associatedData);
}

/**
 * Opens a record sealed with `sealJson`. Returns `unknown` on purpose: what comes out was written
 * from page content, so validate it with its schema before use.
 */
export async function openJson(privateKey: CryptoKey, item: SealedItem, associatedData?: Uint8Array): Promise<unknown> {
  const plaintext = await openSealed(privateKey, item, associatedData);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)) as unknown;
  } catch {
    throw new SealedItemUnreadable('it does not contain JSON');
  }
}

/** Associated data naming what a sealed item is, e.g. `sealingContext('capture', id, 'screenshot')`. */
export function sealingContext(...names: string[]): Bytes {
  return joinParts(...names.map(utf8));
}

/*
 * Byte encoding of a sealed item, 113 bytes of overhead:
 *   'H' 'F' | version (1 byte) | scheme (1 byte, 1 = SEAL_ALGORITHM) | key id (16 bytes)
 *   | ephemeral point (65) | IV (12) | ciphertext and tag (plaintext length + 16)
 */
const MAGIC = [0x48, 0x46] as const;
const SCHEME_IDS: Record<typeof SEAL_ALGORITHM, number> = { [SEAL_ALGORITHM]: 1 };
const KID_BYTES = KEY_ID_LENGTH / 2;
const HEADER_LENGTH = MAGIC.length + 2 + KID_BYTES + P256_POINT_LENGTH + SEAL_IV_LENGTH;
/** Bytes an encoded sealed item adds to its plaintext. */
export const ENCODED_SEAL_OVERHEAD = HEADER_LENGTH + SEAL_TAG_LENGTH;

/** One byte string holding a sealed item (for a Blob or a file). */
export function encodeSealedItem(item: SealedItem): Bytes {
  const sealed = parseSealedItem(item);
  const kid = new Uint8Array(KID_BYTES);
  for (let i = 0; i < KID_BYTES; i++) kid[i] = parseInt(sealed.kid.slice(i * 2, i * 2 + 2), 16);
  return concatBytes(
    new Uint8Array([...MAGIC, sealed.v, SCHEME_IDS[sealed.alg]]),
    kid,
    sealed.epk,
    sealed.iv,
    sealed.ct,
  );
}

/** Reads a byte string written by `encodeSealedItem`; throws on anything else. */
export function decodeSealedItem(encoded: Uint8Array): SealedItem {
  if (encoded.length < ENCODED_SEAL_OVERHEAD || encoded[0] !== MAGIC[0] || encoded[1] !== MAGIC[1]) {
    throw new SealedItemUnreadable('it is not a sealed item, or it is cut short');
  }
  if (encoded[2] !== SEALED_ITEM_VERSION) throw new UnsupportedFormat('sealed item', `version ${encoded[2]}`);
  if (encoded[3] !== SCHEME_IDS[SEAL_ALGORITHM]) throw new UnsupportedFormat('sealed item', `scheme ${encoded[3]}`);
  let at = 4;
  const take = (length: number) => encoded.slice(at, (at += length));
  const kid = toHex(take(KID_BYTES));
  return { v: SEALED_ITEM_VERSION, alg: SEAL_ALGORITHM, kid, epk: take(P256_POINT_LENGTH), iv: take(SEAL_IV_LENGTH), ct: encoded.slice(at) };
}
