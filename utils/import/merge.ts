/**
 * Adds the captures of a checked bundle to the log, in one transaction: either every new capture
 * and its files are written, or nothing is. A capture keeps its id across export and import, so a
 * capture already in the log is never added twice, and merging the same bundle again adds nothing.
 */
import type { HoldfastDb } from '../db/database';
import { createEvidenceCodec, evidenceTables, storeArtifacts, type EvidenceCodec, type OpenedCapture, type PreparedArtifact } from '../db/evidence-codec';
import type { CaptureRecord } from '../db/records';
import { isoUtc } from '../format/time';
import type { ImportedCapture, ValidatedBundle } from './read-bundle';

/** `tabs.TAB_ID_NONE` / `windows.WINDOW_ID_NONE`: an imported capture has no tab in this browser. */
const NO_TAB = -1;

export interface MergeOptions {
  now?: () => Date;
  /**
   * The log's codec: with encryption on, what is imported is sealed (records and files) before it
   * is written; this needs only the public key, so it works while the log is locked. Without it,
   * encryption is taken to be off.
   */
  codec?: EvidenceCodec;
}

/** What a merge did, for the import screen and the custody log. */
export interface MergeResult {
  /** Captures written to the log. */
  added: number;
  /** Their ids, in the bundle's order. */
  addedIds: string[];
  /** Captures already in the log with the same files: left as they were. */
  alreadyPresent: number;
  /**
   * Ids of captures the log already holds with different files. The log's own version is kept and
   * the bundle's is not imported; the person should be told.
   */
  conflicting: string[];
}

/** The log record for an imported capture: the bundle's facts, marked as imported. */
export function importedRecord(capture: ImportedCapture, imported: NonNullable<CaptureRecord['imported']>): CaptureRecord {
  const { facts } = capture;
  return {
    id: capture.id,
    kind: facts.kind,
    trigger: facts.trigger,
    status: facts.status,
    pressedAt: facts.pressedAt,
    ...(facts.screenshotAt ? { screenshotAt: facts.screenshotAt } : {}),
    tab: { tabId: NO_TAB, windowId: NO_TAB },
    summary: { url: facts.url, title: facts.title, site: facts.site },
    artifacts: capture.files.map((f) => ({ role: f.role, name: f.name, sha256: f.sha256, size: f.size, mediaType: f.mediaType })),
    attempts: 0,
    ...(facts.failure ? { failure: facts.failure } : {}),
    warnings: [...facts.warnings],
    imported,
  };
}

/**
 * Whether a capture already in the log has the same files as the bundle's. A sealed one that
 * cannot be opened now (the log is locked) is taken to be the same capture: ids are random and
 * kept across export and import, and its files cannot be compared without the key.
 */
function samePresentCapture(present: OpenedCapture, incoming: CaptureRecord): boolean | 'unknown' {
  if (present.state === 'locked') return 'unknown';
  if (present.state === 'unreadable') return false;
  return sameFiles(present.record, incoming);
}

/** True when two records of one capture point to the same files. */
function sameFiles(a: CaptureRecord, b: CaptureRecord): boolean {
  const key = (r: CaptureRecord) =>
    r.artifacts
      .map((f) => `${f.name}\n${f.sha256}`)
      .sort()
      .join('\n');
  return key(a) === key(b);
}

/**
 * Writes the bundle's captures that the log does not hold yet, with their files stored once by
 * SHA-256. One transaction: if anything fails, the log is exactly as it was before.
 */
export async function mergeBundle(db: HoldfastDb, bundle: ValidatedBundle, options: MergeOptions = {}): Promise<MergeResult> {
  const imported = { at: isoUtc((options.now ?? (() => new Date()))()), bundleDigest: bundle.digest };
  const incoming = bundle.captures.map((capture) => ({ capture, record: importedRecord(capture, imported) }));

  const codec = options.codec ?? createEvidenceCodec();

  // Sealing and opening wait on WebCrypto, which would end an IndexedDB transaction: both happen
  // before it, and the transaction checks again that the log did not change meanwhile.
  const before = await db.captures.bulkGet(incoming.map((i) => i.record.id));
  const comparisons = await Promise.all(before.map(async (present, index) => (present ? samePresentCapture(await codec.openCapture(present), incoming[index]!.record) : undefined)));
  const prepared = new Map<string, { record: CaptureRecord; artifacts: PreparedArtifact[] }>();
  for (const [index, { capture, record }] of incoming.entries()) {
    if (before[index]) continue;
    const artifacts: PreparedArtifact[] = [];
    for (const [fileIndex, file] of capture.files.entries()) {
      artifacts.push(await codec.sealArtifact(record.id, record.artifacts[fileIndex]!, new Uint8Array(await file.bytes.arrayBuffer())));
    }
    prepared.set(record.id, { record: await codec.sealCapture({ ...record, artifacts: artifacts.map((a) => a.ref) }), artifacts });
  }

  return db.transaction('rw', evidenceTables(db), async () => {
    const existing = await db.captures.bulkGet(incoming.map((i) => i.record.id));
    const fresh: { record: CaptureRecord; artifacts: PreparedArtifact[] }[] = [];
    const conflicting: string[] = [];
    let alreadyPresent = 0;
    incoming.forEach((item, index) => {
      const present = existing[index];
      const ready = prepared.get(item.record.id);
      if (!present && ready) fresh.push(ready);
      else if (!present || !before[index]) throw new Error('The log changed while the bundle was being imported. Import it again.');
      else if (comparisons[index] === true || comparisons[index] === 'unknown') alreadyPresent += 1;
      else conflicting.push(item.record.id);
    });
    await storeArtifacts(db, fresh.flatMap((f) => f.artifacts));
    if (fresh.length) await db.captures.bulkAdd(fresh.map((f) => f.record));
    return { added: fresh.length, addedIds: fresh.map((f) => f.record.id), alreadyPresent, conflicting };
  });
}
