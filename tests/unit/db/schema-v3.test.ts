import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { HoldfastDb } from '@/utils/db/database';

describe('schema version 3 (the incident log)', () => {
  it('opens a version 1 log with every capture, blob and thumbnail kept, and the new tables empty', async () => {
    const name = `v1-${crypto.randomUUID()}`;
    // A log as version 1 wrote it.
    const old = new Dexie(name);
    old.version(1).stores({ captures: '&id, pressedAt, status, [status+pressedAt]', blobs: '&sha256', thumbnails: '&captureId', pendingPageReads: '&captureId' });
    const capture = { id: 'c1', kind: 'page', trigger: 'shortcut', status: 'done', pressedAt: '2026-11-30T10:00:00.000Z', tab: { tabId: 1, windowId: 1 }, summary: { url: 'https://a.example/', title: 'A', site: 'a.example' }, artifacts: [], attempts: 1, warnings: [] };
    await old.table('captures').add(capture);
    await old.table('blobs').add({ sha256: 'ab'.repeat(32), mediaType: 'text/plain', size: 1, data: new Blob(['x']) });
    old.close();

    const db = new HoldfastDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect(await db.captures.toArray()).toEqual([capture]);
    expect(await db.blobs.count()).toBe(1);
    for (const table of [db.notes, db.incidents, db.people, db.protectiveOrders, db.captureFacts, db.edits, db.searchIndex]) expect(await table.count()).toBe(0);
    // The new indexes answer.
    await db.incidents.add({ id: 'i1', captureIds: ['c1'], categories: ['threats'], personIds: [], occurredAt: '2026-11-30T10:00:00.000Z', updatedAt: '' } as never);
    expect((await db.incidents.where('captureIds').equals('c1').toArray()).map((i) => i.id)).toEqual(['i1']);
    expect(await db.incidents.where('categories').equals('threats').count()).toBe(1);
    db.close();
  });
});
