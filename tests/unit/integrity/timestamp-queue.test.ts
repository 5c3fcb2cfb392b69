/**
 * Opt-in trusted timestamps of custody events: the setting, the pending queue and its retries,
 * and the bundle files, against a real `openssl ts` authority on 127.0.0.1 (tests/support/tsa).
 */
import { unzipSync } from 'fflate';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCaptureQueue } from '@/utils/capture/queue';
import { createEvidenceCodec } from '@/utils/db/evidence-codec';
import type { HoldfastDb } from '@/utils/db/database';
import { createEvidenceBundle } from '@/utils/export/bundle';
import { TIMESTAMPS_INDEX_PATH, timestampTokenPath } from '@/utils/export/custody-files';
import { verifyBundleFiles } from '@/utils/export/verifier/verify-bundle';
import { readBundle } from '@/utils/import/read-bundle';
import { requestTimestamp, verifyTimestampToken } from '@/utils/integrity/timestamp';
import { queueNewCaptureEvents, stampPending, timestampCounts, type StampDeps } from '@/utils/integrity/timestamp-queue';
import {
  DEFAULT_TIMESTAMP_SETTINGS,
  authorityOriginPattern,
  getTimestampSettings,
  isAcceptableAuthorityUrl,
  saveTimestampSettings,
} from '@/utils/integrity/timestamp-settings';
import { opensslMissing, startLocalTsa, type LocalTsa } from '../../support/tsa/local-tsa';
import { fakeServices } from '../support/capture-services';

const TOOL = { name: 'Holdfast', version: '0.1.0', extensionId: 'test-extension' };
let tsa: LocalTsa;

beforeAll(async () => {
  const missing = await opensslMissing();
  if (missing) throw new Error(missing);
  tsa = await startLocalTsa();
}, 60_000);
afterAll(async () => tsa?.close());
beforeEach(() => fakeBrowser.reset());

async function captures(n: number, f = fakeServices()) {
  const queue = createCaptureQueue(f.services);
  for (let i = 0; i < n; i++) {
    await queue.request('shortcut', f.target);
    f.advance(1000);
  }
  await queue.drain();
  return f;
}

const online = (): StampDeps => ({ request: (url, hash) => requestTimestamp(url, hash), permitted: async () => true });

describe('the trusted-timestamp setting', () => {
  it('is off by default and nothing is queued while it is off', async () => {
    expect(await getTimestampSettings()).toEqual(DEFAULT_TIMESTAMP_SETTINGS);
    const f = await captures(1);
    expect(await queueNewCaptureEvents(f.db, await getTimestampSettings())).toBe(0);
    expect(await f.db.timestamps.count()).toBe(0);
  });

  it('accepts https authorities, plain http only for this computer and the listed public ones', () => {
    expect(isAcceptableAuthorityUrl('https://freetsa.org/tsr')).toBe(true);
    expect(isAcceptableAuthorityUrl('http://127.0.0.1:8080/tsr')).toBe(true);
    expect(isAcceptableAuthorityUrl('http://evil.example/tsr')).toBe(false);
    expect(isAcceptableAuthorityUrl('http://timestamp.digicert.com', ['http://timestamp.digicert.com'])).toBe(true);
    expect(isAcceptableAuthorityUrl('https://user:pw@tsa.example/')).toBe(false);
    expect(isAcceptableAuthorityUrl('ftp://tsa.example/')).toBe(false);
    expect(isAcceptableAuthorityUrl('not a url')).toBe(false);
    expect(authorityOriginPattern('http://127.0.0.1:8123/tsr')).toBe('http://127.0.0.1/*');
    expect(authorityOriginPattern('https://freetsa.org/tsr')).toBe('https://freetsa.org/*');
  });

  it('records turning it on and the authority in the chain of custody, with no secret', async () => {
    const f = fakeServices();
    await saveTimestampSettings(f.db, true, tsa.url, () => Date.parse('2026-11-30T09:00:00Z'));
    await saveTimestampSettings(f.db, false, tsa.url, () => Date.parse('2026-11-30T09:05:00Z'));
    const events = await f.db.custody.orderBy('seq').toArray();
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['settings-changed', { setting: 'trustedTimestamps', oldValue: 'off', newValue: 'on' }],
      ['settings-changed', { setting: 'timestampAuthority', oldValue: null, newValue: tsa.url }],
      ['settings-changed', { setting: 'trustedTimestamps', oldValue: 'on', newValue: 'off' }],
    ]);
    expect(await getTimestampSettings()).toMatchObject({ enabled: false, enabledAt: null });
  });
});

describe('timestamping capture events', () => {
  it('gets a token for each capture added after it was turned on, for that event\'s hash', async () => {
    const f = await captures(1);
    f.advance(5000);
    const settings = await saveTimestampSettings(f.db, true, tsa.url, f.services.now);
    await captures(2, f);
    expect(await queueNewCaptureEvents(f.db, settings)).toBe(2);
    const outcome = await stampPending(f.db, settings, online());
    expect(outcome).toEqual({ stamped: 2, stillPending: 0 });
    const added = (await f.db.custody.orderBy('seq').toArray()).filter((e) => e.type === 'capture-added');
    const rows = await f.db.timestamps.orderBy('seq').toArray();
    expect(rows.map((r) => r.seq)).toEqual(added.slice(1).map((e) => e.seq));
    for (const row of rows) {
      expect(row.eventHash).toBe(added.find((e) => e.seq === row.seq)!.hash);
      expect((await verifyTimestampToken(row.der!, row.eventHash, [tsa.caCertPem])).ok).toBe(true);
    }
    // Queued once only.
    expect(await queueNewCaptureEvents(f.db, settings)).toBe(0);
  });

  it('keeps a request pending when offline or refused, and stamps it on a later try', async () => {
    const f = fakeServices();
    const settings = await saveTimestampSettings(f.db, true, tsa.url, f.services.now);
    await captures(2, f);
    await queueNewCaptureEvents(f.db, settings);
    const offline: StampDeps = { request: () => requestTimestamp('http://127.0.0.1:9/tsr', '0'.repeat(64)), permitted: async () => true };
    const first = await stampPending(f.db, settings, offline);
    expect(first.stamped).toBe(0);
    expect(first.stillPending).toBe(2);
    expect(first.lastError).toMatch(/could not be reached/);
    expect(await timestampCounts(f.db)).toMatchObject({ stamped: 0, pending: 2, lastError: expect.stringMatching(/could not be reached/) });

    const notPermitted = await stampPending(f.db, settings, { ...online(), permitted: async () => false });
    expect(notPermitted).toMatchObject({ stamped: 0, stillPending: 2, lastError: expect.stringMatching(/not allowed/) });

    const before = tsa.requestCount;
    expect(await stampPending(f.db, settings, online())).toEqual({ stamped: 2, stillPending: 0 });
    expect(tsa.requestCount - before).toBe(2);
    const rows = await f.db.timestamps.orderBy('seq').toArray();
    // Offline, the first failure stopped the run: the second was not tried then.
    expect(rows.map((r) => [r.state, r.attempts, r.lastError])).toEqual([
      ['stamped', 2, undefined],
      ['stamped', 1, undefined],
    ]);
  });

  it('sends nothing while the setting is off, even with requests pending', async () => {
    const f = fakeServices();
    const on = await saveTimestampSettings(f.db, true, tsa.url, f.services.now);
    await captures(1, f);
    await queueNewCaptureEvents(f.db, on);
    const off = await saveTimestampSettings(f.db, false, tsa.url, f.services.now);
    const before = tsa.requestCount;
    expect(await stampPending(f.db, off, online())).toEqual({ stamped: 0, stillPending: 1 });
    expect(tsa.requestCount).toBe(before);
  });
});

describe('timestamps in the bundle', () => {
  async function stampedLog() {
    const f = fakeServices();
    const settings = await saveTimestampSettings(f.db, true, tsa.url, f.services.now);
    await captures(2, f);
    await queueNewCaptureEvents(f.db, settings);
    await stampPending(f.db, settings, online());
    return f.db;
  }
  async function exportOf(db: HoldfastDb) {
    const bundle = await createEvidenceBundle(db, { tool: TOOL, codec: createEvidenceCodec() });
    const zip = new Uint8Array(await new Response(bundle.stream).arrayBuffer());
    return { zip, files: new Map(Object.entries(unzipSync(zip))) };
  }

  it('exports each token and an index, listed in the manifest and SHA256SUMS; verify.html and import accept them', async () => {
    const db = await stampedLog();
    const rows = await db.timestamps.orderBy('seq').toArray();
    const { zip, files } = await exportOf(db);
    const index = JSON.parse(new TextDecoder().decode(files.get(TIMESTAMPS_INDEX_PATH)!));
    expect(index.tokens.map((t: { seq: number; eventHash: string; authority: string }) => [t.seq, t.eventHash, t.authority])).toEqual(rows.map((r) => [r.seq, r.eventHash, tsa.url]));
    for (const row of rows) expect(files.get(timestampTokenPath(row.seq))).toEqual(row.der);
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!));
    const sums = new TextDecoder().decode(files.get('SHA256SUMS')!);
    for (const path of [TIMESTAMPS_INDEX_PATH, ...rows.map((r) => timestampTokenPath(r.seq))]) {
      expect(manifest.files.map((x: { path: string }) => x.path)).toContain(path);
      expect(sums).toContain(path);
    }
    const report = await verifyBundleFiles(files);
    expect(report.allPassed).toBe(true);
    const section = report.sections.find((s) => s.id === 'timestamps')!;
    expect(section).toMatchObject({ outcome: 'passed', summary: 'All 2 trusted timestamps match their custody events.' });
    expect(section.findings[0]).toMatch(new RegExp(`^Event ${rows[0].seq}: MATCHES\\. Timestamped at ${rows[0].genTime}`));
    const html = new TextDecoder().decode(files.get('report.html')!);
    expect(html).toContain('Trusted timestamps: 2 of the 2 captures in this bundle have a trusted timestamp.');
    await expect(readBundle(new Blob([zip as BlobPart]))).resolves.toBeTruthy();
  });

  it('verify.html names a token that is for another event', async () => {
    const db = await stampedLog();
    const rows = await db.timestamps.orderBy('seq').toArray();
    // Swap the two tokens: each is now attached to the wrong event.
    await db.timestamps.update(rows[0].seq, { der: rows[1].der });
    await db.timestamps.update(rows[1].seq, { der: rows[0].der });
    const { files } = await exportOf(db);
    const report = await verifyBundleFiles(files);
    const section = report.sections.find((s) => s.id === 'timestamps')!;
    expect(section.outcome).toBe('failed');
    expect(section.findings[0]).toMatch(new RegExp(`^Event ${rows[0].seq}: DOES NOT MATCH\\. The timestamp token is for another fingerprint`));
    expect(report.allPassed).toBe(false);
  });

  it('a log without timestamps exports no timestamps folder, and verify.html says they are off', async () => {
    const f = await captures(1);
    const { files } = await exportOf(f.db);
    expect([...files.keys()].some((p) => p.startsWith('timestamps/'))).toBe(false);
    const report = await verifyBundleFiles(files);
    expect(report.allPassed).toBe(true);
    expect(report.sections.find((s) => s.id === 'timestamps')).toMatchObject({ outcome: 'not-checked' });
  });
});
