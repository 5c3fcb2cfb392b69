import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createCaptureQueue } from '@/utils/capture/queue';
import { StoredFileChanged, createEvidenceBundle, exportSize } from '@/utils/export/bundle';
import { bundleFileName, captureFolder } from '@/utils/export/layout';
import { sha256Hex } from '@/utils/integrity/sha256';
import { fakeServices } from '../support/capture-services';

const TOOL = { name: 'Holdfast', version: '0.1.0', extensionId: 'test-extension' };

async function logWithCaptures(count: number) {
  const f = fakeServices();
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

describe('evidence bundle', () => {
  it('lists every file with its size, type and SHA-256, and SHA256SUMS covers the manifest', async () => {
    const f = await logWithCaptures(2);
    const progress: number[] = [];
    const bundle = await createEvidenceBundle(f.db, { tool: TOOL, now: () => new Date('2026-11-30T12:34:00Z'), onProgress: (p) => progress.push(p.capturesDone) });
    const files = await unzip(bundle.stream);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));

    expect(manifest.format).toBe('holdfast-evidence-bundle');
    expect(manifest.captureCount).toBe(3);
    expect(manifest.exportedAt).toBe('2026-11-30T12:34:00.000Z');
    expect(progress).toEqual([1, 2, 3]);
    const listed = new Set(manifest.files.map((file: { path: string }) => file.path));
    const inZip = Object.keys(files).filter((name) => !['manifest.json', 'SHA256SUMS'].includes(name));
    expect([...listed].sort()).toEqual(inZip.sort());
    for (const file of manifest.files) {
      expect(await sha256Hex(files[file.path])).toBe(file.sha256);
      expect(files[file.path].byteLength).toBe(file.size);
      expect(file.mediaType).toMatch(/^(image\/png|text\/plain; charset=utf-8|application\/json)$/);
    }

    const sums = new TextDecoder().decode(files.SHA256SUMS).trim().split('\n');
    expect(sums).toHaveLength(manifest.files.length + 1);
    for (const line of sums) {
      const [hash, path] = line.split('  ');
      expect(await sha256Hex(files[path])).toBe(hash);
    }
    expect(sums.some((line) => line.endsWith('  manifest.json'))).toBe(true);
    expect(await bundle.manifest).toEqual(manifest);
  });

  it('puts each capture in its own chronological folder, failed ones included with their reason', async () => {
    const f = await logWithCaptures(2);
    const bundle = await createEvidenceBundle(f.db, { tool: TOOL });
    const files = await unzip(bundle.stream);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const [first, second, failed] = manifest.captures;
    expect(first.folder).toMatch(/^captures\/0001_2026-11-30T10-00-00-000Z_[0-9a-f]{8}$/);
    expect(second.folder.startsWith('captures/0002_')).toBe(true);
    expect(first.files).toEqual([`${first.folder}/screenshot.png`, `${first.folder}/text.txt`, `${first.folder}/metadata.json`]);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toMatch(/does not let extensions capture/);
    const metadata = JSON.parse(new TextDecoder().decode(files[`${failed.folder}/metadata.json`]));
    expect(metadata.failure.code).toBe('restricted-page');
  });

  it('exports only the chosen captures', async () => {
    const f = await logWithCaptures(3);
    const [, second] = await f.db.captures.orderBy('pressedAt').toArray();
    const bundle = await createEvidenceBundle(f.db, { tool: TOOL, captureIds: [second.id] });
    const manifest = JSON.parse(new TextDecoder().decode((await unzip(bundle.stream))['manifest.json']));
    expect(manifest.captures.map((c: { id: string }) => c.id)).toEqual([second.id]);
    expect(manifest.captures[0].folder.startsWith('captures/0001_')).toBe(true);
  });

  it('refuses to export a stored file whose bytes no longer match its fingerprint', async () => {
    const f = await logWithCaptures(1);
    const [capture] = await f.db.captures.orderBy('pressedAt').toArray();
    const screenshot = capture.artifacts[0];
    await f.db.blobs.update(screenshot.sha256, { data: new Blob([new Uint8Array([1, 2, 3])]) });
    const bundle = await createEvidenceBundle(f.db, { tool: TOOL });
    await expect(new Response(bundle.stream).arrayBuffer()).rejects.toBeInstanceOf(StoredFileChanged);
    await expect(bundle.manifest).rejects.toThrow(/screenshot\.png no longer matches/);
  });

  it('tells the size of an export before it starts', async () => {
    const f = await logWithCaptures(2);
    const size = await exportSize(f.db);
    const records = await f.db.captures.toArray();
    expect(size.captureCount).toBe(3);
    expect(size.bytes).toBe(records.flatMap((r) => r.artifacts).reduce((s, a) => s + a.size, 0));
  });

  it('names the bundle and its folders predictably', () => {
    expect(bundleFileName(new Date(2026, 10, 30, 6, 5))).toBe('holdfast-evidence-2026-11-30-0605.zip');
    expect(captureFolder(41, { id: '3F2A9C1B-0000-4000-8000-000000000000', pressedAt: '2026-01-02T03:04:05.678Z' })).toBe('captures/0042_2026-01-02T03-04-05-678Z_3F2A9C1B');
  });
});
