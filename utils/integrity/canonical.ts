/**
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme): one exact sequence of bytes for a JSON
 * value, whatever order its keys were written in. Records and custody events are hashed and
 * signed in this form, so anyone can recompute the same fingerprint from the exported JSON with
 * any JCS implementation.
 *
 * Only plain JSON is accepted. Values JSON would silently change or drop in an ambiguous way
 * (typed arrays, Maps, Dates, `undefined` inside arrays, NaN, lone surrogates) are refused rather
 * than hashed, so a fingerprint never covers something different from what is exported. Object
 * properties whose value is `undefined` are left out, as `JSON.stringify` does.
 */
import canonicalize from 'canonicalize';
import { sha256Hex } from './sha256';

/** A value that survives a JSON round trip unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/** Thrown for a value that has no single canonical JSON form; `path` says where, e.g. `$.payload.files[2]`. */
export class NotCanonicalJson extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot be written as canonical JSON at ${path}: ${reason}`);
    this.name = 'NotCanonicalJson';
  }
}

/** The RFC 8785 canonical JSON text of `value`. */
export function canonicalJson(value: unknown): string {
  assertPlainJson(value, '$', new Set());
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    // canonicalize refuses lone UTF-16 surrogates, which have no UTF-8 form.
    throw new NotCanonicalJson('$', error instanceof Error ? error.message : String(error));
  }
  if (text === undefined) throw new NotCanonicalJson('$', 'the value is empty');
  return text;
}

/** The UTF-8 bytes of the canonical JSON of `value`: what is hashed and signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

/** SHA-256 (lowercase hex) of the canonical JSON of `value`. */
export function canonicalSha256(value: unknown): Promise<string> {
  return sha256Hex(canonicalBytes(value));
}

function assertPlainJson(value: unknown, path: string, open: Set<object>): void {
  switch (typeof value) {
    case 'string':
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new NotCanonicalJson(path, `${value} is not a JSON number`);
      return;
    case 'object':
      break;
    default:
      throw new NotCanonicalJson(path, `a ${typeof value} is not JSON`);
  }
  if (value === null) return;
  if (open.has(value)) throw new NotCanonicalJson(path, 'the value contains itself');
  open.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) throw new NotCanonicalJson(`${path}[${i}]`, 'undefined inside a list');
      assertPlainJson(item, `${path}[${i}]`, open);
    });
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new NotCanonicalJson(path, `a ${name} is not plain JSON`);
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      assertPlainJson(item, `${path}.${key}`, open);
    }
  }
  open.delete(value);
}
