/**
 * Small byte helpers for the crypto modules: UTF-8, base64 for the JSON-stored keyring, and an
 * unambiguous way to join several byte strings into one (for associated data and KDF inputs).
 */

/** Bytes that WebCrypto accepts as a `BufferSource` (a view over a plain `ArrayBuffer`). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** A copy of `data` over its own `ArrayBuffer`, as WebCrypto's types want it. */
export function bytes(data: Uint8Array | ArrayBuffer): Bytes {
  return data instanceof ArrayBuffer ? new Uint8Array(data.slice(0)) : new Uint8Array(data);
}

/** UTF-8 encoding of a string. */
export function utf8(text: string): Bytes {
  return new TextEncoder().encode(text) as Bytes;
}

/** Standard base64 (with padding) of some bytes. */
export function toBase64(data: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < data.length; i += 0x8000) {
    binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Decodes standard base64; throws on anything that is not canonical base64. */
export function fromBase64(text: string): Bytes {
  if (typeof text !== 'string' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new TypeError('Not base64');
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Concatenates byte strings. */
export function concatBytes(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Joins byte strings so that the parts can be told apart again: each part is preceded by its
 * length as 4 bytes, big-endian. `("ab","c")` and `("a","bc")` therefore give different results,
 * which plain concatenation would not.
 */
export function joinParts(...parts: Uint8Array[]): Bytes {
  const framed: Uint8Array[] = [];
  for (const part of parts) {
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, part.length);
    framed.push(length, part);
  }
  return concatBytes(...framed);
}

/** True when two byte strings are equal. Used for public values only (key ids, public keys). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return a.every((value, i) => value === b[i]);
}

/** Cryptographically random bytes. */
export function randomBytes(length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length));
}
