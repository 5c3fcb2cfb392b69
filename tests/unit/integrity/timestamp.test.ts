/**
 * Trusted timestamps against a real RFC 3161 authority: Debian's `openssl ts -reply`, served over
 * real HTTP on 127.0.0.1 (tests/support/tsa). Tokens are also checked by `openssl ts -verify`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TSA_POLICY, OPENSSL, opensslMissing, startLocalTsa, type LocalTsa } from '../../support/tsa/local-tsa';
import {
  PUBLIC_TIMESTAMP_AUTHORITIES,
  TimestampFailed,
  buildTimestampRequest,
  readTimestampToken,
  requestTimestamp,
  verifyTimestampToken,
  type TimestampToken,
} from '../../../utils/integrity/timestamp';

const run = promisify(execFile);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const EVIDENCE = sha256('custody event 12: the chain head at export');

let rsaTsa: LocalTsa;
let ecTsa: LocalTsa;
let work: string;

beforeAll(async () => {
  const missing = await opensslMissing();
  if (missing) throw new Error(missing);
  [rsaTsa, ecTsa] = await Promise.all([startLocalTsa(), startLocalTsa({ keyType: 'ec', tsaSubject: '/O=Other tests/CN=Other TSA' })]);
  work = await mkdtemp(join(tmpdir(), 'holdfast-ts-test-'));
}, 60_000);

afterAll(async () => {
  await Promise.all([rsaTsa?.close(), ecTsa?.close(), work && rm(work, { recursive: true, force: true })]);
});

async function opensslText(args: string[]): Promise<string> {
  const { stdout, stderr } = await run(OPENSSL, args);
  return stdout + stderr;
}

describe('the timestamp request', () => {
  it('is a DER TimeStampReq that openssl reads: SHA-256 imprint, our nonce, certificate asked for', async () => {
    const der = buildTimestampRequest(EVIDENCE, Uint8Array.of(0x00, 0x12, 0x34, 0x56, 0x78));
    const file = join(work, 'query.tsq');
    await writeFile(file, der);
    const text = await opensslText(['ts', '-query', '-in', file, '-text']);
    expect(text).toContain('Hash Algorithm: sha256');
    expect(text.replace(/[^0-9a-f]/g, '')).toContain(EVIDENCE.slice(0, 16));
    expect(text).toContain('Nonce: 0x12345678');
    expect(text).toContain('Certificate required: yes');
  });

  it('keeps a nonce with the high bit set positive', async () => {
    const der = buildTimestampRequest(EVIDENCE, Uint8Array.of(0xff, 0x01));
    const file = join(work, 'query-high.tsq');
    await writeFile(file, der);
    expect(await opensslText(['ts', '-query', '-in', file, '-text'])).toContain('Nonce: 0xFF01');
  });

  it('is only made for a SHA-256 fingerprint', () => {
    expect(() => buildTimestampRequest('abc', Uint8Array.of(1))).toThrow(TypeError);
    expect(() => buildTimestampRequest(EVIDENCE.toUpperCase(), Uint8Array.of(1))).toThrow(TypeError);
  });
});

describe('a timestamp round trip with the local openssl authority', () => {
  let token: TimestampToken;
  let before: number;
  let after: number;

  beforeAll(async () => {
    before = Date.now();
    token = await requestTimestamp(rsaTsa.url, EVIDENCE);
    after = Date.now();
  }, 30_000);

  it('returns the token and what it says', () => {
    expect(token.hashHex).toBe(EVIDENCE);
    expect(token.policy).toBe(LOCAL_TSA_POLICY);
    expect(token.tsaName).toBe('O=Holdfast tests, CN=Holdfast Test TSA');
    expect(token.tsaUrl).toBe(rsaTsa.url);
    expect(token.serial).toMatch(/^[0-9a-f]+$/);
    const genTime = Date.parse(token.genTime);
    expect(token.genTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(genTime).toBeGreaterThanOrEqual(before - 1000);
    expect(genTime).toBeLessThanOrEqual(after + 1000);
    expect(readTimestampToken(token.der)).toEqual({ ...token, tsaUrl: undefined, der: token.der } as never);
  });

  it('verifies, chained to the authority root when it is given', async () => {
    const untrusted = await verifyTimestampToken(token.der, EVIDENCE);
    expect(untrusted.ok).toBe(true);
    expect(untrusted.notChecked.join(' ')).toContain('no trusted certificate was given');
    const trusted = await verifyTimestampToken(token.der, EVIDENCE, [rsaTsa.caCertPem]);
    expect(trusted).toMatchObject({ ok: true, genTime: token.genTime, tsaName: token.tsaName, problems: [] });
    expect(trusted.checked.join(' ')).toContain('chains to a trusted certificate');
  });

  it('stores a token that openssl ts -verify accepts as it is', async () => {
    const tokenFile = join(work, 'token.tst');
    const caFile = join(work, 'tsa-root.pem');
    await writeFile(tokenFile, token.der);
    await writeFile(caFile, rsaTsa.caCertPem);
    const text = await opensslText(['ts', '-verify', '-digest', EVIDENCE, '-in', tokenFile, '-token_in', '-CAfile', caFile]);
    expect(text).toContain('Verification: OK');
  });

  it('works with an ECDSA authority too', async () => {
    const ec = await requestTimestamp(ecTsa.url, EVIDENCE, fetch, { trustedCerts: [ecTsa.caCertPem] });
    expect(ec.tsaName).toBe('O=Other tests, CN=Other TSA');
    expect((await verifyTimestampToken(ec.der, EVIDENCE, [ecTsa.caCertPem])).ok).toBe(true);
  });

  it('names a token for another hash', async () => {
    const other = sha256('a different capture');
    const result = await verifyTimestampToken(token.der, other);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ kind: 'other-hash', message: `The timestamp token is for another fingerprint (${EVIDENCE}) than the one it is attached to (${other}).` }]);
  });

  it('names a token whose time was changed', async () => {
    const changed = token.der.slice();
    const stamp = new TextEncoder().encode(token.genTime.slice(0, 4)); // the year, inside GeneralizedTime
    const at = indexOf(changed, stamp);
    expect(at).toBeGreaterThan(0);
    changed[at + 3] = changed[at + 3] === 0x39 ? 0x38 : changed[at + 3] + 1;
    const result = await verifyTimestampToken(changed, EVIDENCE);
    expect(result.problems.map((p) => p.kind)).toEqual(['signature-invalid']);
    expect(result.problems[0].message).toContain("Message digest doesn't match");
  });

  it('names a token whose signature was altered', async () => {
    const forged = token.der.slice();
    forged[forged.length - 5] ^= 0x01; // inside the RSA signature, the last field of the token
    const result = await verifyTimestampToken(forged, EVIDENCE);
    expect(result.problems.map((p) => p.kind)).toEqual(['signature-invalid']);
  });

  it('names an authority that does not chain to the trusted root', async () => {
    const result = await verifyTimestampToken(token.der, EVIDENCE, [ecTsa.caCertPem]);
    expect(result.problems.map((p) => p.kind)).toEqual(['not-trusted']);
  });

  it('names something that is not a token', async () => {
    const result = await verifyTimestampToken(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01), EVIDENCE);
    expect(result).toMatchObject({ ok: false, genTime: null });
    expect(result.problems.map((p) => p.kind)).toEqual(['unreadable']);
  });
});

describe('when the authority does not give a good token', () => {
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a TimestampFailed'), (error: unknown) => error as TimestampFailed);

  it('reports a refusal with the status the authority gave', async () => {
    const picky = await startLocalTsa({ digests: ['sha512'] });
    try {
      const error = await failure(requestTimestamp(picky.url, EVIDENCE));
      expect(error).toBeInstanceOf(TimestampFailed);
      expect(error.kind).toBe('refused');
      expect(error.message).toMatch(/refused the request \(status 2/);
    } finally {
      await picky.close();
    }
  });

  it('rejects a reply to another request (the nonce differs)', async () => {
    const replayer: typeof fetch = (url, init) => fetch(url, { ...init, body: buildTimestampRequest(EVIDENCE, Uint8Array.of(0x42)) as BufferSource });
    const error = await failure(requestTimestamp(rsaTsa.url, EVIDENCE, replayer));
    expect(error.kind).toBe('mismatch');
    expect(error.message).toContain('nonce');
  });

  it('rejects a token for another fingerprint', async () => {
    const swapper: typeof fetch = (url, init) => fetch(url, { ...init, body: buildTimestampRequest(sha256('other'), Uint8Array.of(0x42)) as BufferSource });
    const error = await failure(requestTimestamp(rsaTsa.url, EVIDENCE, swapper, { nonce: Uint8Array.of(0x42) }));
    expect(error.kind).toBe('mismatch');
    expect(error.message).toContain('another fingerprint');
  });

  it('sends only the fingerprint, as a timestamp query, without cookies', async () => {
    let sent: { url: string; init?: RequestInit } | undefined;
    const spy: typeof fetch = (url, init) => {
      sent = { url: String(url), init };
      return fetch(url, init);
    };
    await requestTimestamp(rsaTsa.url, EVIDENCE, spy);
    expect(sent?.url).toBe(rsaTsa.url);
    expect(sent?.init).toMatchObject({ method: 'POST', credentials: 'omit', headers: { 'Content-Type': 'application/timestamp-query' } });
    expect((sent?.init?.body as Uint8Array).byteLength).toBeLessThan(100);
  });

  it.each([
    ['an HTTP error', () => Promise.resolve(new Response('busy', { status: 503 })), 'http'],
    ['garbage', () => Promise.resolve(new Response('<html>captive portal</html>')), 'unreadable'],
    ['no network', () => Promise.reject(new TypeError('Failed to fetch')), 'network'],
  ])('reports %s', async (_name, fake, kind) => {
    const error = await failure(requestTimestamp('https://tsa.invalid/', EVIDENCE, fake as typeof fetch));
    expect(error.kind).toBe(kind);
  });
});

describe('the public authorities offered in the settings', () => {
  it('each have a name, an http(s) address and a note', () => {
    expect(PUBLIC_TIMESTAMP_AUTHORITIES.length).toBeGreaterThanOrEqual(3);
    for (const tsa of PUBLIC_TIMESTAMP_AUTHORITIES) {
      expect(['http:', 'https:']).toContain(new URL(tsa.url).protocol);
      expect(tsa.name && tsa.note).toBeTruthy();
    }
    expect(new Set(PUBLIC_TIMESTAMP_AUTHORITIES.map((t) => t.url)).size).toBe(PUBLIC_TIMESTAMP_AUTHORITIES.length);
  });
});

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
