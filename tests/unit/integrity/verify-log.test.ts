/**
 * "Verify log" over a small but complete log: three captures (one deleted, with its tombstone),
 * an edited note, a signed chain head, a signed manifest and two trusted timestamps from the local
 * `openssl ts` authority. Each tamper case changes one thing and must be named, where it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTsa, type LocalTsa } from '../../support/tsa/local-tsa';
import { canonicalSha256 } from '../../../utils/integrity/canonical';
import { chainHeadStatement, nextEvent, type CustodyEvent, type CustodyPayloads, type CustodyEventType } from '../../../utils/integrity/custody';
import { sha256Hex } from '../../../utils/integrity/sha256';
import { generateSigningKey, publicKeyJwk, signBytes, signCanonical, type PublicKeyJwk } from '../../../utils/integrity/signing';
import { requestTimestamp } from '../../../utils/integrity/timestamp';
import { verifyLog, type CaptureToVerify, type LogVerificationInput, type SignedChainHead, type SignedFile, type StoredTimestamp } from '../../../utils/integrity/verify-log';

const T0 = Date.parse('2026-11-30T05:51:39.123Z');
const encode = (text: string) => new TextEncoder().encode(text);

interface Fixture {
  captures: CaptureToVerify[];
  blobs: Map<string, Uint8Array>;
  events: CustodyEvent[];
  heads: SignedChainHead[];
  signedFiles: SignedFile[];
  timestamps: StoredTimestamp[];
  publicKey: PublicKeyJwk;
  privateKey: CryptoKey;
}

/** Everything but the signatures is deterministic, so the timestamps fetched once stay valid. */
async function deterministicLog() {
  const files = {
    shot1: encode('PNG bytes of capture 1'),
    text1: encode('You will regret blocking me.'),
    shot2: encode('PNG bytes of capture 2'),
    shot3: encode('PNG bytes of capture 3'),
  };
  const ref = async (name: string, bytes: Uint8Array) => ({ name, sha256: await sha256Hex(bytes), size: bytes.byteLength });
  const record = async (id: string, url: string, artifacts: { name: string; sha256: string; size: number }[]) => ({
    id,
    pressedAt: new Date(T0).toISOString(),
    summary: { url, title: 'A post', site: 'example.social' },
    artifacts,
    note: '',
  });
  const r1 = await record('cap-1', 'https://example.social/p/1', [await ref('screenshot.png', files.shot1), await ref('text.txt', files.text1)]);
  const r2 = await record('cap-2', 'https://example.social/p/2', [await ref('screenshot.png', files.shot2)]);
  const r3 = await record('cap-3', 'https://example.social/p/3', [await ref('screenshot.png', files.shot3)]);
  const r1Before = structuredClone(r1);
  r1.note = 'Sent right after I blocked him';

  const events: CustodyEvent[] = [];
  const add = async <T extends CustodyEventType>(type: T, payload: CustodyPayloads[T]) => {
    events.push((await nextEvent(events.at(-1) ?? null, type, payload, T0 + events.length * 1000)) as CustodyEvent);
  };
  await add('capture-added', { captureId: 'cap-1', recordSha256: await canonicalSha256(r1Before), files: r1.artifacts });
  await add('capture-added', { captureId: 'cap-2', recordSha256: await canonicalSha256(r2), files: r2.artifacts });
  await add('capture-added', { captureId: 'cap-3', recordSha256: await canonicalSha256(r3), files: r3.artifacts });
  await add('field-edited', { subject: { kind: 'capture', id: 'cap-1' }, field: 'note', oldValue: '', newValue: r1.note, recordSha256: await canonicalSha256(r1) });
  await add('capture-deleted', { captureId: 'cap-2', reason: 'Captured the wrong tab', recordSha256: await canonicalSha256(r2), files: r2.artifacts });
  await add('log-locked', { how: 'manual' });
  await add('log-unlocked', {});
  await add('bundle-exported', { fileName: 'holdfast-evidence.zip', bundleSha256: 'c'.repeat(64), captureCount: 2 });

  const blobs = new Map<string, Uint8Array>();
  for (const bytes of [files.shot1, files.text1, files.shot3]) blobs.set(await sha256Hex(bytes), bytes);
  return { records: [r1, r3], blobs, events, manifest: encode('{"format":"holdfast-evidence-bundle"}\n') };
}

let tsa: LocalTsa;
let base: Awaited<ReturnType<typeof deterministicLog>>;
let tokens: StoredTimestamp[];

beforeAll(async () => {
  tsa = await startLocalTsa();
  base = await deterministicLog();
  const capture1Added = base.events[0];
  const shot3 = base.records[1].artifacts[0];
  tokens = [
    { subject: { kind: 'custody-event', seq: 1 }, der: (await requestTimestamp(tsa.url, capture1Added.hash)).der },
    { subject: { kind: 'file', captureId: 'cap-3', file: 'screenshot.png' }, der: (await requestTimestamp(tsa.url, shot3.sha256)).der },
  ];
}, 60_000);

afterAll(async () => {
  await tsa?.close();
});

async function fixture(): Promise<Fixture> {
  const { privateKey, publicKey } = await generateSigningKey();
  const { records, blobs, events, manifest } = structuredClone(base);
  const captures = await Promise.all(
    records.map(async (record) => ({ id: record.id, record, files: record.artifacts, signature: await signCanonical(privateKey, record) })),
  );
  const head = events.at(-1)!;
  return {
    captures,
    blobs,
    events,
    heads: [{ seq: head.seq, hash: head.hash, signature: await signCanonical(privateKey, chainHeadStatement(head)) }],
    signedFiles: [{ path: 'manifest.json', bytes: manifest, signature: await signBytes(privateKey, manifest) }],
    timestamps: structuredClone(tokens),
    publicKey: await publicKeyJwk(publicKey),
    privateKey,
  };
}

function inputOf(f: Fixture, extra: Partial<LogVerificationInput> = {}): LogVerificationInput {
  return {
    captures: f.captures,
    readBlob: async (sha256) => f.blobs.get(sha256),
    custodyEvents: f.events,
    publicKey: f.publicKey,
    chainHeads: f.heads,
    signedFiles: f.signedFiles,
    timestamps: f.timestamps,
    trustedTsaCerts: [tsa.caCertPem],
    ...extra,
  };
}

const found = (result: Awaited<ReturnType<typeof verifyLog>>) => result.problems.map((p) => ({ kind: p.kind, where: p.where }));

describe('an intact log', () => {
  it('verifies, and says what was checked', async () => {
    const result = await verifyLog(inputOf(await fixture()));
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.counts).toEqual({ captures: 2, files: 3, bytes: 22 + 28 + 22, events: 8, signatures: 4, timestamps: 2 });
    expect(result.chain).toMatchObject({ ok: true, head: { seq: 8 } });
    expect(result.keyFingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    expect(result.checked.join('\n')).toMatch(/fingerprint of every file \(3 files, 72 bytes\)/);
    expect(result.notChecked.join('\n')).toContain('revoked');
  });

  it('lists the deletion as a tombstone with its reason and fingerprints', async () => {
    const result = await verifyLog(inputOf(await fixture()));
    expect(result.tombstones).toEqual([
      { seq: 5, at: '2026-11-30T05:51:43.123Z', captureId: 'cap-2', reason: 'Captured the wrong tab', files: [expect.objectContaining({ name: 'screenshot.png' })] },
    ]);
  });

  it('lists the timestamps with their time and authority', async () => {
    const result = await verifyLog(inputOf(await fixture()));
    expect(result.timestamps).toHaveLength(2);
    for (const t of result.timestamps) expect(t).toMatchObject({ ok: true, tsaName: 'O=Holdfast tests, CN=Holdfast Test TSA', genTime: expect.stringMatching(/Z$/) });
  });

  it('reads from async sources and Blobs, as over IndexedDB', async () => {
    const f = await fixture();
    async function* many<T>(items: T[]) {
      yield* items;
    }
    const result = await verifyLog({
      ...inputOf(f),
      captures: many(f.captures),
      custodyEvents: many(f.events),
      readBlob: async (sha256) => {
        const bytes = f.blobs.get(sha256);
        return bytes && new Blob([bytes as BlobPart]);
      },
    });
    expect(result.problems).toEqual([]);
  });
});

describe('each tamper case is detected and named where it is', () => {
  it('a changed file', async () => {
    const f = await fixture();
    const shot = f.captures[0].files[0];
    f.blobs.set(shot.sha256, encode('PNG bytes of capture X'));
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toEqual([{ kind: 'file-changed', where: { captureId: 'cap-1', file: 'screenshot.png' } }]);
    expect(result.problems[0].message).toMatch(/^Capture cap-1, file screenshot\.png: the file was changed after it was captured: its fingerprint is now [0-9a-f]{64}, it was [0-9a-f]{64}$/);
  });

  it('a missing file', async () => {
    const f = await fixture();
    f.blobs.delete(f.captures[0].files[1].sha256);
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toEqual([{ kind: 'file-missing', where: { captureId: 'cap-1', file: 'text.txt' } }]);
  });

  it('a changed record field: the signature and the custody fingerprint both disagree', async () => {
    const f = await fixture();
    (f.captures[1].record as { summary: { url: string } }).summary.url = 'https://example.social/p/someone-else';
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toEqual([
      { kind: 'signature-invalid', where: { captureId: 'cap-3' } },
      { kind: 'record-changed', where: { captureId: 'cap-3', seq: 3 } },
    ]);
    expect(result.problems[1].message).toBe("Capture cap-3, custody event 3: the capture's record differs from the one recorded at custody event 3: it was changed without a custody event");
  });

  it('a removed custody event', async () => {
    const f = await fixture();
    f.events.splice(5, 1); // event 6, the lock
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toEqual([{ kind: 'missing', where: { seq: 6 } }]);
    expect(result.problems[0].message).toBe('Custody event 6 is missing: removed from the log.');
  });

  it('custody events removed from the end, after the signed head', async () => {
    const f = await fixture();
    f.events.splice(6);
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toContainEqual({ kind: 'missing', where: { seq: 7 } });
    expect(found(result)).toContainEqual({ kind: 'signature-invalid', where: { seq: 8 } });
  });

  it('two custody events swapped', async () => {
    const f = await fixture();
    [f.events[5], f.events[6]] = [f.events[6], f.events[5]];
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toEqual([{ kind: 'out-of-order', where: { seq: 6 } }]);
  });

  it('a forged signature on a record, on the chain head and on the manifest', async () => {
    const f = await fixture();
    const forger = await generateSigningKey();
    f.captures[0].signature = await signCanonical(forger.privateKey, f.captures[0].record);
    f.heads[0].signature = await signCanonical(forger.privateKey, chainHeadStatement(f.heads[0]));
    f.signedFiles[0].signature = await signBytes(forger.privateKey, f.signedFiles[0].bytes);
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toEqual([
      { kind: 'signature-invalid', where: { captureId: 'cap-1' } },
      { kind: 'signature-invalid', where: { seq: 8 } },
      { kind: 'signature-invalid', where: { path: 'manifest.json' } },
    ]);
    expect(result.problems[2].message).toBe('Manifest.json: the signature of manifest.json does not match: it was changed after it was signed, or signed by another key');
  });

  it('a timestamp token for another hash', async () => {
    const f = await fixture();
    f.timestamps[1].subject = { kind: 'file', captureId: 'cap-1', file: 'screenshot.png' };
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toEqual([{ kind: 'timestamp-other-hash', where: { captureId: 'cap-1', file: 'screenshot.png' } }]);
    expect(result.timestamps[1]).toMatchObject({ ok: false });
  });

  it('a timestamp for a custody event that is not in the log', async () => {
    const f = await fixture();
    f.timestamps[0].subject = { kind: 'custody-event', seq: 99 };
    const result = await verifyLog(inputOf(f));
    expect(found(result)).toEqual([{ kind: 'timestamp-subject-missing', where: { seq: 99 } }]);
  });

  it('a capture removed without a recorded deletion, unless the captures are a selection', async () => {
    const f = await fixture();
    f.captures.pop();
    const result = await verifyLog({ ...inputOf(f), timestamps: f.timestamps.slice(0, 1) });
    expect(found(result)).toEqual([{ kind: 'capture-missing', where: { captureId: 'cap-3', seq: 3 } }]);
    expect((await verifyLog({ ...inputOf(f), timestamps: f.timestamps.slice(0, 1), partial: true })).ok).toBe(true);
  });

  it('a capture slipped in without a custody event, and a deleted capture brought back', async () => {
    const f = await fixture();
    const extra = { id: 'cap-4', record: { id: 'cap-4' }, files: [] };
    const revived = { id: 'cap-2', record: { id: 'cap-2' }, files: [] };
    const result = await verifyLog({ ...inputOf(f), captures: [...f.captures, extra, revived] });
    expect(found(result)).toEqual([
      { kind: 'not-in-custody', where: { captureId: 'cap-4' } },
      { kind: 'not-in-custody', where: { captureId: 'cap-2', seq: 5 } },
      { kind: 'record-changed', where: { captureId: 'cap-2', seq: 2 } },
    ]);
  });

  it('a damaged list of files in a capture record', async () => {
    const f = await fixture();
    const damaged = { ...f.captures[1], files: [null, f.captures[1].files[0]] as never };
    const result = await verifyLog({ ...inputOf(f), captures: [f.captures[0], damaged] });
    expect(found(result)).toEqual([{ kind: 'record-changed', where: { captureId: 'cap-3' } }]);
    expect(result.counts.files).toBe(3);
  });

  it('signatures without a public key, said once', async () => {
    const result = await verifyLog({ ...inputOf(await fixture()), publicKey: undefined });
    expect(found(result)).toEqual([{ kind: 'key-missing', where: {} }]);
    expect(result.keyFingerprint).toBeNull();
  });
});
