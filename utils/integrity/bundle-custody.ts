/**
 * Exports and imports in the chain of custody: each finished export and each import appends one
 * event to the log's custody table, and the dashboard lists them ("Exports and imports").
 *
 * The bundle is named by the SHA-256 of its `manifest.json` (`bundleSha256`): the digest printed
 * on the report's cover and in `manifest.sha256`, which stays the same if the zip is unpacked or
 * packed again, unlike the digest of the zip file itself.
 */
import type { HoldfastDb } from '../db/database';
import type { ImportOutcome } from '../import/import-bundle';
import { appendCustodyEvent, type CustodyEvent } from './custody';
import { custodyStore } from './custody-log';

/** Records a finished export: the file name, the manifest digest and the captures in it. */
export function recordBundleExported(
  db: HoldfastDb,
  bundle: { fileName: string; manifestDigest: string; captureIds: string[] },
  at: Date = new Date(),
): Promise<CustodyEvent<'bundle-exported'>> {
  return appendCustodyEvent(
    custodyStore(db),
    'bundle-exported',
    {
      fileName: bundle.fileName,
      bundleSha256: bundle.manifestDigest,
      manifestSha256: bundle.manifestDigest,
      captureCount: bundle.captureIds.length,
      captureIds: bundle.captureIds,
    },
    at,
  );
}

/** Records a finished import: the file chosen, the bundle's manifest digest and what it added. */
export function recordBundleImported(db: HoldfastDb, fileName: string, outcome: ImportOutcome, at: Date = new Date()): Promise<CustodyEvent<'bundle-imported'>> {
  return appendCustodyEvent(
    custodyStore(db),
    'bundle-imported',
    {
      fileName,
      bundleSha256: outcome.bundleDigest,
      manifestSha256: outcome.bundleDigest,
      captureIds: outcome.addedIds,
      alreadyPresent: outcome.alreadyPresent,
      conflicting: outcome.conflicting,
    },
    at,
  );
}

export type BundleCustodyEvent = CustodyEvent<'bundle-exported' | 'bundle-imported'>;

/** The latest exports and imports, newest first. */
export async function latestBundleEvents(db: HoldfastDb, limit = 20): Promise<BundleCustodyEvent[]> {
  const events = await db.custody
    .orderBy('seq')
    .reverse()
    .filter((e) => e.type === 'bundle-exported' || e.type === 'bundle-imported')
    .limit(limit)
    .toArray();
  return events as BundleCustodyEvent[];
}
