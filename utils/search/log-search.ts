/**
 * Search over the whole log: each settled capture's page text (`text.txt`), title, address, the
 * author and email fields a site adapter recorded, and the person's note; and each incident's
 * words. An inverted index (MiniSearch) answers a query by looking up its words, not by reading
 * every capture, so a search costs about the same with a thousand captures or a hundred thousand.
 *
 * The index is kept up to date incrementally (`sync` indexes only what is new or changed) and
 * persisted through a `SearchIndexStore`. Encryption at rest: the index holds the words of the
 * evidence, so it is exactly as sensitive as the text. Either the store seals the JSON with the
 * log's session key before writing it (and unseals after unlock), or the store keeps nothing and
 * `sync` rebuilds the index in memory after unlock from the decrypted artifacts. Both work
 * without changing this module: pass the store that fits.
 */
import MiniSearch from 'minisearch';
import type { HoldfastDb } from '../db/database';
import type { CaptureFacts, IncidentRecord, SearchIndexRecord } from '../db/log-records';
import type { CaptureRecord } from '../db/records';
import type { EvidenceCodec } from '../db/evidence-codec';
import { openIncident } from '../db/log-words';
import { isoUtc } from '../format/time';
import { INDEXED_TEXT_LIMIT, artifactText, factsFrom, readMetadata } from './capture-facts';
import { keepFactsInMemory } from './facts-store';
import { noteWords } from '../notes/notes';

export const SEARCH_INDEX_FORMAT = 1;
const RECORD_ID = 'log';
const BATCH = 250;

/** Where the index is kept between visits; swap in a sealing store for encryption at rest. */
export interface SearchIndexStore {
  load(): Promise<SearchIndexRecord | undefined>;
  save(record: SearchIndexRecord): Promise<void>;
}

/** The index in the database's `searchIndex` table, as is. */
export function databaseIndexStore(db: HoldfastDb): SearchIndexStore {
  return {
    load: () => db.searchIndex.get(RECORD_ID),
    save: async (record) => {
      await db.searchIndex.put(record);
    },
  };
}

/** A store that keeps nothing: the index lives in memory only and is rebuilt on each visit. */
export const memoryOnlyStore: SearchIndexStore = { load: async () => undefined, save: async () => undefined };

interface SearchDocument {
  id: string;
  title?: string;
  url?: string;
  text?: string;
  notes?: string;
  authors?: string;
  details?: string;
}

const FIELDS = ['title', 'url', 'text', 'notes', 'authors', 'details'];

/** Lower case without accents, so "Amenaza" finds "amenazá". */
export function foldTerm(term: string): string | null {
  const folded = term.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  return folded.length ? folded : null;
}

function newIndex(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>(indexOptions());
}

function indexOptions() {
  return {
    fields: FIELDS,
    storeFields: [],
    processTerm: foldTerm,
    searchOptions: { prefix: true, combineWith: 'AND' as const, boost: { title: 2, authors: 2, notes: 2 } },
  };
}

export interface SearchHits {
  /** Matching captures, best first. */
  captureIds: string[];
  /** Matching incidents, best first. */
  incidentIds: string[];
}

export interface SyncReport {
  /** Captures indexed (new or changed) in this run. */
  indexed: number;
  removed: number;
  incidents: number;
}

export interface LogSearch {
  /** Loads the saved index (once; nothing is loaded when `inMemoryOnly`, encryption on). */
  load(inMemoryOnly?: boolean): Promise<void>;
  /** Indexes what is new or changed since the last run and saves the index when anything changed. */
  sync(onProgress?: (done: number, total: number) => void): Promise<SyncReport>;
  search(query: string): SearchHits;
  /** How many captures are in the index. */
  readonly captureCount: number;
}

export interface LogSearchOptions {
  db: HoldfastDb;
  store?: SearchIndexStore;
  now?: () => number;
  /** Lets the page breathe between batches (a tick by default). */
  yieldBetweenBatches?: () => Promise<void>;
  /**
   * The log's evidence codec, asked for at each sync. With encryption on, sealed captures are
   * opened through it (and left for a later sync while the log is locked), and the index and the
   * facts stay in memory only: they are never written to disk. Without it, encryption is off.
   */
  codec?: () => Promise<EvidenceCodec>;
}

/** The search over one log. Create one per page. */
export function createLogSearch(options: LogSearchOptions): LogSearch {
  const { db } = options;
  const store = options.store ?? databaseIndexStore(db);
  const now = options.now ?? Date.now;
  const pause = options.yieldBetweenBatches ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  let index = newIndex();
  let captureIds = new Set<string>();
  let versions: Record<string, string> = {};
  let loaded: Promise<void> | undefined;
  let syncing: Promise<SyncReport> | undefined;
  let syncAgain = false;

  function load(inMemoryOnly = false): Promise<void> {
    loaded ??= (async () => {
      const saved = inMemoryOnly ? undefined : await store.load().catch(() => undefined);
      if (!saved || saved.formatVersion !== SEARCH_INDEX_FORMAT) return;
      try {
        index = await MiniSearch.loadJSONAsync<SearchDocument>(saved.json, indexOptions());
        captureIds = new Set(saved.captureIds);
        versions = { ...saved.versions };
      } catch {
        // A damaged index is rebuilt from the log; the log itself is untouched.
        index = newIndex();
        captureIds = new Set();
        versions = {};
      }
    })();
    return loaded;
  }

  function put(document: SearchDocument) {
    if (index.has(document.id)) index.replace(document);
    else index.add(document);
  }

  function drop(id: string) {
    if (index.has(id)) index.discard(id);
  }

  async function captureDocument(
    capture: CaptureRecord,
    note: string | undefined,
    blobs: Map<string, Blob>,
    codec: EvidenceCodec | undefined,
  ): Promise<{ document: SearchDocument; facts: CaptureFacts }> {
    const [text, metadata] = await Promise.all([artifactText(db, capture, 'text', INDEXED_TEXT_LIMIT, blobs, codec), readMetadata(db, capture, blobs, codec)]);
    const facts = factsFrom(capture, metadata);
    const post = facts.post;
    const authors = [
      post?.author?.displayName,
      post?.author?.handle,
      post?.author?.address,
      post?.email?.from,
      ...(post?.email?.to ?? []),
      ...(post?.email?.cc ?? []),
      post?.inReplyTo?.author,
    ];
    return {
      facts,
      document: {
        id: `c:${capture.id}`,
        title: capture.summary.title,
        url: capture.summary.url,
        text: [text, post?.text, post?.email?.subject].filter(Boolean).join('\n'),
        notes: note ?? '',
        authors: authors.filter(Boolean).join(' '),
        details: [facts.platform, capture.failure?.reason].filter(Boolean).join(' '),
      },
    };
  }

  async function runSync(onProgress?: (done: number, total: number) => void): Promise<SyncReport> {
    const codec = options.codec ? await options.codec() : undefined;
    const encrypted = codec !== undefined && codec.sealingKeyId !== null;
    await load(encrypted);
    const [doneKeys, failedKeys, allKeys, notes, storedIncidents] = await Promise.all([
      db.captures.where('status').equals('done').primaryKeys(),
      db.captures.where('status').equals('failed').primaryKeys(),
      db.captures.toCollection().primaryKeys(),
      db.notes.toArray(),
      db.incidents.toArray(),
    ]);
    // A sealed incident is searchable once opened (after unlock); until then, not at all.
    const incidents = codec ? (await Promise.all(storedIncidents.map((i) => openIncident(codec, i)))).flatMap((o) => (o.state === 'locked' ? [] : [o.record])) : storedIncidents;
    // A sealed note's words are searchable once opened (after unlock); until then, not at all.
    const opened = codec ? await Promise.all(notes.map(async (n) => ({ ...n, text: (await noteWords(codec, n))?.text ?? '' }))) : notes;
    const noteText = new Map(opened.map((n) => [n.captureId, n]));
    const todo = new Set<string>();
    for (const id of [...doneKeys, ...failedKeys]) if (!captureIds.has(id)) todo.add(id);
    for (const note of notes) if (captureIds.has(note.captureId) && versions[`c:${note.captureId}`] !== note.updatedAt) todo.add(note.captureId);
    const present = new Set(allKeys);
    let removed = 0;
    for (const id of captureIds) {
      if (present.has(id)) continue;
      drop(`c:${id}`);
      captureIds.delete(id);
      delete versions[`c:${id}`];
      removed++;
    }
    const queue = [...todo];
    let indexed = 0;
    for (let start = 0; start < queue.length; start += BATCH) {
      const stored = (await db.captures.bulkGet(queue.slice(start, start + BATCH))).filter((r): r is CaptureRecord => !!r && r.status !== 'pending');
      // A sealed capture is indexed once it opens (after unlock); until then it is left for the next sync.
      const records = codec ? (await Promise.all(stored.map((r) => codec.openCapture(r)))).flatMap((o) => (o.state === 'clear' || o.state === 'opened' ? [o.record] : [])) : stored;
      // One read for the batch's clear files; their bytes are then read side by side.
      const shas = codec ? [] : records.flatMap((r) => r.artifacts.filter((a) => a.role === 'text' || a.role === 'metadata').map((a) => a.sha256));
      const blobs = new Map((await db.blobs.bulkGet(shas)).filter((b) => !!b).map((b) => [b.sha256, b.data]));
      const built = await Promise.all(records.map((r) => captureDocument(r, noteText.get(r.id)?.text, blobs, codec)));
      if (encrypted) keepFactsInMemory(built.map((b) => b.facts));
      else await db.captureFacts.bulkPut(built.map((b) => b.facts));
      for (const { document } of built) {
        put(document);
        const id = document.id.slice(2);
        captureIds.add(id);
        const note = noteText.get(id);
        if (note) versions[document.id] = note.updatedAt;
        indexed++;
      }
      onProgress?.(Math.min(start + BATCH, queue.length), queue.length);
      await pause();
    }
    let incidentChanges = 0;
    const incidentIds = new Set(incidents.map((i) => `i:${i.id}`));
    for (const incident of incidents) {
      const id = `i:${incident.id}`;
      if (versions[id] === incident.updatedAt && index.has(id)) continue;
      put(incidentDocument(incident));
      versions[id] = incident.updatedAt;
      incidentChanges++;
    }
    for (const id of Object.keys(versions)) {
      if (!id.startsWith('i:') || incidentIds.has(id)) continue;
      drop(id);
      delete versions[id];
      incidentChanges++;
    }
    if (encrypted) {
      // Words of the evidence never go to disk while encryption is on; an index saved before it was turned on goes.
      if (await db.searchIndex.get(RECORD_ID)) await db.searchIndex.delete(RECORD_ID);
    } else if (indexed || removed || incidentChanges) {
      await store.save({
        id: RECORD_ID,
        formatVersion: SEARCH_INDEX_FORMAT,
        json: JSON.stringify(index),
        documentCount: index.documentCount,
        captureIds: [...captureIds],
        versions: { ...versions },
        savedAt: isoUtc(now()),
      });
    }
    return { indexed, removed, incidents: incidentChanges };
  }

  return {
    load,
    sync(onProgress) {
      if (syncing) {
        syncAgain = true;
        return syncing;
      }
      syncing = (async () => {
        let report: SyncReport = { indexed: 0, removed: 0, incidents: 0 };
        do {
          syncAgain = false;
          const run = await runSync(onProgress);
          report = { indexed: report.indexed + run.indexed, removed: report.removed + run.removed, incidents: report.incidents + run.incidents };
        } while (syncAgain);
        return report;
      })().finally(() => {
        syncing = undefined;
      });
      return syncing;
    },
    search(query) {
      const words = query.trim();
      if (!words) return { captureIds: [], incidentIds: [] };
      const hits = index.search(words);
      const result: SearchHits = { captureIds: [], incidentIds: [] };
      for (const hit of hits) {
        const id = String(hit.id);
        if (id.startsWith('c:')) result.captureIds.push(id.slice(2));
        else if (id.startsWith('i:')) result.incidentIds.push(id.slice(2));
      }
      return result;
    },
    get captureCount() {
      return captureIds.size;
    },
  };
}

function incidentDocument(incident: IncidentRecord): SearchDocument {
  return {
    id: `i:${incident.id}`,
    title: incident.title,
    text: incident.description,
    details: [
      incident.location,
      ...incident.categories,
      incident.othersInvolved,
      incident.witnesses,
      ...incident.reports.flatMap((r) => [r.to, r.name, r.reference]),
    ]
      .filter(Boolean)
      .join(' '),
  };
}
