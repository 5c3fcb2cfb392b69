/**
 * Writes the evidence bundle as a stream: captures are read from IndexedDB a page at a time and
 * their blobs one at a time, each blob is hashed again on the way out (a stored file that no
 * longer matches its fingerprint stops the export), and the manifest and SHA256SUMS come last.
 */
import { makeZip } from 'client-zip';
import type { HoldfastDb } from '../db/database';
import type { CaptureRecord } from '../db/records';
import { isoUtc, timeZoneAt } from '../format/time';
import { sha256Hex } from '../integrity/sha256';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  MANIFEST_PATH,
  SUMS_PATH,
  bundleFileName,
  captureFolder,
  encodeManifest,
  encodeSums,
  type BundleCaptureEntry,
  type BundleFileEntry,
  type BundleManifest,
} from './layout';

const PAGE_SIZE = 100;

export interface ExportProgress {
  capturesDone: number;
  captureCount: number;
  bytesDone: number;
}

export interface ExportOptions {
  /** Which captures; all of them when absent. */
  captureIds?: string[];
  tool: BundleManifest['tool'];
  now?: () => Date;
  onProgress?: (progress: ExportProgress) => void;
}

export interface EvidenceBundle {
  fileName: string;
  captureCount: number;
  /** The zip, produced as it is read. */
  stream: ReadableStream<Uint8Array>;
  /** Resolves with the manifest once the whole zip has been produced. */
  manifest: Promise<BundleManifest>;
}

export class StoredFileChanged extends Error {
  constructor(readonly path: string) {
    super(`The stored file ${path} no longer matches the fingerprint recorded when it was captured. Nothing was exported.`);
  }
}

/** Sizes of what an export would contain, for the export screen before it starts. */
export async function exportSize(db: HoldfastDb, captureIds?: string[]): Promise<{ captureCount: number; bytes: number }> {
  const records = captureIds ? (await db.captures.bulkGet(captureIds)).filter((r): r is CaptureRecord => !!r) : await db.captures.toArray();
  const bytes = records.reduce((sum, r) => sum + r.artifacts.reduce((s, a) => s + a.size, 0), 0);
  return { captureCount: records.length, bytes };
}

export async function createEvidenceBundle(db: HoldfastDb, options: ExportOptions): Promise<EvidenceBundle> {
  const now = options.now ?? (() => new Date());
  const exportedAt = now();
  const ids = await orderedCaptureIds(db, options.captureIds);
  let resolveManifest!: (m: BundleManifest) => void;
  let rejectManifest!: (e: unknown) => void;
  const manifest = new Promise<BundleManifest>((resolve, reject) => {
    resolveManifest = resolve;
    rejectManifest = reject;
  });
  manifest.catch(() => undefined);

  async function* entries() {
    const files: BundleFileEntry[] = [];
    const captures: BundleCaptureEntry[] = [];
    let bytesDone = 0;
    try {
      for (let start = 0; start < ids.length; start += PAGE_SIZE) {
        const page = await db.captures.bulkGet(ids.slice(start, start + PAGE_SIZE));
        for (const [offset, record] of page.entries()) {
          if (!record) continue;
          const index = start + offset;
          const folder = captureFolder(index, record);
          const paths: string[] = [];
          for (const ref of record.artifacts) {
            const path = `${folder}/${ref.name}`;
            const stored = await db.blobs.get(ref.sha256);
            if (!stored) throw new StoredFileChanged(path);
            const bytes = new Uint8Array(await stored.data.arrayBuffer());
            if ((await sha256Hex(bytes)) !== ref.sha256) throw new StoredFileChanged(path);
            files.push({ path, size: bytes.byteLength, mediaType: ref.mediaType, sha256: ref.sha256 });
            paths.push(path);
            bytesDone += bytes.byteLength;
            yield { name: path, input: bytes, lastModified: new Date(record.storedAt ?? record.pressedAt) };
          }
          captures.push({
            id: record.id,
            folder,
            status: record.status,
            kind: record.kind,
            trigger: record.trigger,
            pressedAt: record.pressedAt,
            screenshotAt: record.screenshotAt ?? null,
            url: record.summary.url,
            title: record.summary.title,
            site: record.summary.site,
            failure: record.failure?.reason ?? null,
            files: paths,
          });
          options.onProgress?.({ capturesDone: index + 1, captureCount: ids.length, bytesDone });
        }
      }
      const result: BundleManifest = {
        format: BUNDLE_FORMAT,
        formatVersion: BUNDLE_FORMAT_VERSION,
        exportedAt: isoUtc(exportedAt),
        timeZone: timeZoneAt(exportedAt),
        tool: options.tool,
        notListedHere: [MANIFEST_PATH, SUMS_PATH],
        captureCount: captures.length,
        captures,
        files,
      };
      const manifestBytes = encodeManifest(result);
      yield { name: MANIFEST_PATH, input: manifestBytes, lastModified: exportedAt };
      const sums = encodeSums([
        ...files,
        { path: MANIFEST_PATH, size: manifestBytes.byteLength, mediaType: 'application/json', sha256: await sha256Hex(manifestBytes) },
      ]);
      yield { name: SUMS_PATH, input: sums, lastModified: exportedAt };
      resolveManifest(result);
    } catch (error) {
      rejectManifest(error);
      throw error;
    }
  }

  return {
    fileName: bundleFileName(exportedAt),
    captureCount: ids.length,
    stream: makeZip(entries(), { buffersAreUTF8: true }),
    manifest,
  };
}

/** Capture ids in the order of the key presses. */
async function orderedCaptureIds(db: HoldfastDb, only?: string[]): Promise<string[]> {
  const all = (await db.captures.orderBy('pressedAt').primaryKeys()) as string[];
  if (!only) return all;
  const wanted = new Set(only);
  return all.filter((id) => wanted.has(id));
}
