import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createCaptureQueue } from '@/utils/capture/queue';
import { HoldfastDb } from '@/utils/db/database';
import { StoredFileChanged, createEvidenceBundle, estimateBundleBytes, exportFraction, exportSize, type ExportProgress } from '@/utils/export/bundle';
import { bundleFileName, captureFolder } from '@/utils/export/layout';
import { verifyBundleFiles } from '@/utils/export/verifier/verify-bundle';
import { importBundle } from '@/utils/import/import-bundle';
import { sha256Hex } from '@/utils/integrity/sha256';
import { fakeServices, pageRead } from '../support/capture-services';
import { checkCrossReferences, readPdf } from './pdf-inspect';
import { HOSTILE } from './report-fixtures';

const TOOL = { name: 'Holdfast', version: '0.1.0', extensionId: 'test-extension' };
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ROOT_DOCUMENTS = [
  'HOW-TO-VERIFY.txt',
  'SHA256SUMS',
  'custody/chain-head.json',
  'custody/chain-head.sig',
  'custody/events.json',
  'custody/statement-signatures.json',
  'custody/statements.json',
  'log.csv',
  'manifest.json',
  'manifest.sha256',
  'manifest.sig',
  'report.html',
  'report.pdf',
  'signing-key.jwk.json',
  'verify.html',
];

async function logWithCaptures(count: number, options: Parameters<typeof fakeServices>[0] = {}) {
  const f = fakeServices(options);
  const queue = createCaptureQueue(f.services);
  for (let i = 0; i < count; i++) {
    await queue.request('shortcut', f.target);
    f.advance(1000);
  }
  await queue.request('shortcut', { tabId: 7, windowId: 1, url: 'chrome://settings/' });
  await queue.drain();
  return f;
}

async function unzip(stream: ReadableStream<Uint8Array>) {
  return unzipSync(new Uint8Array(await new Response(stream).arrayBuffer()));
}

async function exportAll(db: HoldfastDb, options: Partial<Parameters<typeof createEvidenceBundle>[1]> = {}) {
  const bundle = await createEvidenceBundle(db, { tool: TOOL, now: () => new Date('2026-11-30T12:34:00Z'), ...options });
  const files = await unzip(bundle.stream);
  return { bundle, files, manifest: JSON.parse(decode(files['manifest.json'])), result: await bundle.result };
}

describe('evidence bundle', () => {
  it('lists every capture file and document in the manifest, and SHA256SUMS names every file but itself', async () => {
    const f = await logWithCaptures(2);
    const { files, manifest, bundle } = await exportAll(f.db);

    expect(manifest.format).toBe('holdfast-evidence-bundle');
    expect(manifest.captureCount).toBe(3);
    expect(manifest.exportedAt).toBe('2026-11-30T12:34:00.000Z');
    expect(manifest.notListedHere).toEqual(['manifest.json', 'SHA256SUMS', 'manifest.sha256', 'manifest.sig', 'report.html', 'report.pdf', 'custody/chain-head.sig', 'custody/statement-signatures.json']);
    const listed: string[] = manifest.files.map((file: { path: string }) => file.path);
    expect(listed).toEqual(expect.arrayContaining(['log.csv', 'verify.html', 'HOW-TO-VERIFY.txt']));
    expect(Object.keys(files).sort()).toEqual([...listed, ...manifest.notListedHere].sort());
    expect(Object.keys(files).filter((name) => !name.startsWith('captures/')).sort()).toEqual(ROOT_DOCUMENTS);
    for (const file of manifest.files) {
      expect(await sha256Hex(files[file.path])).toBe(file.sha256);
      expect(files[file.path].byteLength).toBe(file.size);
    }

    const sums = decode(files.SHA256SUMS).trim().split('\n');
    expect(sums).toHaveLength(Object.keys(files).length - 1);
    for (const line of sums) {
      const [hash, path] = line.split('  ');
      expect(await sha256Hex(files[path]), path).toBe(hash);
    }
    expect(await bundle.manifest).toEqual(manifest);
  });

  it('writes the manifest digest in manifest.sha256 and on the cover of both reports', async () => {
    const f = await logWithCaptures(1);
    const { files, result } = await exportAll(f.db, { exporterName: '  Ana Pérez  ' });
    const digest = await sha256Hex(files['manifest.json']);
    expect(result.manifestDigest).toBe(digest);
    expect(decode(files['manifest.sha256'])).toBe(`${digest}  manifest.json\n`);

    const html = decode(files['report.html']);
    expect(html).toContain(digest);
    expect(html).toContain('<dt>Exported by</dt><dd>Ana Pérez</dd>');
    expect(html).toContain('Capture 1 of 2');
    expect(html).toContain('src="captures/0001_');

    const pdf = files['report.pdf'];
    checkCrossReferences(pdf);
    const read = await readPdf(pdf);
    expect(read.pages[0].text).toContain(digest);
    expect(read.pages.reduce((n, p) => n + p.images, 0)).toBe(1);
    expect(decode(files['HOW-TO-VERIFY.txt'])).toContain('manifest.sha256');
  });

  it('puts the page text in the report whether it was kept in memory or read again for its section', async () => {
    const visibleText = `Visible words ${'x'.repeat(5000)} END-OF-VISIBLE`;
    const f = await logWithCaptures(2, { readPage: async () => pageRead({ visibleText }) });
    const kept = await exportAll(f.db);
    const reread = await exportAll(f.db, { keptTextChars: visibleText.length });
    const never = await exportAll(f.db, { keptTextChars: 0 });
    for (const { files } of [kept, reread, never]) {
      expect(decode(files['report.html']).match(/END-OF-VISIBLE/g)).toHaveLength(2);
    }
    expect(decode(reread.files['report.html'])).toBe(decode(kept.files['report.html']));
    expect(decode(never.files['report.html'])).toBe(decode(kept.files['report.html']));
    expect(Buffer.from(never.files['report.pdf']).equals(Buffer.from(kept.files['report.pdf']))).toBe(true);
  });

  it('checks out in the offline verifier and is accepted by import in a fresh log, same captures, same hashes', async () => {
    const f = await logWithCaptures(2);
    const { files, bundle } = await exportAll(f.db);
    const report = await verifyBundleFiles(new Map(Object.entries(files)));
    expect(report.summary).toMatch(/^All \d+ files are exactly as they were exported/);
    expect(report.allPassed).toBe(true);

    const zip = await (async () => {
      const again = await createEvidenceBundle(f.db, { tool: TOOL });
      return new Response(again.stream).blob();
    })();
    const fresh = new HoldfastDb(`import-${crypto.randomUUID()}`);
    const outcome = await importBundle(fresh, zip);
    expect(outcome.added).toBe(3);
    const original = await f.db.captures.orderBy('pressedAt').toArray();
    const imported = await fresh.captures.orderBy('pressedAt').toArray();
    expect(imported.map((c) => [c.id, c.artifacts.map((a) => a.sha256)])).toEqual(original.map((c) => [c.id, c.artifacts.map((a) => a.sha256)]));
    expect(bundle.captureCount).toBe(3);
  });

  it('keeps page content as text in report.html and neutralises formulas in log.csv', async () => {
    const title = `=HYPERLINK("http://evil.example") ${HOSTILE.script}${HOSTILE.img}`;
    const f = await logWithCaptures(1, { readPage: async () => pageRead({ title, visibleText: HOSTILE.svg }) });
    await f.db.captures.toCollection().modify((c) => {
      c.summary.title = title;
    });
    const { files } = await exportAll(f.db);
    const html = decode(files['report.html']);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    const csv = decode(files['log.csv']);
    expect([...files['log.csv'].subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")`);
    expect(csv).not.toMatch(/(^|,)"=HYPERLINK/m);
  });

  it('shows the post fields a post capture recorded in its metadata', async () => {
    const f = await logWithCaptures(1);
    const [capture] = await f.db.captures.orderBy('pressedAt').toArray();
    const metadataRef = capture.artifacts.find((a) => a.role === 'metadata')!;
    const stored = await f.db.blobs.get(metadataRef.sha256);
    const metadata = JSON.parse(await stored!.data.text());
    metadata.post = { fields: { platform: 'x', kind: 'post', author: { displayName: 'Troll Account', handle: '@troll' }, text: 'POST-TEXT-MARKER' } };
    const bytes = new TextEncoder().encode(JSON.stringify(metadata));
    const sha256 = await sha256Hex(bytes);
    await f.db.blobs.add({ sha256, mediaType: 'application/json', size: bytes.byteLength, data: new Blob([bytes]) });
    await f.db.captures.update(capture.id, { artifacts: capture.artifacts.map((a) => (a === metadataRef ? { ...a, sha256, size: bytes.byteLength } : a)) });

    const { files } = await exportAll(f.db);
    const html = decode(files['report.html']);
    expect(html).toContain('Troll Account · @troll');
    expect(html).toContain('X (Twitter)');
    expect(html).toContain('POST-TEXT-MARKER');
    expect(decode(files['log.csv'])).toContain('"Troll Account · @troll"');
  });

  it('puts each capture in its own chronological folder, failed ones included with their reason', async () => {
    const f = await logWithCaptures(2);
    const { files, manifest } = await exportAll(f.db);
    const [first, second, failed] = manifest.captures;
    expect(first.folder).toMatch(/^captures\/0001_2026-11-30T10-00-00-000Z_[0-9a-f]{8}$/);
    expect(second.folder.startsWith('captures/0002_')).toBe(true);
    expect(first.files).toEqual([`${first.folder}/screenshot.png`, `${first.folder}/text.txt`, `${first.folder}/metadata.json`]);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toMatch(/does not let extensions capture/);
    const metadata = JSON.parse(decode(files[`${failed.folder}/metadata.json`]));
    expect(metadata.failure.code).toBe('restricted-page');
    expect(decode(files['report.html'])).toContain('not completed');
  });

  it('exports only the chosen captures', async () => {
    const f = await logWithCaptures(3);
    const [, second] = await f.db.captures.orderBy('pressedAt').toArray();
    const { manifest, files, result } = await exportAll(f.db, { captureIds: [second.id] });
    expect(manifest.captures.map((c: { id: string }) => c.id)).toEqual([second.id]);
    expect(result.captureIds).toEqual([second.id]);
    expect(manifest.captures[0].folder.startsWith('captures/0001_')).toBe(true);
    expect(Object.keys(files).filter((n) => n.startsWith('captures/'))).toHaveLength(3);
  });

  it('tells its progress through files, report.html and report.pdf, ending complete', async () => {
    const f = await logWithCaptures(2);
    const seen: ExportProgress[] = [];
    await exportAll(f.db, { onProgress: (p) => seen.push({ ...p }) });
    expect(seen.filter((p) => p.step === 'files').map((p) => p.capturesDone)).toEqual([1, 2, 3]);
    expect(seen.filter((p) => p.step === 'report-html').map((p) => p.capturesDone)).toEqual([1, 2, 3]);
    expect(seen.filter((p) => p.step === 'report-pdf').map((p) => p.capturesDone)).toEqual([1, 2, 3]);
    const fractions = seen.map(exportFraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(seen.at(-1)!.bytesDone).toBe((await exportSize(f.db)).bytes);
  });

  it('refuses to export a stored file whose bytes no longer match its fingerprint', async () => {
    const f = await logWithCaptures(1);
    const [capture] = await f.db.captures.orderBy('pressedAt').toArray();
    const screenshot = capture.artifacts[0];
    await f.db.blobs.update(screenshot.sha256, { data: new Blob([new Uint8Array([1, 2, 3])]) });
    const bundle = await createEvidenceBundle(f.db, { tool: TOOL });
    await expect(new Response(bundle.stream).arrayBuffer()).rejects.toBeInstanceOf(StoredFileChanged);
    await expect(bundle.manifest).rejects.toThrow(/screenshot\.png no longer matches/);
    await expect(bundle.result).rejects.toBeInstanceOf(StoredFileChanged);
  });

  it('tells the size of an export before it starts, and about how large the zip will be', async () => {
    const f = await logWithCaptures(2);
    const size = await exportSize(f.db);
    const records = await f.db.captures.toArray();
    expect(size.captureCount).toBe(3);
    expect(size.bytes).toBe(records.flatMap((r) => r.artifacts).reduce((s, a) => s + a.size, 0));
    expect(size.screenshotBytes).toBe(records.flatMap((r) => r.artifacts).filter((a) => a.role === 'screenshot').reduce((s, a) => s + a.size, 0));
    const [one] = records;
    expect(await exportSize(f.db, [one.id, 'no-such-capture'])).toMatchObject({ captureCount: 1 });

    const { bundle } = await exportAll(f.db);
    const zipBytes = (await new Response((await createEvidenceBundle(f.db, { tool: TOOL })).stream).arrayBuffer()).byteLength;
    const estimate = estimateBundleBytes(size);
    expect(estimate).toBeGreaterThan(zipBytes * 0.5);
    expect(estimate).toBeLessThan(zipBytes * 2);
    expect(bundle.fileName).toBe(bundleFileName(new Date('2026-11-30T12:34:00Z')));
  });

  it('names the bundle and its folders predictably', () => {
    expect(bundleFileName(new Date(2026, 10, 30, 6, 5))).toBe('holdfast-evidence-2026-11-30-0605.zip');
    expect(captureFolder(41, { id: '3F2A9C1B-0000-4000-8000-000000000000', pressedAt: '2026-01-02T03:04:05.678Z' })).toBe('captures/0042_2026-01-02T03-04-05-678Z_3F2A9C1B');
  });
});
