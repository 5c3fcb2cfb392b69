/**
 * The keyring of an encrypted log: the public log key (which seals captures, even while the log
 * is locked) and its private key, wrapped twice: under a key derived from the person's
 * passphrase, and under a key derived from the printed recovery key. Changing the passphrase
 * re-wraps the private key; no evidence is re-encrypted.
 *
 * `StoredKeyring` is plain JSON (base64 strings), meant for one IndexedDB row. It never holds a
 * secret in the clear. Algorithms and parameters are stored with it, so either can be upgraded
 * later (a new `kdf.name`, more iterations, a new `version`) while old keyrings still open.
 *
 * Passphrase: Unicode NFC, then UTF-8, then PBKDF2-HMAC-SHA-256 with at least 600,000 iterations
 * (OWASP's 2023 figure) and a random 16-byte salt, giving an AES-256-GCM wrapping key. PBKDF2
 * comes with WebCrypto in every browser, so the extension pages need no WebAssembly (Argon2id
 * would need `'wasm-unsafe-eval'` in the content security policy).
 *
 * Recovery key: 135 random bits (see `recovery-key.ts`), so a fast HKDF-SHA-256 with a random
 * salt is enough to turn it into an AES-256-GCM wrapping key.
 *
 * The wrapped private key is its PKCS #8 encoding under AES-256-GCM, with the keyring format, key
 * id and slot name as associated data.
 */
import * as v from 'valibot';
import { isoUtc } from '../format/time';
import { fromBase64, joinParts, randomBytes, toBase64, utf8 } from './bytes';
import { KeyringDamaged, NotThisLogsKey, UnsupportedFormat, WrongPassphrase, WrongRecoveryKey } from './errors';
import {
  LOG_KEY_ALGORITHM,
  LOG_KEY_ALGORITHM_ID,
  generateLogKeyPair,
  importPublicJwk,
  keyIdOf,
  publicJwkOf,
  publicJwkOfPrivate,
  type LogPublicJwk,
} from './log-key';
import { generateRecoveryKey, parseRecoveryKey } from './recovery-key';

export const KEYRING_FORMAT = 'holdfast-keyring';
export const KEYRING_VERSION = 1;
/** The fewest PBKDF2 iterations a keyring may be created or opened with. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
/** Iterations used for new keyrings. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
/** More than this is refused, so that a tampered keyring cannot make unlocking hang. */
export const MAX_PBKDF2_ITERATIONS = 20_000_000;
/** Salt length for both KDFs, in bytes. */
export const KDF_SALT_LENGTH = 16;
const WRAP_IV_LENGTH = 12;

/** How the passphrase becomes a wrapping key. */
export interface PassphraseKdf {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  /** base64, 16 bytes. */
  salt: string;
}

/** How the recovery key becomes a wrapping key. */
export interface RecoveryKeyKdf {
  name: 'HKDF';
  hash: 'SHA-256';
  /** base64, 16 bytes. */
  salt: string;
}

/** The private log key (PKCS #8) encrypted under a wrapping key. */
export interface WrappedPrivateKey {
  alg: 'A256GCM';
  format: 'pkcs8';
  /** base64, 12 bytes. */
  iv: string;
  /** base64: ciphertext followed by the 16-byte tag. */
  data: string;
}

/** What is stored for an encrypted log. Plain JSON; no secret in the clear. */
export interface StoredKeyring {
  format: typeof KEYRING_FORMAT;
  version: typeof KEYRING_VERSION;
  /** Key id of the public key (see `keyIdOf`); every sealed item carries it. */
  keyId: string;
  /** When encryption was turned on, UTC ISO 8601. */
  createdAt: string;
  publicKey: { alg: typeof LOG_KEY_ALGORITHM_ID; jwk: LogPublicJwk };
  passphrase: { kdf: PassphraseKdf; wrappedPrivateKey: WrappedPrivateKey; setAt: string };
  recoveryKey: { kdf: RecoveryKeyKdf; wrappedPrivateKey: WrappedPrivateKey; createdAt: string };
}

/** Options for creating a keyring and for re-wrapping it. */
export interface KeyringOptions {
  /** PBKDF2 iterations; at least `MIN_PBKDF2_ITERATIONS` (the default). */
  iterations?: number;
  /** The clock, for the dates stored in the keyring. */
  now?: () => number;
}

/** Options for unlocking. */
export interface UnlockOptions {
  /**
   * Whether the returned private key can be exported. Default `true`: `changePassphrase`,
   * `replaceRecoveryKey` and `keepUnlocked` need it. Pages that only read should hold the
   * non-extractable copy that `unlockedKey` (session-key.ts) returns.
   */
  extractable?: boolean;
}

const base64Of = (length: number) =>
  v.pipe(
    v.string(),
    v.check((value) => {
      try {
        return fromBase64(value).length === length;
      } catch {
        return false;
      }
    }, `must be base64 of ${length} bytes`),
  );

const WrappedPrivateKeySchema = v.object({
  alg: v.literal('A256GCM'),
  format: v.literal('pkcs8'),
  iv: base64Of(WRAP_IV_LENGTH),
  data: v.pipe(v.string(), v.base64(), v.maxLength(4096)),
});

/** Schema of a stored keyring (shape and parameter bounds; authenticity is checked on unlocking). */
export const StoredKeyringSchema = v.object({
  format: v.literal(KEYRING_FORMAT),
  version: v.literal(KEYRING_VERSION),
  keyId: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/)),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  publicKey: v.object({
    alg: v.literal(LOG_KEY_ALGORITHM_ID),
    jwk: v.object({
      kty: v.literal('EC'),
      crv: v.literal('P-256'),
      x: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
      y: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
    }),
  }),
  passphrase: v.object({
    kdf: v.object({
      name: v.literal('PBKDF2'),
      hash: v.literal('SHA-256'),
      iterations: v.pipe(v.number(), v.integer(), v.minValue(MIN_PBKDF2_ITERATIONS), v.maxValue(MAX_PBKDF2_ITERATIONS)),
      salt: base64Of(KDF_SALT_LENGTH),
    }),
    wrappedPrivateKey: WrappedPrivateKeySchema,
    setAt: v.pipe(v.string(), v.isoTimestamp()),
  }),
  recoveryKey: v.object({
    kdf: v.object({ name: v.literal('HKDF'), hash: v.literal('SHA-256'), salt: base64Of(KDF_SALT_LENGTH) }),
    wrappedPrivateKey: WrappedPrivateKeySchema,
    createdAt: v.pipe(v.string(), v.isoTimestamp()),
  }),
});

/**
 * Checks a keyring read back from storage. Throws `UnsupportedFormat` for another format or
 * version, or parameters this code does not accept (e.g. fewer than 600,000 iterations).
 */
export function parseKeyring(value: unknown): StoredKeyring {
  const result = v.safeParse(StoredKeyringSchema, value);
  if (!result.success) {
    const first = result.issues[0];
    const where = first?.path?.map((p) => String(p.key)).join('.') || 'keyring';
    throw new UnsupportedFormat('keyring', `${where}: ${first?.message ?? 'invalid'}`);
  }
  return result.output;
}

/** The passphrase as bytes: NFC first, so that "é" typed either way gives the same key. */
function passphraseBytes(passphrase: string): Uint8Array<ArrayBuffer> {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new TypeError('A passphrase cannot be empty');
  return utf8(passphrase.normalize('NFC'));
}

async function passphraseWrappingKey(passphrase: string, kdf: PassphraseKdf): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', passphraseBytes(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: kdf.hash, iterations: kdf.iterations, salt: fromBase64(kdf.salt) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

async function recoveryWrappingKey(randomSymbols: string, kdf: RecoveryKeyKdf): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', utf8(randomSymbols), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: kdf.hash, salt: fromBase64(kdf.salt), info: utf8('holdfast recovery key v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

type Slot = 'passphrase' | 'recovery-key';

function wrapContext(keyId: string, slot: Slot): Uint8Array<ArrayBuffer> {
  return joinParts(utf8(KEYRING_FORMAT), utf8(String(KEYRING_VERSION)), utf8(keyId), utf8(slot));
}

async function wrap(privateKey: CryptoKey, wrappingKey: CryptoKey, keyId: string, slot: Slot): Promise<WrappedPrivateKey> {
  const iv = randomBytes(WRAP_IV_LENGTH);
  const data = await crypto.subtle.wrapKey('pkcs8', privateKey, wrappingKey, {
    name: 'AES-GCM',
    iv,
    additionalData: wrapContext(keyId, slot),
  });
  return { alg: 'A256GCM', format: 'pkcs8', iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/** Unwraps; `undefined` when the wrapping key is not the right one (or the data was changed). */
async function unwrap(
  wrapped: WrappedPrivateKey,
  wrappingKey: CryptoKey,
  keyId: string,
  slot: Slot,
  extractable: boolean,
): Promise<CryptoKey | undefined> {
  try {
    return await crypto.subtle.unwrapKey(
      'pkcs8',
      fromBase64(wrapped.data),
      wrappingKey,
      { name: 'AES-GCM', iv: fromBase64(wrapped.iv), additionalData: wrapContext(keyId, slot) },
      LOG_KEY_ALGORITHM,
      extractable,
      ['deriveBits'],
    );
  } catch {
    return undefined;
  }
}

function checkIterations(iterations: number): number {
  if (!Number.isInteger(iterations) || iterations < MIN_PBKDF2_ITERATIONS || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new RangeError(`PBKDF2 iterations must be an integer from ${MIN_PBKDF2_ITERATIONS} to ${MAX_PBKDF2_ITERATIONS}`);
  }
  return iterations;
}

async function passphraseSlot(privateKey: CryptoKey, keyId: string, passphrase: string, options: KeyringOptions) {
  const kdf: PassphraseKdf = {
    name: 'PBKDF2',
    hash: 'SHA-256',
    iterations: checkIterations(options.iterations ?? DEFAULT_PBKDF2_ITERATIONS),
    salt: toBase64(randomBytes(KDF_SALT_LENGTH)),
  };
  const wrappedPrivateKey = await wrap(privateKey, await passphraseWrappingKey(passphrase, kdf), keyId, 'passphrase');
  return { kdf, wrappedPrivateKey, setAt: isoUtc((options.now ?? Date.now)()) };
}

async function recoverySlot(privateKey: CryptoKey, keyId: string, options: KeyringOptions) {
  const recoveryKey = generateRecoveryKey();
  const kdf: RecoveryKeyKdf = { name: 'HKDF', hash: 'SHA-256', salt: toBase64(randomBytes(KDF_SALT_LENGTH)) };
  const wrappingKey = await recoveryWrappingKey(parseRecoveryKey(recoveryKey), kdf);
  const wrappedPrivateKey = await wrap(privateKey, wrappingKey, keyId, 'recovery-key');
  return { recoveryKey, slot: { kdf, wrappedPrivateKey, createdAt: isoUtc((options.now ?? Date.now)()) } };
}

/** Throws `NotThisLogsKey` unless `privateKey` is the extractable private half of the keyring's key. */
async function checkBelongs(keyring: StoredKeyring, privateKey: CryptoKey): Promise<void> {
  let jwk: LogPublicJwk;
  try {
    jwk = await publicJwkOfPrivate(privateKey);
  } catch {
    throw new NotThisLogsKey('it is not an extractable P-256 private key (use the key returned by unlocking)');
  }
  if (jwk.x !== keyring.publicKey.jwk.x || jwk.y !== keyring.publicKey.jwk.y) throw new NotThisLogsKey();
}

/**
 * Turns encryption on: makes a new log key, wraps its private key under the passphrase and
 * under a new recovery key. Returns the keyring to store, the recovery key to show the person
 * once (for printing; it is not stored anywhere), and the private key, already unlocked.
 */
export async function createKeyring(
  passphrase: string,
  options: KeyringOptions = {},
): Promise<{ keyring: StoredKeyring; recoveryKey: string; privateKey: CryptoKey }> {
  passphraseBytes(passphrase);
  checkIterations(options.iterations ?? DEFAULT_PBKDF2_ITERATIONS);
  const { publicKey, privateKey } = await generateLogKeyPair();
  const keyId = await keyIdOf(publicKey);
  const { recoveryKey, slot } = await recoverySlot(privateKey, keyId, options);
  const keyring: StoredKeyring = {
    format: KEYRING_FORMAT,
    version: KEYRING_VERSION,
    keyId,
    createdAt: isoUtc((options.now ?? Date.now)()),
    publicKey: { alg: LOG_KEY_ALGORITHM_ID, jwk: await publicJwkOf(publicKey) },
    passphrase: await passphraseSlot(privateKey, keyId, passphrase, options),
    recoveryKey: slot,
  };
  return { keyring, recoveryKey, privateKey };
}

/**
 * The public log key, for sealing captures while locked. Checks that the stored key id matches
 * the stored public key (throws `KeyringDamaged` if not).
 */
export async function publicKeyOf(keyring: StoredKeyring): Promise<CryptoKey> {
  const checked = parseKeyring(keyring);
  let publicKey: CryptoKey;
  try {
    publicKey = await importPublicJwk(checked.publicKey.jwk);
  } catch {
    throw new KeyringDamaged('its public key is not a P-256 point');
  }
  if ((await keyIdOf(publicKey)) !== checked.keyId) throw new KeyringDamaged('its key id does not match its public key');
  return publicKey;
}

/** Unlocks with the passphrase; throws `WrongPassphrase` when it is not the right one. */
export async function unlockWithPassphrase(
  keyring: StoredKeyring,
  passphrase: string,
  options: UnlockOptions = {},
): Promise<CryptoKey> {
  const checked = parseKeyring(keyring);
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new WrongPassphrase();
  const wrappingKey = await passphraseWrappingKey(passphrase, checked.passphrase.kdf);
  const privateKey = await unwrap(checked.passphrase.wrappedPrivateKey, wrappingKey, checked.keyId, 'passphrase', options.extractable ?? true);
  if (!privateKey) throw new WrongPassphrase();
  return privateKey;
}

/**
 * Unlocks with the printed recovery key, as typed (spaces, case and look-alike letters are
 * forgiven). Throws `MistypedRecoveryKey` when the check character shows a typing mistake (no
 * decryption is tried), `WrongRecoveryKey` when it is a valid key of another (or older) keyring.
 */
export async function unlockWithRecoveryKey(
  keyring: StoredKeyring,
  recoveryKey: string,
  options: UnlockOptions = {},
): Promise<CryptoKey> {
  const checked = parseKeyring(keyring);
  const randomSymbols = parseRecoveryKey(recoveryKey);
  const wrappingKey = await recoveryWrappingKey(randomSymbols, checked.recoveryKey.kdf);
  const privateKey = await unwrap(checked.recoveryKey.wrappedPrivateKey, wrappingKey, checked.keyId, 'recovery-key', options.extractable ?? true);
  if (!privateKey) throw new WrongRecoveryKey();
  return privateKey;
}

/**
 * A keyring with the private key re-wrapped under a new passphrase (new salt). The public key,
 * key id and recovery key stay the same, so every sealed item stays readable; the old
 * passphrase no longer opens the returned keyring. `privateKey` must be the extractable key
 * returned by unlocking (ask for the current passphrase, or the recovery key, first).
 */
export async function changePassphrase(
  keyring: StoredKeyring,
  privateKey: CryptoKey,
  newPassphrase: string,
  options: KeyringOptions = {},
): Promise<StoredKeyring> {
  const checked = parseKeyring(keyring);
  passphraseBytes(newPassphrase);
  await checkBelongs(checked, privateKey);
  const iterations = options.iterations ?? Math.max(checked.passphrase.kdf.iterations, DEFAULT_PBKDF2_ITERATIONS);
  return { ...checked, passphrase: await passphraseSlot(privateKey, checked.keyId, newPassphrase, { ...options, iterations }) };
}

/**
 * A keyring with a new recovery key (e.g. when the printed one was lost or seen by someone else).
 * The old recovery key stops working; the passphrase and all sealed items are unaffected.
 */
export async function replaceRecoveryKey(
  keyring: StoredKeyring,
  privateKey: CryptoKey,
  options: Pick<KeyringOptions, 'now'> = {},
): Promise<{ keyring: StoredKeyring; recoveryKey: string }> {
  const checked = parseKeyring(keyring);
  await checkBelongs(checked, privateKey);
  const { recoveryKey, slot } = await recoverySlot(privateKey, checked.keyId, options);
  return { keyring: { ...checked, recoveryKey: slot }, recoveryKey };
}
