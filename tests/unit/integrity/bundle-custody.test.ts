import { describe, expect, it } from 'vitest';
import { HoldfastDb } from '@/utils/db/database';
import { latestBundleEvents, recordBundleExported, recordBundleImported } from '@/utils/integrity/bundle-custody';
import { appendCustodyEvent, custodyStoreFromTable, verifyChain } from '@/utils/integrity/custody';

const DIGEST = 'a'.repeat(64);

describe('exports and imports in the chain of custody', () => {
  it('appends a bundle-exported and a bundle-imported event that chain with the rest of the log', async () => {
    const db = new HoldfastDb(`custody-${crypto.randomUUID()}`);
    await appendCustodyEvent(custodyStoreFromTable(db.custody), 'log-unlocked', {}, '2026-11-30T10:00:00.000Z');
    const exported = await recordBundleExported(db, { fileName: 'holdfast-evidence-2026-11-30-1100.zip', manifestDigest: DIGEST, captureIds: ['c1', 'c2'] }, new Date('2026-11-30T11:00:00.000Z'));
    const imported = await recordBundleImported(
      db,
      'from-old-laptop.zip',
      { added: 1, addedIds: ['c3'], alreadyPresent: 2, conflicting: ['c4'], bundleDigest: 'b'.repeat(64), exportedAt: '2026-11-29T10:00:00.000Z', captureCount: 4, unfinished: [] },
      new Date('2026-11-30T12:00:00.000Z'),
    );

    expect(exported).toMatchObject({
      seq: 2,
      type: 'bundle-exported',
      payload: { fileName: 'holdfast-evidence-2026-11-30-1100.zip', bundleSha256: DIGEST, manifestSha256: DIGEST, captureCount: 2, captureIds: ['c1', 'c2'] },
    });
    expect(imported).toMatchObject({
      seq: 3,
      type: 'bundle-imported',
      payload: { fileName: 'from-old-laptop.zip', bundleSha256: 'b'.repeat(64), captureIds: ['c3'], alreadyPresent: 2, conflicting: ['c4'] },
    });
    const chain = await verifyChain(await db.custody.orderBy('seq').toArray());
    expect(chain).toMatchObject({ ok: true, count: 3, head: { seq: 3, hash: imported.hash } });
  });

  it('lists only exports and imports, newest first, up to the limit', async () => {
    const db = new HoldfastDb(`custody-${crypto.randomUUID()}`);
    for (let i = 0; i < 3; i++) {
      await recordBundleExported(db, { fileName: `export-${i}.zip`, manifestDigest: DIGEST, captureIds: [] }, new Date(Date.UTC(2026, 10, 30, 10, i)));
      await appendCustodyEvent(custodyStoreFromTable(db.custody), 'log-locked', { how: 'manual' }, new Date(Date.UTC(2026, 10, 30, 10, i, 30)));
    }
    const events = await latestBundleEvents(db, 2);
    expect(events.map((e) => e.type === 'bundle-exported' && e.payload.fileName)).toEqual(['export-2.zip', 'export-1.zip']);
  });
});
