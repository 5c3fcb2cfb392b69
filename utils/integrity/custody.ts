/**
 * The chain of custody: an append-only list of custody events (capture added, field edited,
 * capture deleted, bundle exported or imported, log locked or unlocked, settings changed).
 *
 * Each event carries its number (`seq`, 1, 2, …), its UTC time, its details (`payload`) and three
 * fingerprints:
 * - `payloadSha256`: SHA-256 of the canonical JSON (RFC 8785) of `payload`;
 * - `hash`: SHA-256 of the canonical JSON of `{seq, at, type, payloadSha256, prevHash}`;
 * - `prevHash`: the `hash` of the event before it (64 zeros for event 1).
 * Editing an event changes its fingerprint; removing or reordering events breaks a link. Anyone
 * can recompute all three with `sha256` and any JCS implementation, without this extension.
 *
 * Selective disclosure: because `hash` covers the payload only through `payloadSha256`, an export
 * of some captures can leave out ("withhold") the payloads of events about other captures and
 * keep only their `payloadSha256`: the chain still verifies end to end, and nothing about the
 * other captures (notes, deletion reasons, ids) is revealed.
 */
import type { Table } from 'dexie';
import { isoUtc } from '../format/time';
import { canonicalJson, canonicalSha256, type JsonValue } from './canonical';
import { isSha256Hex } from './sha256';

/** `prevHash` of the first event: there is nothing before it. */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/** A file as the log knew it when the event was written. */
export interface CustodyFile {
  /** File name inside the capture, e.g. `screenshot.png`. */
  name: string;
  /**
   * Absent in an encrypted log: a file's fingerprint in the clear would let anyone holding a copy
   * of the file confirm it is in the log. `recordSha256` (the capture statement's fingerprint)
   * still covers every file's fingerprint.
   */
  sha256?: string;
  size: number;
}

/** What each kind of custody event records. Settings payloads must never hold a secret. */
export interface CustodyPayloads {
  /** A capture was written to the log, with the fingerprints of its record and files. */
  'capture-added': { captureId: string; recordSha256: string; files: CustodyFile[] };
  /** The person changed a note or a field of a capture or incident: the value before and after. */
  'field-edited': {
    subject: { kind: 'capture' | 'incident' | 'person' | 'protective-order'; id: string };
    field: string;
    /** Absent in an encrypted log, where only the fingerprints below are kept in the chain. */
    oldValue?: JsonValue;
    newValue?: JsonValue;
    /** In an encrypted log: SHA-256 of the canonical JSON of the value before and after (the values themselves are not written in the clear). */
    oldValueSha256?: string;
    newValueSha256?: string;
    /** The number of the edit in the edit table, so each edit is recorded once. */
    editSeq?: number;
    /** When the edit was made (the event's own time may be a moment later). */
    editedAt?: string;
    /** The fingerprint (canonical SHA-256) of the edited record after the edit, so "Verify log" can tell a recorded edit from a silent one. */
    recordSha256?: string;
  };
  /** A tombstone: the capture is gone, its fingerprints and the person's reason stay. */
  'capture-deleted': {
    captureId: string;
    reason: string;
    recordSha256: string;
    files: CustodyFile[];
    /** When the deleted capture's key was pressed, so the gap in the timeline is explained. */
    pressedAt?: string;
  };
  /** An evidence bundle was produced. */
  'bundle-exported': {
    fileName: string;
    bundleSha256: string;
    manifestSha256?: string;
    captureCount: number;
    /** The captures in the bundle, in its order. */
    captureIds?: string[];
  };
  /** Captures were imported from an evidence bundle. */
  'bundle-imported': {
    fileName: string;
    bundleSha256: string;
    /** The captures added to the log. */
    captureIds: string[];
    manifestSha256?: string;
    /** Captures of the bundle the log already held, identical: left as they were. */
    alreadyPresent?: number;
    /** Captures the log already held with other files: the log's own were kept. */
    conflicting?: string[];
  };
  'log-locked': { how: 'manual' | 'idle' | 'quick-exit' | 'other' };
  'log-unlocked': Record<string, never>;
  'settings-changed': { setting: string; oldValue: JsonValue; newValue: JsonValue };
}

export type CustodyEventType = keyof CustodyPayloads;

export const CUSTODY_EVENT_TYPES: readonly CustodyEventType[] = [
  'capture-added',
  'field-edited',
  'capture-deleted',
  'bundle-exported',
  'bundle-imported',
  'log-locked',
  'log-unlocked',
  'settings-changed',
];

/** One custody event; `T` narrows it to one type. */
export type CustodyEvent<T extends CustodyEventType = CustodyEventType> = {
  [K in T]: {
    seq: number;
    /** UTC ISO 8601 with milliseconds. */
    at: string;
    type: K;
    payload: CustodyPayloads[K];
    /** SHA-256 of the canonical JSON of `payload`: what `hash` covers instead of the payload. */
    payloadSha256: string;
    prevHash: string;
    hash: string;
  };
}[T];

/** An event as an export carries it when its payload is withheld: everything but the payload. */
export type WithheldCustodyEvent = Omit<CustodyEvent, 'payload'> & { payload?: undefined; withheld: true };

/** What the fingerprint `hash` of an event covers. */
export type HashedEventContent = Pick<CustodyEvent, 'seq' | 'at' | 'type' | 'payloadSha256' | 'prevHash'>;

/** The last event of a chain: signing or timestamping it vouches for everything before it. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export type ChainProblemKind = 'content-changed' | 'link-broken' | 'missing' | 'out-of-order' | 'duplicate';

export interface ChainProblem {
  /** The event the problem is at; null when an entry is too damaged to have a number. */
  seq: number | null;
  kind: ChainProblemKind;
  /** Plain words for the person and the court. */
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Events whose payload was withheld (left out of an export); their links and fingerprints were still checked. */
  withheld: number[];
  /** Plain words about withheld events, or null when none was withheld. */
  withheldNote: string | null;
  /** The last event in number order, or null for an empty log. */
  head: ChainHead | null;
  /** How many entries were read. */
  count: number;
  problems: ChainProblem[];
}

/**
 * The event that follows `prev` (or the first event when `prev` is null). Pure: it stores
 * nothing. The payload is copied through canonical JSON, so the event holds exactly what was
 * hashed. Async only because WebCrypto's SHA-256 is.
 */
export async function nextEvent<T extends CustodyEventType>(
  prev: CustodyEvent | null,
  type: T,
  payload: CustodyPayloads[T],
  at: Date | number | string,
): Promise<CustodyEvent<T>> {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at;
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time: ${String(at)}`);
  const kept = JSON.parse(canonicalJson(payload)) as CustodyPayloads[T];
  const content: HashedEventContent = {
    seq: prev ? prev.seq + 1 : 1,
    at: isoUtc(ms),
    type,
    payloadSha256: await canonicalSha256(kept),
    prevHash: prev ? prev.hash : GENESIS_PREV_HASH,
  };
  return { ...content, payload: kept, hash: await eventHash(content) } as CustodyEvent<T>;
}

/** SHA-256 of the canonical JSON of `{seq, at, type, payloadSha256, prevHash}`: what `hash` must equal. */
export function eventHash(event: HashedEventContent): Promise<string> {
  const { seq, at, type, payloadSha256, prevHash } = event;
  return canonicalSha256({ seq, at, type, payloadSha256, prevHash });
}

/** SHA-256 of the canonical JSON of a payload: what `payloadSha256` must equal. */
export function payloadHash(payload: unknown): Promise<string> {
  return canonicalSha256(payload);
}

/** The event as an export carries it when its payload must not be revealed. */
export function withholdPayload(event: CustodyEvent): WithheldCustodyEvent {
  const { payload: _left, ...rest } = event;
  return { ...rest, withheld: true };
}

/** The value that is signed (and can be timestamped) to vouch for a chain at `head`. */
export function chainHeadStatement(head: ChainHead): { statement: 'holdfast-custody-chain-head'; seq: number; hash: string } {
  return { statement: 'holdfast-custody-chain-head', seq: head.seq, hash: head.hash };
}

interface ReadEvent {
  event: CustodyEvent;
  intact: boolean;
}

/**
 * Walks a chain of custody and names exactly what broke and where:
 * - `content-changed`: an event no longer matches its own fingerprint (edited after writing),
 *   or is not a well-formed event at all;
 * - `missing`: numbers are skipped (events removed), or the log ends before `expectedHead`;
 * - `out-of-order`: an event is placed after a later one, or its link names another event
 *   than the one before it (events moved);
 * - `duplicate`: two entries claim the same number;
 * - `link-broken`: an event does not link to the event before it, and to no other event either
 *   (the earlier event was replaced, or events were removed and the rest renumbered).
 * Events are read in the order given (the order of the log or bundle file).
 */
export async function verifyChain(
  events: Iterable<unknown> | AsyncIterable<unknown>,
  options: { expectedHead?: ChainHead } = {},
): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  const read: ReadEvent[] = [];
  const withheld: number[] = [];
  let count = 0;
  for await (const raw of events) {
    count += 1;
    const flaw = malformation(raw);
    if (flaw) {
      const seq = isRecord(raw) && isEventNumber(raw.seq) ? raw.seq : null;
      problems.push({ seq, kind: 'content-changed', message: `${seq === null ? `Entry ${count} of the custody log` : `Custody event ${seq}`} is not a readable custody event: ${flaw}.` });
      continue;
    }
    const event = raw as CustodyEvent;
    let intact = (await eventHash(event)) === event.hash;
    if (!intact) {
      problems.push({ seq: event.seq, kind: 'content-changed', message: `Custody event ${event.seq} (${event.type}) was changed after it was written: its content no longer matches its fingerprint.` });
    } else if (event.payload === undefined) {
      withheld.push(event.seq);
    } else if ((await payloadHash(event.payload)) !== event.payloadSha256) {
      intact = false;
      problems.push({ seq: event.seq, kind: 'content-changed', message: `Custody event ${event.seq} (${event.type}) was changed after it was written: its details no longer match their fingerprint.` });
    }
    read.push({ event, intact });
  }

  let highest: CustodyEvent | undefined;
  for (const { event } of read) {
    if (highest && event.seq < highest.seq) {
      problems.push({ seq: event.seq, kind: 'out-of-order', message: `Custody event ${event.seq} is placed after event ${highest.seq}: events were moved.` });
    }
    if (!highest || event.seq > highest.seq) highest = event;
  }

  const bySeq = new Map<number, ReadEvent[]>();
  const seqsByHash = new Map<string, number[]>();
  for (const entry of read) {
    bySeq.set(entry.event.seq, [...(bySeq.get(entry.event.seq) ?? []), entry]);
    seqsByHash.set(entry.event.hash, [...(seqsByHash.get(entry.event.hash) ?? []), entry.event.seq]);
  }

  let prev: CustodyEvent | null = null;
  let expected = 1;
  for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
    const gap = seq > expected;
    if (gap) problems.push(missingProblem(expected, seq - 1, 'removed from the log'));
    const linkTo: string | undefined = seq === 1 ? GENESIS_PREV_HASH : prev?.hash;
    const candidates = bySeq.get(seq) ?? [];
    const chosen: ReadEvent = candidates.find((c) => c.intact && c.event.prevHash === linkTo) ?? candidates.find((c) => c.intact) ?? candidates[0];
    for (const other of candidates) {
      if (other === chosen) continue;
      const same = other.event.hash === chosen.event.hash && canonicalJson(other.event) === canonicalJson(chosen.event);
      problems.push({
        seq,
        kind: 'duplicate',
        message: same
          ? `Custody event ${seq} appears more than once in the log.`
          : `Two different entries both claim to be custody event ${seq}: one of them was added or replaced later.`,
      });
    }
    if (!gap && chosen.event.prevHash !== linkTo) problems.push(linkProblem(chosen.event, seqsByHash));
    prev = chosen.event;
    expected = seq + 1;
  }

  const { expectedHead } = options;
  if (expectedHead) {
    const atHead = bySeq.get(expectedHead.seq);
    if (expected <= expectedHead.seq) {
      problems.push(missingProblem(expected, expectedHead.seq, `removed from the end of the log (the chain was vouched for up to event ${expectedHead.seq})`));
    } else if (atHead && !atHead.some((c) => c.event.hash === expectedHead.hash)) {
      problems.push({ seq: expectedHead.seq, kind: 'content-changed', message: `Custody event ${expectedHead.seq} is not the event that was vouched for: it was replaced.` });
    }
  }

  problems.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  withheld.sort((a, b) => a - b);
  return { ok: problems.length === 0, withheld, withheldNote: describeWithheld(withheld), head: prev ? { seq: prev.seq, hash: prev.hash } : null, count, problems };
}

/** `Custody events 2, 5 to 7 were withheld: …`, or null. */
export function describeWithheld(seqs: readonly number[]): string | null {
  if (!seqs.length) return null;
  const ranges: string[] = [];
  for (let i = 0; i < seqs.length; ) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === seqs[j] + 1) j += 1;
    ranges.push(i === j ? String(seqs[i]) : `${seqs[i]} to ${seqs[j]}`);
    i = j + 1;
  }
  const which = seqs.length === 1 ? `Custody event ${ranges[0]} is` : `Custody events ${ranges.join(', ')} are`;
  return `${which} about captures that are not in this export, so ${seqs.length === 1 ? 'its details were' : 'their details were'} left out to protect them. ${seqs.length === 1 ? 'Its' : 'Their'} place in the chain and ${seqs.length === 1 ? 'its fingerprint were' : 'their fingerprints were'} still checked: nothing was removed, added or reordered there.`;
}

function missingProblem(first: number, last: number, how: string): ChainProblem {
  const which = first === last ? `Custody event ${first} is` : `Custody events ${first} to ${last} are`;
  return { seq: first, kind: 'missing', message: `${which} missing: ${how}.` };
}

function linkProblem(event: CustodyEvent, seqsByHash: Map<string, number[]>): ChainProblem {
  const { seq } = event;
  if (seq === 1) {
    return { seq, kind: 'link-broken', message: 'Custody event 1 does not start the chain: it links to an earlier event that is not in the log.' };
  }
  const writtenAfter = seqsByHash.get(event.prevHash)?.find((s) => s !== seq - 1);
  if (writtenAfter !== undefined) {
    return { seq, kind: 'out-of-order', message: `Custody event ${seq} was written right after event ${writtenAfter}, but is placed after event ${seq - 1}: events were reordered.` };
  }
  return {
    seq,
    kind: 'link-broken',
    message: `Custody event ${seq} does not link to event ${seq - 1}: event ${seq - 1} was replaced after event ${seq} was written, or events between them were removed and the rest renumbered.`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEventNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** Why `value` is not a custody event, or null when it has the shape of one. */
function malformation(value: unknown): string | null {
  if (!isRecord(value)) return 'it is not an object';
  if (!isEventNumber(value.seq)) return 'its number is missing or not a whole number from 1';
  if (typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) return 'its time is missing or unreadable';
  if (typeof value.type !== 'string' || !(CUSTODY_EVENT_TYPES as readonly string[]).includes(value.type)) return `its type "${String(value.type)}" is unknown`;
  if (value.payload === undefined ? value.withheld !== true : !isRecord(value.payload)) return 'its details are missing';
  if (!isSha256Hex(value.payloadSha256)) return 'the fingerprint of its details is missing or malformed';
  if (!isSha256Hex(value.prevHash)) return 'its link to the previous event is missing or malformed';
  if (!isSha256Hex(value.hash)) return 'its fingerprint is missing or malformed';
  try {
    canonicalJson(value);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return null;
}

/** Where custody events are kept: the lead's Dexie table, or anything that behaves like it. */
export interface CustodyStore {
  /** The event with the highest `seq`, or undefined for an empty log. */
  last(): Promise<CustodyEvent | undefined>;
  /** Stores the event; must reject when an event with the same `seq` already exists. */
  add(event: CustodyEvent): Promise<void>;
}

/** A `CustodyStore` over a Dexie table whose primary key is `seq` (schema `'&seq'`). */
export function custodyStoreFromTable(table: Table<CustodyEvent, number>): CustodyStore {
  return {
    last: () => table.orderBy('seq').last(),
    add: async (event) => {
      await table.add(event);
    },
  };
}

const appending = new WeakMap<CustodyStore, Promise<unknown>>();
const MAX_APPEND_ATTEMPTS = 5;

/**
 * Appends one event after the store's last event. Appends to the same store from this context
 * run one after the other; when another context (popup, dashboard) appended first, the `add`
 * fails on the taken number and the event is rebuilt on the new last event.
 */
export function appendCustodyEvent<T extends CustodyEventType>(
  store: CustodyStore,
  type: T,
  payload: CustodyPayloads[T],
  at: Date | number | string,
): Promise<CustodyEvent<T>> {
  const previous = appending.get(store) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => appendNow(store, type, payload, at));
  appending.set(store, next);
  return next;
}

async function appendNow<T extends CustodyEventType>(
  store: CustodyStore,
  type: T,
  payload: CustodyPayloads[T],
  at: Date | number | string,
): Promise<CustodyEvent<T>> {
  for (let attempt = 1; ; attempt++) {
    const event = await nextEvent((await store.last()) ?? null, type, payload, at);
    try {
      await store.add(event as CustodyEvent);
      return event;
    } catch (error) {
      const last = await store.last();
      const taken = last !== undefined && last.seq >= event.seq;
      if (!taken || attempt >= MAX_APPEND_ATTEMPTS) throw error;
    }
  }
}

/** One line in plain words for lists, the report and the verifier, e.g. `Capture 3f2a9c1b deleted: "duplicate"`. */
export function describeCustodyEvent(event: CustodyEvent): string {
  // Events may come from a bundle someone edited: read the payload defensively.
  const short = (id: unknown) => (typeof id === 'string' ? id.replace(/[^0-9a-z]/gi, '').slice(0, 8) : '(unknown)');
  const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);
  if (!isRecord(event.payload)) return `${event.type}: details withheld (about a capture not in this export)`;
  switch (event.type) {
    case 'capture-added':
      return `Capture ${short(event.payload.captureId)} added (${count(event.payload.files)} files)`;
    case 'field-edited':
      return `${subjectWord(event.payload.subject?.kind)} ${short(event.payload.subject?.id)}: ${event.payload.field} changed`;
    case 'capture-deleted':
      return `Capture ${short(event.payload.captureId)} deleted (${count(event.payload.files)} files, fingerprints kept). Reason given: "${event.payload.reason}"`;
    case 'bundle-exported':
      return `Evidence bundle ${event.payload.fileName} exported (${event.payload.captureCount} captures)`;
    case 'bundle-imported':
      return `Evidence bundle ${event.payload.fileName} imported (${count(event.payload.captureIds)} captures)`;
    case 'log-locked':
      return 'Log locked';
    case 'log-unlocked':
      return 'Log unlocked';
    case 'settings-changed':
      return `Setting ${event.payload.setting} changed`;
  }
}

function subjectWord(kind: unknown): string {
  if (kind === 'incident') return 'Incident';
  if (kind === 'person') return 'Person';
  if (kind === 'protective-order') return 'Protective order';
  return 'Capture';
}
