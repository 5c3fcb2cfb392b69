/**
 * The log key: one ECDH P-256 key pair per log. Captures are sealed to its public key, which the
 * background worker may hold while the log is locked; its private key exists only wrapped in the
 * keyring, or in memory after the person unlocks.
 */
import { bytes } from './bytes';
import { sha256Hex } from '../integrity/sha256';

/** WebCrypto parameters of the log key. */
export const LOG_KEY_ALGORITHM = { name: 'ECDH', namedCurve: 'P-256' } as const;
/** The name stored with the public key, so that another curve can be added later. */
export const LOG_KEY_ALGORITHM_ID = 'ECDH-P256';
/** Length of an uncompressed P-256 point: 0x04, x, y. */
export const P256_POINT_LENGTH = 65;
/** Hex characters in a key id (the first 16 bytes of SHA-256 of the public point). */
export const KEY_ID_LENGTH = 32;

/** The public half of the log key as stored: only the fields that define the point. */
export interface LogPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** A fresh log key pair; the private key is extractable so that it can be wrapped. */
export async function generateLogKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(LOG_KEY_ALGORITHM, true, ['deriveBits']);
}

/** The public key as an uncompressed point (65 bytes). */
export async function publicPoint(publicKey: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return bytes(await crypto.subtle.exportKey('raw', publicKey));
}

/**
 * The key id of a log public key: the first 16 bytes of SHA-256 over its uncompressed point, as
 * lowercase hex. Stored in the keyring and in every sealed item, so that an item says which log
 * key opens it and a keyring can be checked against its own public key.
 */
export async function keyIdOf(publicKey: CryptoKey): Promise<string> {
  return (await sha256Hex(await publicPoint(publicKey))).slice(0, KEY_ID_LENGTH);
}

/** The stored (minimal) JWK of a public key. */
export async function publicJwkOf(publicKey: CryptoKey): Promise<LogPublicJwk> {
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('Not a P-256 public key');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/** Imports a stored public JWK as an ECDH public key (WebCrypto checks the point is on the curve). */
export async function importPublicJwk(jwk: LogPublicJwk): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, LOG_KEY_ALGORITHM, true, []);
}

/** Imports an uncompressed P-256 point as an ECDH public key. */
export async function importPublicPoint(point: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes(point), LOG_KEY_ALGORITHM, true, []);
}

/** The x and y of a private key, when it is extractable; used to check it matches a public key. */
export async function publicJwkOfPrivate(privateKey: CryptoKey): Promise<LogPublicJwk> {
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('Not a P-256 private key');
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}
