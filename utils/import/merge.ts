/**
 * Adds the captures of a checked bundle to the log, in one transaction: either every new capture
 * and its files are written, or nothing is. A capture keeps its id across export and import, so a
 * capture already in the log is never added twice, and merging the same bundle again adds nothing.
 */
import type { HoldfastDb } from '../db/database';
import type { CaptureRecord, StoredBlob } from '../db/records';
import { isoUtc } from '../format/time';
import type { ImportedCapture, ValidatedBundle } from './read-bundle';

/** `tabs.TAB_ID_NONE` / `windows.WINDOW_ID_NONE`: an imported capture has no tab in this browser. */
const NO_TAB = -1;

export interface MergeOptions {
  now?: () => Date;
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

  return db.transaction('rw', db.captures, db.blobs, async () => {
    const existing = await db.captures.bulkGet(incoming.map((i) => i.record.id));
    const fresh: typeof incoming = [];
    const conflicting: string[] = [];
    let alreadyPresent = 0;
    incoming.forEach((item, index) => {
      const present = existing[index];
      if (!present) fresh.push(item);
      else if (sameFiles(present, item.record)) alreadyPresent += 1;
      else conflicting.push(item.record.id);
    });

    const blobs = new Map<string, StoredBlob>();
    for (const { capture } of fresh) {
      for (const file of capture.files) {
        if (!blobs.has(file.sha256)) blobs.set(file.sha256, { sha256: file.sha256, mediaType: file.mediaType, size: file.size, data: file.bytes });
      }
    }
    const stored = new Set(await db.blobs.where('sha256').anyOf([...blobs.keys()]).primaryKeys());
    const newBlobs = [...blobs.values()].filter((b) => !stored.has(b.sha256));
    if (newBlobs.length) await db.blobs.bulkAdd(newBlobs);
    if (fresh.length) await db.captures.bulkAdd(fresh.map((f) => f.record));
    return { added: fresh.length, addedIds: fresh.map((f) => f.record.id), alreadyPresent, conflicting };
  });
}
