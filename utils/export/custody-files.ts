/**
 * The chain of custody and the signatures in an evidence bundle:
 *
 *   custody/events.json       the log's custody events up to this export; events about captures
 *                             not in this bundle carry only `payloadSha256` ("withheld")
 *   custody/chain-head.json   the last event's number and fingerprint
 *   custody/chain-head.sig    its signature
 *   custody/statements.json   each capture's evidence statement
 *   custody/statement-signatures.json  each statement's signature, by capture id
 *   signing-key.jwk.json      the profile's public key (JWK) and its fingerprint
 *   manifest.sig              signature of manifest.json's bytes (written after it)
 *   timestamps/<seq>.tst      opt-in trusted timestamps: the RFC 3161 token (DER) of custody event <seq>
 *   timestamps/index.json     which event each token is for: its number, hash, authority, time
 *
 * ECDSA signatures differ each time they are made, so the signature files are not listed in the
 * manifest (`notListedHere`; SHA256SUMS lists them): exporting the same log twice gives the same
 * manifest. A signature needs no fingerprint: it is checked against the key.
 *
 * Disclosed in full: events about the exported captures, every deletion (tombstones hold only
 * ids, fingerprints and the reason given) with the addition it closes, exports, imports, locks
 * and settings. Withheld: events about other captures (notes, additions) and edits of incidents
 * and people, unless the whole log is exported.
 */
import type { HoldfastDb } from '../db/database';
import { loadEvidenceCodec, type EvidenceCodec } from '../db/evidence-codec';
import { chainHeadStatement, withholdPayload, type CustodyEvent, type WithheldCustodyEvent } from '../integrity/custody';
import { captureStatement, signingKeyStore, type CaptureStatement } from '../integrity/custody-log';
import { fingerprint, getOrCreateSigningKey, keyThumbprintHex, publicKeyJwk, signBytes, signCanonical, type PublicKeyJwk } from '../integrity/signing';

export const CUSTODY_EVENTS_PATH = 'custody/events.json';
export const CHAIN_HEAD_PATH = 'custody/chain-head.json';
export const STATEMENTS_PATH = 'custody/statements.json';
export const CHAIN_HEAD_SIGNATURE_PATH = 'custody/chain-head.sig';
export const STATEMENT_SIGNATURES_PATH = 'custody/statement-signatures.json';
export const SIGNING_KEY_PATH = 'signing-key.jwk.json';
export const MANIFEST_SIGNATURE_PATH = 'manifest.sig';
export const TIMESTAMPS_INDEX_PATH = 'timestamps/index.json';

/** `timestamps/0007.tst` for event 7. */
export function timestampTokenPath(seq: number): string {
  return `timestamps/${String(seq).padStart(4, '0')}.tst`;
}

/** `timestamps/index.json`: one entry per token in the bundle, by event number. */
export interface TimestampsIndexFile {
  format: 'holdfast-timestamps';
  explanation: string;
  tokens: { seq: number; eventHash: string; authority: string; tsaName: string; genTime: string; file: string }[];
}

/** The public key as a bundle carries it. */
export interface SigningKeyFile {
  format: 'holdfast-signing-key';
  algorithm: 'ECDSA P-256 with SHA-256; signatures are base64 of r || s (IEEE P1363)';
  publicKey: PublicKeyJwk;
  /** RFC 7638 thumbprint, grouped for people to compare. */
  fingerprint: string;
  thumbprintSha256: string;
}

export interface ChainHeadFile {
  format: 'holdfast-custody-chain-head';
  /** `custody/chain-head.sig` holds the signature of the canonical JSON of `head`. */
  head: ReturnType<typeof chainHeadStatement>;
}

export interface StatementsFile {
  format: 'holdfast-capture-statements';
  statements: { captureId: string; statement: CaptureStatement }[];
}

export interface StatementSignaturesFile {
  format: 'holdfast-capture-statement-signatures';
  /** Capture id → base64 signature of the canonical JSON of its statement. */
  signatures: Record<string, string>;
}

export interface CustodyEventsFile {
  format: 'holdfast-custody-events';
  events: (CustodyEvent | WithheldCustodyEvent)[];
}

/** What the export writes and keeps for the end (the manifest's signature). */
export interface CustodyExport {
  /** Files the manifest lists. */
  files: [path: string, mediaType: string, bytes: Uint8Array][];
  /** Signature files: in the bundle and SHA256SUMS, named in the manifest's `notListedHere`. */
  signatureFiles: [path: string, mediaType: string, bytes: Uint8Array][];
  keyFingerprint: string;
  /** Which exported captures have a trusted timestamp, in plain words for the report; absent when none has. */
  timestampsNote?: string;
  /** Signs `manifest.json`'s bytes: the content of `manifest.sig`. */
  signManifest(bytes: Uint8Array): Promise<Uint8Array>;
}

/** Which events an export of `captureIds` (all captures when `all`) discloses in full. */
export function disclosedEvents(events: CustodyEvent[], captureIds: ReadonlySet<string>, all: boolean): (CustodyEvent | WithheldCustodyEvent)[] {
  if (all) return events;
  const deleted = new Set(events.filter((e) => e.type === 'capture-deleted').map((e) => (e as CustodyEvent<'capture-deleted'>).payload.captureId));
  return events.map((event) => {
    switch (event.type) {
      case 'capture-added':
        return captureIds.has(event.payload.captureId) || deleted.has(event.payload.captureId) ? event : withholdPayload(event);
      case 'capture-deleted':
        return event;
      case 'field-edited':
        return event.payload.subject.kind === 'capture' && captureIds.has(event.payload.subject.id) ? event : withholdPayload(event);
      default:
        return event;
    }
  });
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * The custody files of an export of `captures` (ids in bundle order). Captures are opened through
 * the evidence codec (an encrypted log must be unlocked) to rebuild their statements.
 */
export async function custodyFilesForExport(
  db: HoldfastDb,
  captures: { ids: string[]; all: boolean },
  codec?: EvidenceCodec,
): Promise<CustodyExport> {
  const pair = await getOrCreateSigningKey(signingKeyStore(db));
  const jwk = await publicKeyJwk(pair.publicKey);
  const keyFile: SigningKeyFile = {
    format: 'holdfast-signing-key',
    algorithm: 'ECDSA P-256 with SHA-256; signatures are base64 of r || s (IEEE P1363)',
    publicKey: jwk,
    fingerprint: await fingerprint(jwk),
    thumbprintSha256: await keyThumbprintHex(jwk),
  };
  const events = await db.custody.orderBy('seq').toArray();
  const eventsFile: CustodyEventsFile = { format: 'holdfast-custody-events', events: disclosedEvents(events, new Set(captures.ids), captures.all) };
  const files: CustodyExport['files'] = [
    [SIGNING_KEY_PATH, 'application/json', json(keyFile)],
    [CUSTODY_EVENTS_PATH, 'application/json', json(eventsFile)],
  ];
  const signatureFiles: CustodyExport['signatureFiles'] = [];
  const last = events.at(-1);
  if (last) {
    const head = chainHeadStatement({ seq: last.seq, hash: last.hash });
    files.push([CHAIN_HEAD_PATH, 'application/json', json({ format: 'holdfast-custody-chain-head', head } satisfies ChainHeadFile)]);
    signatureFiles.push([CHAIN_HEAD_SIGNATURE_PATH, 'text/plain', new TextEncoder().encode(`${await signCanonical(pair.privateKey, head)}\n`)]);
  }
  const reader = codec ?? (await loadEvidenceCodec(db, browser.storage.session, Date.now()));
  const signatures = new Map((await db.captureSignatures.bulkGet(captures.ids)).filter((s) => s !== undefined).map((s) => [s.captureId, s.signature]));
  const statements: StatementsFile['statements'] = [];
  const statementSignatures: Record<string, string> = {};
  for (const stored of await db.captures.bulkGet(captures.ids)) {
    if (!stored || stored.status === 'pending') continue;
    const opened = await reader.openCapture(stored);
    if (opened.state === 'locked' || opened.state === 'unreadable') continue;
    const statement = captureStatement(opened.record);
    // Captures from before signing existed (or imported ones) are signed now, at export.
    statements.push({ captureId: stored.id, statement });
    statementSignatures[stored.id] = signatures.get(stored.id) ?? (await signCanonical(pair.privateKey, statement));
  }
  files.push([STATEMENTS_PATH, 'application/json', json({ format: 'holdfast-capture-statements', statements } satisfies StatementsFile)]);
  const stamps = await timestampFiles(db);
  files.push(...stamps);
  const timestampsNote = stamps.length ? await timestampsNoteFor(db, events, captures.ids) : undefined;
  signatureFiles.push([STATEMENT_SIGNATURES_PATH, 'application/json', json({ format: 'holdfast-capture-statement-signatures', signatures: statementSignatures } satisfies StatementSignaturesFile)]);
  return {
    files,
    signatureFiles,
    keyFingerprint: keyFile.fingerprint,
    ...(timestampsNote ? { timestampsNote } : {}),
    signManifest: async (bytes) => new TextEncoder().encode(`${await signBytes(pair.privateKey, bytes)}\n`),
  };
}

/**
 * The trusted timestamps obtained so far (none unless the person turned them on): each token as
 * the authority sent it, and an index. A token is for an event's `hash`, which every export
 * discloses (withheld events keep it), so tokens reveal nothing a withheld payload hides.
 */
export async function timestampFiles(db: HoldfastDb): Promise<[path: string, mediaType: string, bytes: Uint8Array][]> {
  const rows = (await db.timestamps.where('state').equals('stamped').sortBy('seq')).filter((r) => r.der && r.genTime);
  if (!rows.length) return [];
  const index: TimestampsIndexFile = {
    format: 'holdfast-timestamps',
    explanation:
      'Each .tst file is an RFC 3161 timestamp token signed by the authority named, for the SHA-256 fingerprint (hash) of the custody event with that number. Check one with: openssl ts -verify -digest <eventHash> -in <file> -token_in -CAfile <the authority root certificate>.',
    tokens: rows.map((r) => ({ seq: r.seq, eventHash: r.eventHash, authority: r.authorityUrl, tsaName: r.tsaName ?? '', genTime: r.genTime ?? '', file: timestampTokenPath(r.seq) })),
  };
  return [
    ...rows.map((r): [string, string, Uint8Array] => [timestampTokenPath(r.seq), 'application/timestamp-reply', r.der as Uint8Array]),
    [TIMESTAMPS_INDEX_PATH, 'application/json', json(index)],
  ];
}

/**
 * In plain words, which captures of the export have a trusted timestamp (of their "capture added"
 * custody event) and which do not, for "How to check this record".
 */
export async function timestampsNoteFor(db: HoldfastDb, events: CustodyEvent[], captureIds: string[]): Promise<string> {
  const stamped = new Map((await db.timestamps.where('state').equals('stamped').toArray()).map((r) => [r.seq, r]));
  const addedSeq = new Map<string, number>();
  for (const e of events) if (e.type === 'capture-added') addedSeq.set(e.payload.captureId, e.seq);
  const with_: string[] = [];
  const without: string[] = [];
  for (const id of captureIds) {
    const seq = addedSeq.get(id);
    const row = seq === undefined ? undefined : stamped.get(seq);
    if (row && seq !== undefined) with_.push(`capture ${id} (custody event ${seq}): ${row.genTime} UTC, from ${row.tsaName || row.authorityUrl}`);
    else without.push(id);
  }
  return [
    `Trusted timestamps: ${with_.length} of the ${captureIds.length} captures in this bundle have a trusted timestamp. An independent timestamp authority (RFC 3161) signed a token saying that the fingerprint of the custody event recording the capture existed at the time it gives; only that fingerprint was sent to it.`,
    with_.length ? ` With a timestamp: ${with_.join('; ')}.` : '',
    without.length ? ` Without one (taken before timestamps were turned on, or still waiting for the authority): ${without.join(', ')}.` : '',
    ' The tokens are in the timestamps folder; verify.html checks that each is for its event and that its signature is valid.',
  ].join('');
}
