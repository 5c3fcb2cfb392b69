/**
 * "Verify log": re-hashes every stored file, walks the chain of custody, checks the signatures and
 * the trusted timestamps, and lists each problem with where it is (capture, file, custody event)
 * in plain words. Its inputs are plain readers (iterables and functions), so the same code runs in
 * the extension (over IndexedDB) and in the bundle's offline verifier page (over the zip).
 */
import { canonicalSha256 } from './canonical';
import { chainHeadStatement, verifyChain, type ChainHead, type ChainProblemKind, type ChainReport, type CustodyEvent } from './custody';
import { sha256Hex } from './sha256';
import { fingerprint, toPublicKeyJwk, verifyBytesSignature, verifySignature, type PublicKeyJwk } from './signing';
import { verifyTimestampToken, type TimestampProblemKind } from './timestamp';

/** A file of a capture, as the capture's record lists it. */
export interface FileToVerify {
  name: string;
  sha256: string;
  size?: number;
}

/** One capture as kept in the log. */
export interface CaptureToVerify {
  id: string;
  /** The capture record exactly as kept: what its signature and its custody fingerprints cover. */
  record: unknown;
  files: FileToVerify[];
  /** Base64 signature of the canonical JSON of `record`, when the capture was signed. */
  signature?: string;
}

/** A signature of a chain head (`chainHeadStatement`), made at export. */
export interface SignedChainHead extends ChainHead {
  signature: string;
}

/** A file signed byte for byte, e.g. `manifest.json`. */
export interface SignedFile {
  path: string;
  bytes: Uint8Array;
  signature: string;
}

/** What a trusted timestamp vouches for. */
export type TimestampSubject =
  /** The fingerprint (`hash`) of a custody event, e.g. the `capture-added` event of a capture, or a chain head. */
  | { kind: 'custody-event'; seq: number }
  /** One file of a capture. */
  | { kind: 'file'; captureId: string; file: string };

export interface StoredTimestamp {
  subject: TimestampSubject;
  /** The token bytes (DER) as the authority sent them. */
  der: Uint8Array;
}

type Many<T> = Iterable<T> | AsyncIterable<T>;

export interface LogVerificationInput {
  captures: Many<CaptureToVerify>;
  /** The bytes stored under a fingerprint, or undefined when there are none. */
  readBlob: (sha256: string) => Promise<Uint8Array | Blob | undefined>;
  /** The custody events in the order they are kept; absent when the log has no chain to check. */
  custodyEvents?: Many<unknown>;
  /** The profile's public key; needed to check any signature. */
  publicKey?: PublicKeyJwk;
  chainHeads?: Many<SignedChainHead>;
  signedFiles?: Many<SignedFile>;
  timestamps?: Many<StoredTimestamp>;
  /** Certificates (PEM or DER) timestamp authorities must chain to; without them that is not checked. */
  trustedTsaCerts?: (string | Uint8Array)[];
  /** True when `captures` is a selection (a partial export): captures of the chain that are not given are not reported missing. */
  partial?: boolean;
}

/** Where a problem is. */
export interface LogLocation {
  captureId?: string;
  file?: string;
  seq?: number;
  path?: string;
}

export type LogProblemKind =
  | 'file-changed'
  | 'file-missing'
  | 'record-changed'
  | 'capture-missing'
  | 'not-in-custody'
  | 'signature-invalid'
  | 'key-missing'
  | ChainProblemKind
  | `timestamp-${TimestampProblemKind}`
  | 'timestamp-subject-missing';

export interface LogProblem {
  kind: LogProblemKind;
  where: LogLocation;
  /** Plain words, starting with where, e.g. `Capture 3f2a…, file screenshot.png: …`. */
  message: string;
}

export interface TimestampFinding {
  subject: TimestampSubject;
  ok: boolean;
  genTime: string | null;
  tsaName: string | null;
}

/** A deletion the chain of custody records: the capture is gone, its fingerprints stay. */
export interface Tombstone {
  seq: number;
  at: string;
  captureId: string;
  reason: string;
  files: FileToVerify[];
}

export interface LogVerification {
  ok: boolean;
  counts: { captures: number; files: number; bytes: number; events: number; signatures: number; timestamps: number };
  chain: ChainReport | null;
  /** The public key's fingerprint (`3F2A 9C1B …`), when a key was given. */
  keyFingerprint: string | null;
  tombstones: Tombstone[];
  timestamps: TimestampFinding[];
  problems: LogProblem[];
  /** What was checked, in plain words. */
  checked: string[];
  /** What was not checked, in plain words. */
  notChecked: string[];
}

/** Checks everything the log holds; never throws on damaged input, it reports it. */
export async function verifyLog(input: LogVerificationInput): Promise<LogVerification> {
  const problems: LogProblem[] = [];
  const report = (kind: LogProblemKind, where: LogLocation, message: string) => problems.push({ kind, where, message: `${describeLocation(where)}: ${message}` });
  const counts = { captures: 0, files: 0, bytes: 0, events: 0, signatures: 0, timestamps: 0 };
  const checked: string[] = [];
  const notChecked: string[] = [];

  let key: PublicKeyJwk | null = null;
  let keyFingerprint: string | null = null;
  if (input.publicKey) {
    try {
      key = toPublicKeyJwk(input.publicKey);
      keyFingerprint = await fingerprint(key);
    } catch {
      report('key-missing', {}, 'the public key given is not an ECDSA P-256 public key, so no signature can be checked');
    }
  }
  let keyMissingReported = !!input.publicKey && !key;
  const checkSignature = async (where: LogLocation, what: string, verify: (k: PublicKeyJwk) => Promise<boolean>) => {
    counts.signatures += 1;
    if (!key) {
      if (!keyMissingReported) report('key-missing', {}, 'there are signatures but no public key to check them with');
      keyMissingReported = true;
      return;
    }
    if (!(await verify(key))) report('signature-invalid', where, `the signature of ${what} does not match: it was changed after it was signed, or signed by another key`);
  };

  // The chain of custody first: it says what the log should hold.
  let events: CustodyEvent[] = [];
  let chain: ChainReport | null = null;
  const heads = input.chainHeads ? await collect(input.chainHeads) : [];
  if (input.custodyEvents) {
    const raw = await collect(input.custodyEvents);
    const latestHead = heads.reduce<SignedChainHead | undefined>((a, h) => (!a || h.seq > a.seq ? h : a), undefined);
    chain = await verifyChain(raw, latestHead ? { expectedHead: { seq: latestHead.seq, hash: latestHead.hash } } : {});
    // Chain messages already say which event they are about.
    for (const p of chain.problems) problems.push({ kind: p.kind, where: p.seq === null ? {} : { seq: p.seq }, message: p.message });
    events = raw.filter(isEventLike);
    counts.events = chain.count;
    checked.push(`Walked the chain of custody (${chain.count} events): each event's fingerprint, and its link to the event before it.`);
    if (chain.withheldNote) checked.push(chain.withheldNote);
  } else {
    notChecked.push('The chain of custody: none was given.');
  }
  const custody = custodyIndex(events);

  // Every capture and every file.
  const blobResults = new Map<string, Promise<BlobCheck>>();
  const seen = new Set<string>();
  /** captureId → file name → SHA-256 recorded at capture. */
  const recorded = new Map<string, Map<string, string>>();
  for await (const capture of input.captures) {
    counts.captures += 1;
    seen.add(capture.id);
    const at = { captureId: capture.id };
    // A bundle may have been edited by hand: read the file list defensively.
    const listed: unknown[] = Array.isArray(capture.files) ? capture.files : [];
    const files = listed.filter(isFileLike);
    if (!Array.isArray(capture.files) || files.length !== listed.length) {
      report('record-changed', at, "the capture's list of files cannot be read");
    }
    recorded.set(capture.id, new Map(files.map((f) => [f.name, f.sha256])));
    for (const file of files) {
      counts.files += 1;
      const where = { captureId: capture.id, file: file.name };
      let pending = blobResults.get(file.sha256);
      if (!pending) {
        pending = checkBlob(input.readBlob, file.sha256);
        blobResults.set(file.sha256, pending);
      }
      const result = await pending;
      if (result.kind === 'missing') report('file-missing', where, 'the file is missing from the log');
      else if (result.kind === 'changed') report('file-changed', where, `the file was changed after it was captured: its fingerprint is now ${result.actual}, it was ${file.sha256}`);
      else if (file.size !== undefined && result.size !== file.size) report('file-changed', where, `the file is ${result.size} bytes, it was ${file.size} bytes when captured`);
      if (result.kind !== 'missing') counts.bytes += result.size;
    }
    if (capture.signature !== undefined) await checkSignature(at, 'its record', (k) => verifySignature(k, capture.record, capture.signature ?? ''));
    if (input.custodyEvents) await checkCaptureCustody(capture, custody, report);
  }
  checked.push(`Recomputed the SHA-256 fingerprint of every file (${counts.files} files, ${counts.bytes} bytes) and compared it with the one recorded when it was captured.`);

  if (input.custodyEvents) {
    for (const [captureId, added] of custody.added) {
      if (seen.has(captureId) || custody.deleted.has(captureId) || input.partial) continue;
      report('capture-missing', { captureId, seq: added.seq }, `the capture was added at custody event ${added.seq} but is missing, and no deletion was recorded`);
    }
    checked.push('Compared the captures with the chain of custody: every capture was recorded when added, its record matches the fingerprint last recorded for it, and every capture that is gone has a recorded deletion.');
  }

  for (const head of heads) {
    const where = { seq: head.seq };
    await checkSignature(where, `the chain of custody up to this event`, (k) => verifySignature(k, chainHeadStatement(head), head.signature));
    const event = events.find((e) => e.seq === head.seq && e.hash === head.hash);
    if (input.custodyEvents && !event) report('signature-invalid', where, 'the signed chain of custody ended at an event that is not in the log');
  }
  for await (const file of input.signedFiles ?? []) {
    await checkSignature({ path: file.path }, file.path, (k) => verifyBytesSignature(k, file.bytes, file.signature));
  }
  if (counts.signatures) {
    checked.push(key ? `Checked ${counts.signatures} signatures with the log's public key (fingerprint ${keyFingerprint}).` : `Could not check ${counts.signatures} signatures: no public key.`);
  }

  const timestamps: TimestampFinding[] = [];
  for await (const stamp of input.timestamps ?? []) {
    counts.timestamps += 1;
    const where = timestampLocation(stamp.subject);
    const expected = timestampedHash(stamp.subject, events, recorded, custody);
    if (!expected) {
      report('timestamp-subject-missing', where, 'a trusted timestamp is kept for this, but it is not in the log');
      timestamps.push({ subject: stamp.subject, ok: false, genTime: null, tsaName: null });
      continue;
    }
    const outcome = await verifyTimestampToken(stamp.der, expected, input.trustedTsaCerts);
    for (const p of outcome.problems) report(`timestamp-${p.kind}`, where, lowerFirst(p.message));
    timestamps.push({ subject: stamp.subject, ok: outcome.ok, genTime: outcome.genTime, tsaName: outcome.tsaName });
  }
  if (counts.timestamps) {
    checked.push(`Checked ${counts.timestamps} trusted timestamps: each is for the fingerprint it is attached to and is signed by the authority's certificate inside it.`);
    if (!input.trustedTsaCerts?.length) notChecked.push("Whether the timestamp authorities' certificates come from trusted roots: no trusted certificates were given.");
    notChecked.push("Whether the timestamp authorities' certificates were revoked: that needs the internet.");
  }

  return {
    ok: problems.length === 0,
    counts,
    chain,
    keyFingerprint,
    tombstones: [...custody.deleted.values()],
    timestamps,
    problems,
    checked,
    notChecked,
  };
}

type BlobCheck = { kind: 'ok'; size: number } | { kind: 'changed'; actual: string; size: number } | { kind: 'missing' };

async function checkBlob(readBlob: LogVerificationInput['readBlob'], sha256: string): Promise<BlobCheck> {
  let data: Uint8Array | Blob | undefined;
  try {
    data = await readBlob(sha256);
  } catch {
    data = undefined;
  }
  if (data === undefined) return { kind: 'missing' };
  const size = data instanceof Blob ? data.size : data.byteLength;
  const actual = await sha256Hex(data);
  return actual === sha256 ? { kind: 'ok', size } : { kind: 'changed', actual, size };
}

interface CustodyIndex {
  added: Map<string, CustodyEvent<'capture-added'>>;
  /** The last event that recorded a capture record's fingerprint. */
  lastRecordHash: Map<string, { seq: number; sha256: string }>;
  deleted: Map<string, Tombstone>;
}

function custodyIndex(events: CustodyEvent[]): CustodyIndex {
  const index: CustodyIndex = { added: new Map(), lastRecordHash: new Map(), deleted: new Map() };
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (!event.payload) continue; // withheld: about a capture not given
    const p = event.payload as Record<string, unknown>;
    if (event.type === 'capture-added' && typeof p.captureId === 'string') {
      index.added.set(p.captureId, event);
      if (typeof p.recordSha256 === 'string') index.lastRecordHash.set(p.captureId, { seq: event.seq, sha256: p.recordSha256 });
    } else if (event.type === 'field-edited') {
      const subject = p.subject as { kind?: unknown; id?: unknown } | undefined;
      if (subject?.kind === 'capture' && typeof subject.id === 'string' && typeof p.recordSha256 === 'string') {
        index.lastRecordHash.set(subject.id, { seq: event.seq, sha256: p.recordSha256 });
      }
    } else if (event.type === 'bundle-imported' && Array.isArray(p.captureIds)) {
      // Imported captures enter the log by the import's event; their own fingerprints are checked by the import.
      for (const id of p.captureIds) if (typeof id === 'string' && !index.added.has(id)) index.added.set(id, event as unknown as CustodyEvent<'capture-added'>);
    } else if (event.type === 'capture-deleted' && typeof p.captureId === 'string') {
      const files = Array.isArray(p.files) ? (p.files as unknown[]).filter(isFileLike) : [];
      index.deleted.set(p.captureId, { seq: event.seq, at: event.at, captureId: p.captureId, reason: typeof p.reason === 'string' ? p.reason : '', files });
    }
  }
  return index;
}

async function checkCaptureCustody(capture: CaptureToVerify, custody: CustodyIndex, report: (kind: LogProblemKind, where: LogLocation, message: string) => void): Promise<void> {
  const at = { captureId: capture.id };
  const deletion = custody.deleted.get(capture.id);
  if (deletion) {
    report('not-in-custody', { ...at, seq: deletion.seq }, `the capture is still in the log although custody event ${deletion.seq} records its deletion`);
  }
  if (!custody.added.has(capture.id)) {
    report('not-in-custody', at, 'the capture is in the log, but its addition was never recorded in the chain of custody');
    return;
  }
  const expected = custody.lastRecordHash.get(capture.id);
  if (!expected) return;
  let actual: string;
  try {
    actual = await canonicalSha256(capture.record);
  } catch {
    actual = '';
  }
  if (actual !== expected.sha256) {
    report('record-changed', { ...at, seq: expected.seq }, `the capture's record differs from the one recorded at custody event ${expected.seq}: it was changed without a custody event`);
  }
}

/** The fingerprint a timestamp must be for: a custody event's hash, or a file's recorded SHA-256. */
function timestampedHash(subject: TimestampSubject, events: CustodyEvent[], recorded: Map<string, Map<string, string>>, custody: CustodyIndex): string | null {
  if (subject.kind === 'custody-event') return events.find((e) => e.seq === subject.seq)?.hash ?? null;
  const kept = recorded.get(subject.captureId)?.get(subject.file);
  if (kept) return kept;
  // A deleted capture's tombstone keeps its files' fingerprints, so their timestamps still check.
  return custody.deleted.get(subject.captureId)?.files.find((f) => f.name === subject.file)?.sha256 ?? null;
}

function timestampLocation(subject: TimestampSubject): LogLocation {
  return subject.kind === 'custody-event' ? { seq: subject.seq } : { captureId: subject.captureId, file: subject.file };
}

/** `Capture 3f2a…, file screenshot.png, custody event 4`, or `The log`. */
export function describeLocation(where: LogLocation): string {
  const parts: string[] = [];
  if (where.captureId !== undefined) parts.push(`Capture ${where.captureId}`);
  if (where.file !== undefined) parts.push(`file ${where.file}`);
  if (where.seq !== undefined) parts.push(`custody event ${where.seq}`);
  if (where.path !== undefined) parts.push(where.path);
  if (!parts.length) return 'The log';
  const text = parts.join(', ');
  return text[0].toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text ? text[0].toLowerCase() + text.slice(1) : text;
}

function isEventLike(value: unknown): value is CustodyEvent {
  const v = value as Partial<CustodyEvent> | null;
  return typeof v === 'object' && v !== null && typeof v.seq === 'number' && typeof v.hash === 'string' && typeof v.type === 'string' && (v.payload === undefined || (typeof v.payload === 'object' && v.payload !== null));
}

function isFileLike(value: unknown): value is FileToVerify {
  const f = value as Partial<FileToVerify> | null;
  return typeof f === 'object' && f !== null && typeof f.name === 'string' && typeof f.sha256 === 'string';
}

async function collect<T>(items: Many<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

