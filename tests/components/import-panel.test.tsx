// @vitest-environment happy-dom
import { Blob as NodeBlob } from 'node:buffer';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BundleHistory } from '@/components/bundle-history';
import { ImportPanel } from '@/components/import-panel';
import { getDb } from '@/utils/db/database';
import { recordBundleExported } from '@/utils/integrity/bundle-custody';
import { exportBundle, fillLog, freshDb, unpack } from '../unit/import/fixtures';

// The file a person picks: Node's Blob (happy-dom's cannot be sliced into a stream the way the
// import reads it), named like a File.
function pickedFile(bytes: Uint8Array | Blob, name: string): File {
  const blob = bytes instanceof Uint8Array ? new NodeBlob([bytes as Uint8Array<ArrayBuffer>]) : bytes;
  return Object.assign(blob, { name, lastModified: 0, webkitRelativePath: '' }) as unknown as File;
}

function choose(file: File) {
  const input = screen.getByLabelText('Evidence bundle (.zip)') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

// happy-dom's Blob does not survive fake-indexeddb's structured clone (the browser's does): the
// log under test stores Node's.
const HappyDomBlob = globalThis.Blob;
beforeAll(() => {
  globalThis.Blob = NodeBlob as unknown as typeof Blob;
});
afterAll(() => {
  globalThis.Blob = HappyDomBlob;
});

beforeEach(async () => {
  await Promise.all([getDb().captures.clear(), getDb().blobs.clear(), getDb().custody.clear()]);
});
afterEach(cleanup);

describe('the import screen', () => {
  it('asks for a file before importing', async () => {
    render(<ImportPanel />);
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('status')).textContent).toBe('Choose a .zip file first.');
  });

  it('imports a bundle, says what it added, records it, and adds nothing the second time', async () => {
    const source = freshDb();
    await fillLog(source);
    const { zip, manifest } = await exportBundle(source);
    const file = pickedFile(new NodeBlob([new Uint8Array(await zip.arrayBuffer())]) as unknown as Blob, 'old-laptop.zip');
    render(
      <>
        <ImportPanel />
        <BundleHistory />
      </>,
    );
    choose(file);
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByText(/^Imported old-laptop\.zip/, undefined, { timeout: 10_000 })).textContent).toBe('Imported old-laptop.zip: 4 captures added, 0 already in your log.');
    expect(await getDb().captures.count()).toBe(4);
    await screen.findByText('Imported old-laptop.zip — 4 captures added');

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await screen.findByText('Imported old-laptop.zip: 0 captures added, 4 already in your log.', undefined, { timeout: 10_000 });
    const events = await getDb().custody.orderBy('seq').toArray();
    expect(events.map((e) => [e.type, (e.payload as { captureIds: string[] }).captureIds.length])).toEqual([
      ['bundle-imported', 4],
      ['bundle-imported', 0],
    ]);
    expect((events[0].payload as { bundleSha256: string }).bundleSha256).toHaveLength(64);

    // A capture with the same id but other files in this log: kept, and the person is told.
    const [first] = await getDb().captures.orderBy('pressedAt').toArray();
    await getDb().captures.update(first.id, { artifacts: [] });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await screen.findByText('Imported old-laptop.zip: 0 captures added, 3 already in your log.', undefined, { timeout: 10_000 });
    expect(screen.getByText(/^1 captures in the bundle differ from the captures with the same id in your log\./)).toBeTruthy();
    expect((await getDb().captures.get(first.id))?.artifacts).toEqual([]);
    expect(manifest.captureCount).toBe(4);
  }, 30_000);

  it('refuses a changed bundle in plain words and leaves the log and its custody as they were', async () => {
    await recordBundleExported(getDb(), { fileName: 'earlier.zip', manifestDigest: 'a'.repeat(64), captureIds: [] });
    const source = freshDb();
    await fillLog(source);
    const files = await unpack((await exportBundle(source)).zip);
    const screenshot = Object.keys(files).find((p) => p.endsWith('/screenshot.png'))!;
    files[screenshot] = files[screenshot].slice();
    files[screenshot][files[screenshot].length - 1] ^= 1;
    render(<ImportPanel />);
    choose(pickedFile(zipSync(files, { level: 0 }), '<img src=x onerror=alert(1)>.zip'));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const refused = await screen.findByText(/^Not imported: your log is unchanged\./, undefined, { timeout: 10_000 });
    expect(refused.textContent).toBe('Not imported: your log is unchanged. A file of the bundle was changed after it was exported.');
    expect(document.querySelector('.import__detail')?.textContent).toContain(screenshot);
    expect(await getDb().captures.count()).toBe(0);
    expect(await getDb().custody.count()).toBe(1);
  }, 30_000);

  it('refuses a file that is not a zip', async () => {
    render(<ImportPanel />);
    choose(pickedFile(new TextEncoder().encode('just notes'), 'notes.zip'));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByText(/^Not imported/)).textContent).toBe('Not imported: your log is unchanged. This file is not a .zip file.');
  });
});
