// @vitest-environment happy-dom
import { Blob as NodeBlob } from 'node:buffer';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CaptureList } from '@/components/capture-list';
import { ExportPanel } from '@/components/export-panel';
import { getDb } from '@/utils/db/database';
import type { CaptureRecord } from '@/utils/db/records';
import { formatBytes } from '@/utils/format/bytes';
import { sha256Hex } from '@/utils/integrity/sha256';
import { makePng } from '../unit/support/png';

const encoder = new TextEncoder();
// happy-dom's Blob does not survive fake-indexeddb's structured clone; Node's does (as the browser's does).

/** A finished capture with its three files stored, as the capture queue leaves it. */
async function storedCapture(title: string, pressedAt: string): Promise<CaptureRecord> {
  const id = crypto.randomUUID();
  const files = [
    { role: 'screenshot' as const, name: 'screenshot.png', mediaType: 'image/png', bytes: makePng(8, 6) },
    { role: 'text' as const, name: 'text.txt', mediaType: 'text/plain; charset=utf-8', bytes: encoder.encode(`Text of ${title}`) },
    { role: 'metadata' as const, name: 'metadata.json', mediaType: 'application/json', bytes: encoder.encode(JSON.stringify({ format: 'holdfast-capture', captureId: id, title })) },
  ];
  const artifacts = [];
  for (const f of files) {
    const sha256 = await sha256Hex(f.bytes);
    await getDb().blobs.put({ sha256, mediaType: f.mediaType, size: f.bytes.byteLength, data: new NodeBlob([f.bytes as Uint8Array<ArrayBuffer>]) as Blob });
    artifacts.push({ role: f.role, name: f.name, sha256, size: f.bytes.byteLength, mediaType: f.mediaType });
  }
  const record: CaptureRecord = {
    id,
    kind: 'page',
    trigger: 'shortcut',
    status: 'done',
    pressedAt,
    tab: { tabId: 1, windowId: 1 },
    summary: { url: 'https://social.example/post/1', title, site: 'social.example' },
    artifacts,
    attempts: 1,
    warnings: [],
  };
  await getDb().captures.add(record);
  return record;
}

beforeEach(async () => {
  await Promise.all([getDb().captures.clear(), getDb().blobs.clear(), getDb().custody.clear()]);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Holdfast', version: '0.1.0' });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the export screen', () => {
  it('says how many captures and bytes before it starts, and that there is nothing when the log is empty', async () => {
    render(<ExportPanel />);
    await screen.findByText('There is nothing to export yet.');
    expect((screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(true);
    cleanup();

    const both = [await storedCapture('First', '2026-11-30T09:00:00.000Z'), await storedCapture('Second', '2026-11-30T10:00:00.000Z')];
    const bytes = both.flatMap((c) => c.artifacts).reduce((n, a) => n + a.size, 0);
    render(<ExportPanel />);
    const summary = await screen.findByText(/^2 captures, /);
    expect(summary.textContent).toContain(`${formatBytes(bytes)} of files`);
    expect(summary.textContent).toMatch(/The \.zip will be about \d/);
    expect((screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('explains a range of days that cannot be exported and keeps Export disabled until it can', async () => {
    await storedCapture('First', new Date(2026, 10, 2, 12).toISOString());
    render(<ExportPanel />);
    fireEvent.click(screen.getByRole('radio', { name: 'Captures taken between two days' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose both the first and the last day.');
    const button = screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('From'), { target: { value: '2026-11-05' } });
    fireEvent.input(screen.getByLabelText('To (included)'), { target: { value: '2026-11-01' } });
    expect((await screen.findByRole('alert')).textContent).toBe('The first day is after the last day.');
    expect(screen.getByLabelText('From').getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(screen.getByLabelText('To (included)'), { target: { value: '2026-11-03' } });
    fireEvent.input(screen.getByLabelText('From'), { target: { value: '2026-11-03' } });
    await screen.findByText('No captures match this choice.');
    fireEvent.input(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    await screen.findByText(/^1 capture, /);
    expect(button.disabled).toBe(false);
  });

  it('exports the selected captures only after some are selected', async () => {
    const chosen = await storedCapture('Chosen', '2026-11-30T09:00:00.000Z');
    await storedCapture('Other', '2026-11-30T10:00:00.000Z');
    const { rerender } = render(<ExportPanel selectedIds={[]} />);
    fireEvent.click(screen.getByRole('radio', { name: /selected in the list/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('Select captures with the boxes in the list first.');
    rerender(<ExportPanel selectedIds={[chosen.id]} />);
    expect(await screen.findByRole('radio', { name: 'The capture selected in the list' })).toBeTruthy();
    await screen.findByText(/^1 capture, /);
  });

  it('exports, shows the file name and the manifest digest, and records the export in the chain of custody', async () => {
    const first = await storedCapture('First', '2026-11-30T09:00:00.000Z');
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    render(<ExportPanel />);
    fireEvent.input(screen.getByLabelText("Your name for the report's cover (optional)"), { target: { value: 'Ana' } });
    await screen.findByText(/^1 capture, /);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const done = await screen.findByText(/^Saved as holdfast-evidence-\d{4}-\d{2}-\d{2}-\d{4}\.zip \(/, undefined, { timeout: 10_000 });
    const fileName = /Saved as (\S+\.zip)/.exec(done.textContent ?? '')![1];
    expect(clicked).toEqual([fileName]);
    const [event] = await getDb().custody.toArray();
    expect(event).toMatchObject({ seq: 1, type: 'bundle-exported', payload: { fileName, captureCount: 1, captureIds: [first.id] } });
    expect(document.querySelector('.export__digest')?.textContent).toBe((event.payload as { bundleSha256: string }).bundleSha256);
  }, 30_000);

  it('says why an export failed and records nothing', async () => {
    const capture = await storedCapture('Damaged', '2026-11-30T09:00:00.000Z');
    await getDb().blobs.update(capture.artifacts[0].sha256, { data: new NodeBlob([new Uint8Array([1, 2, 3])]) as Blob });
    render(<ExportPanel />);
    await screen.findByText(/^1 capture, /);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const status = await screen.findByText(/^The export failed: /, undefined, { timeout: 10_000 });
    expect(status.textContent).toMatch(/screenshot\.png no longer matches the fingerprint recorded when it was captured\. Nothing was saved\.$/);
    expect(await getDb().custody.count()).toBe(0);
  }, 30_000);
});
