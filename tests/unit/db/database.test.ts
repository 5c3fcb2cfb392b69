import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { HoldfastDb } from '@/utils/db/database';
import type { CaptureRecord } from '@/utils/db/records';

/** A log as version 1 of the schema left it (the fixture of version 1). */
async function versionOneLog(name: string, capture: CaptureRecord): Promise<void> {
  const old = new Dexie(name);
  old.version(1).stores({
    captures: '&id, pressedAt, status, [status+pressedAt]',
    blobs: '&sha256',
    thumbnails: '&captureId',
    pendingPageReads: '&captureId',
  });
  await old.open();
  await old.table('captures').add(capture);
  await old.table('blobs').add({ sha256: capture.artifacts[0].sha256, mediaType: 'image/png', size: 3, data: new Blob([new Uint8Array([1, 2, 3])]) });
  old.close();
}

const CAPTURE: CaptureRecord = {
  id: '3f2a9c1b-0000-4000-8000-000000000001',
  kind: 'page',
  trigger: 'shortcut',
  status: 'done',
  pressedAt: '2026-11-30T05:51:39.123Z',
  tab: { tabId: 1, windowId: 1 },
  summary: { url: 'https://social.example/1', title: 'A post', site: 'social.example' },
  artifacts: [{ role: 'screenshot', name: 'screenshot.png', sha256: 'ab'.repeat(32), size: 3, mediaType: 'image/png' }],
  attempts: 1,
  warnings: [],
};

describe('the database schema', () => {
  it('upgrades a version 1 log to the current version without touching its captures, and adds an empty chain of custody', async () => {
    const name = `schema-${crypto.randomUUID()}`;
    await versionOneLog(name, CAPTURE);
    const db = new HoldfastDb(name);
    await db.open();
    const fresh = new HoldfastDb(`schema-${crypto.randomUUID()}`);
    await fresh.open();
    expect(db.verno).toBe(fresh.verno);
    expect(db.verno).toBeGreaterThan(1);
    fresh.close();
    expect(await db.captures.toArray()).toEqual([CAPTURE]);
    expect(await db.blobs.count()).toBe(1);
    expect(await db.custody.count()).toBe(0);
    db.close();
  });

  it('keeps custody events by number and refuses a second event with a taken number', async () => {
    const db = new HoldfastDb(`schema-${crypto.randomUUID()}`);
    const event = { seq: 1, at: '2026-11-30T05:51:39.123Z', type: 'log-unlocked' as const, payload: {}, payloadSha256: '3'.repeat(64), prevHash: '0'.repeat(64), hash: '1'.repeat(64) };
    await db.custody.add(event);
    await expect(db.custody.add({ ...event, hash: '2'.repeat(64) })).rejects.toThrow();
    expect(await db.custody.get(1)).toEqual(event);
  });
});
