import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { HoldfastDb } from '@/utils/db/database';

describe('database version 4 (encryption at rest)', () => {
  it('upgrades a version 1 log without touching what it holds, and adds the keyring and sealed-blob tables', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ captures: '&id, pressedAt, status, [status+pressedAt]', blobs: '&sha256', thumbnails: '&captureId', pendingPageReads: '&captureId' });
    const capture = { id: 'c1', status: 'done', pressedAt: '2026-11-30T10:00:00.000Z', summary: { url: 'https://x.example/', title: 'T', site: 'x.example' }, artifacts: [] };
    await v1.table('captures').add(capture);
    await v1.table('blobs').add({ sha256: 'ab'.repeat(32), mediaType: 'text/plain', size: 1, data: new Blob(['x']) });
    v1.close();

    const db = new HoldfastDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(4);
    expect(await db.captures.get('c1')).toEqual(capture);
    expect(await db.blobs.count()).toBe(1);
    expect(await db.keyring.count()).toBe(0);
    expect(await db.sealedBlobs.where('captureId').equals('c1').count()).toBe(0);
    db.close();
  });
});
