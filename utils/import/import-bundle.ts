/**
 * Import in one call, for the import screen: check the whole bundle, then merge it. A refused
 * bundle rejects with `BundleRefused` before the log is opened for writing.
 */
import type { HoldfastDb } from '../db/database';
import type { ImportLimits } from './limits';
import { mergeBundle, type MergeOptions, type MergeResult } from './merge';
import { readBundle } from './read-bundle';

export interface ImportOutcome extends MergeResult {
  /** SHA-256 of the bundle's manifest.json, for the custody log and to compare with the report's cover. */
  bundleDigest: string;
  /** When the bundle was exported, as its manifest says. */
  exportedAt: string;
  /** Captures in the bundle (finished, failed and unfinished). */
  captureCount: number;
  /** Ids of captures still being taken when the bundle was exported: not imported. */
  unfinished: string[];
}

export interface ImportOptions extends MergeOptions {
  limits?: Partial<ImportLimits>;
  /** Told as each file of the bundle is re-hashed (the long part of an import). */
  onProgress?: (filesChecked: number, fileCount: number) => void;
}

/** Checks an evidence bundle and adds its captures to the log. */
export async function importBundle(db: HoldfastDb, zip: Blob, options: ImportOptions = {}): Promise<ImportOutcome> {
  const bundle = await readBundle(zip, options.limits, { onProgress: options.onProgress });
  const merged = await mergeBundle(db, bundle, options);
  return {
    ...merged,
    bundleDigest: bundle.digest,
    exportedAt: bundle.manifest.exportedAt,
    captureCount: bundle.manifest.captureCount,
    unfinished: bundle.unfinished,
  };
}
