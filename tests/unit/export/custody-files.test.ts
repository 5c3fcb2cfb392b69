import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createCaptureQueue } from '@/utils/capture/queue';
import type { HoldfastDb } from '@/utils/db/database';
import { createEvidenceBundle } from '@/utils/export/bundle';
import { verifyBundleFiles } from '@/utils/export/verifier/verify-bundle';
import { createEvidenceCodec } from '@/utils/db/evidence-codec';
import { recordPendingEdits } from '@/utils/integrity/custody-log';
import { deleteCapture } from '@/utils/log/delete-capture';
import { saveNote } from '@/utils/notes/notes';
import { fakeServices } from '../support/capture-services';

const TOOL = { name: 'Holdfast', version: '0.1.0', extensionId: 'test-extension' };
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (text: string) => new TextEncoder().encode(text);

async function logOfThree() {
  const f = fakeServices();
  const queue = createCaptureQueue(f.services);
  for (let i = 0; i < 3; i++) {
    await queue.request('shortcut', f.target);
    f.advance(1000);
  }
  await queue.drain();
  const ids = (await f.db.captures.orderBy('pressedAt').primaryKeys()) as string[];
  await saveNote(f.db, ids[0], 'He sent this after I blocked him');
  await saveNote(f.db, ids[1], 'SECRET NOTE ABOUT THE SECOND');
  await deleteCapture(f.db, createEvidenceCodec(), ids[2], 'Captured the wrong tab');
  await recordPendingEdits(f.db);
  return { db: f.db, ids };
}

async function exportOf(db: HoldfastDb, captureIds?: string[]) {
  const bundle = await createEvidenceBundle(db, { tool: TOOL, codec: createEvidenceCodec(), ...(captureIds ? { captureIds } : {}) });
  const files = unzipSync(new Uint8Array(await new Response(bundle.stream).arrayBuffer()));
  return new Map(Object.entries(files));
}

const section = (report: Awaited<ReturnType<typeof verifyBundleFiles>>, id: string) => report.sections.find((s) => s.id === id)!;

describe('custody and signatures in the bundle', () => {
  it('verifies offline: the chain intact, the deletion listed as a tombstone, every signature valid', async () => {
    const { db, ids } = await logOfThree();
    const files = await exportOf(db);
    const report = await verifyBundleFiles(files);
    expect(report.allPassed).toBe(true);
    expect(section(report, 'custody')).toMatchObject({ outcome: 'passed' });
    expect(section(report, 'custody').summary).toMatch(/^The chain of custody is intact: 6 events/);
    expect(section(report, 'custody').findings).toEqual([expect.stringMatching(new RegExp(`^Tombstone: capture ${ids[2]} was deleted on .* Reason given: "Captured the wrong tab"`))]);
    expect(section(report, 'signatures')).toMatchObject({ outcome: 'passed', summary: 'All 4 signatures are valid for the public key in signing-key.jwk.json.' });
  });

  it('an export of one capture withholds the other captures\' notes and additions, and still verifies', async () => {
    const { db, ids } = await logOfThree();
    const files = await exportOf(db, [ids[0]]);
    const events = decode(files.get('custody/events.json')!);
    expect(events).not.toContain('SECRET NOTE');
    expect(events).not.toContain(ids[1]);
    expect(events).toContain('He sent this after I blocked him');
    const report = await verifyBundleFiles(files);
    expect(report.allPassed).toBe(true);
    const all = JSON.parse(decode((await exportOf(db)).get('custody/events.json')!)).events as { seq: number; type: string; payload: Record<string, unknown> }[];
    const aboutSecond = all.filter((e) => JSON.stringify(e.payload).includes(ids[1])).map((e) => e.seq);
    expect(aboutSecond).toHaveLength(2);
    expect(section(report, 'custody').findings[0]).toMatch(new RegExp(`^Custody events ${aboutSecond.join(', ')} are about captures that are not in this export`));
  });

  it('names the event that was changed inside the bundle, and a forged manifest signature', async () => {
    const { db } = await logOfThree();
    const files = await exportOf(db);
    const edited = JSON.parse(decode(files.get('custody/events.json')!));
    const deletion = edited.events.find((e: { type: string }) => e.type === 'capture-deleted');
    deletion.payload.reason = 'I never deleted anything';
    files.set('custody/events.json', encode(JSON.stringify(edited)));
    const other = await exportOf(db);
    files.set('manifest.sig', other.get('custody/chain-head.sig')!);
    const report = await verifyBundleFiles(files);
    expect(report.allPassed).toBe(false);
    expect(section(report, 'custody').findings).toContain(`Custody event ${deletion.seq} (capture-deleted) was changed after it was written: its details no longer match their fingerprint.`);
    expect(section(report, 'signatures').findings).toContain('The signature of manifest.json does not match: it was changed after it was signed, or signed with another key.');
  });
});
