/**
 * The script of `verify.html`: lets the person choose the unzipped bundle folder, drop the folder
 * or the .zip, checks it with `verifyBundle` and shows the results. Runs from file://, offline;
 * it makes no network request (the page's Content-Security-Policy forbids any).
 */
import { sourceFromEntries, sourceFromFolder, sourceFromZip, type BundleSource, type SourceEntry } from './bundle-source';
import { renderVerification } from './render-results';
import { compareManifestDigest, verifyBundle, type VerificationReport } from './verify-bundle';

function main(doc: Document): void {
  const folderInput = doc.getElementById('folder') as HTMLInputElement;
  const zipInput = doc.getElementById('zip') as HTMLInputElement;
  const digestInput = doc.getElementById('digest') as HTMLInputElement;
  const dropZone = doc.getElementById('drop') as HTMLElement;
  const progress = doc.getElementById('progress') as HTMLElement;
  const results = doc.getElementById('results') as HTMLElement;
  let last: VerificationReport | null = null;
  let running = false;

  if (!globalThis.crypto?.subtle) {
    progress.textContent = 'This browser does not allow this page to compute fingerprints here. Open verify.html directly from the folder (double-click it), in a current version of Chrome, Edge, Firefox or Safari.';
    return;
  }

  async function check(open: () => Promise<BundleSource>): Promise<void> {
    if (running) return;
    running = true;
    results.replaceChildren();
    progress.textContent = 'Reading the bundle…';
    try {
      const source = await open();
      last = await verifyBundle(source, {
        expectedManifestDigest: digestInput.value,
        onProgress: (done, total) => {
          progress.textContent = `Checking file ${done} of ${total}…`;
        },
      });
      progress.textContent = 'Done.';
      renderVerification(doc, results, last);
    } catch (error) {
      last = null;
      progress.textContent = `The bundle could not be read: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      running = false;
    }
  }

  folderInput.addEventListener('change', () => {
    const files = folderInput.files;
    if (files?.length) void check(async () => sourceFromFolder(files));
  });
  zipInput.addEventListener('change', () => {
    const file = zipInput.files?.[0];
    if (file) void check(async () => sourceFromZip(new Uint8Array(await file.arrayBuffer())));
  });
  digestInput.addEventListener('input', () => {
    if (last) {
      last = compareManifestDigest(last, digestInput.value);
      renderVerification(doc, results, last);
    }
  });

  for (const type of ['dragenter', 'dragover']) {
    dropZone.addEventListener(type, (event) => {
      event.preventDefault();
      dropZone.classList.add('drop--over');
    });
  }
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('drop--over'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('drop--over');
    const transfer = (event as DragEvent).dataTransfer;
    if (transfer) void check(() => sourceFromDrop(transfer));
  });
  // A file dropped anywhere else must not make the browser open it in place of this page.
  doc.addEventListener('dragover', (event) => event.preventDefault());
  doc.addEventListener('drop', (event) => event.preventDefault());
}

/** What was dropped: a folder (walked), one .zip, or loose files. */
async function sourceFromDrop(transfer: DataTransfer): Promise<BundleSource> {
  const entries = Array.from(transfer.items ?? [])
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => !!entry);
  if (entries.some((entry) => entry.isDirectory)) {
    const files: SourceEntry[] = [];
    for (const entry of entries) await walk(entry, files);
    return sourceFromEntries(files);
  }
  const dropped = Array.from(transfer.files);
  if (dropped.length === 1 && /\.zip$/i.test(dropped[0].name)) return sourceFromZip(new Uint8Array(await dropped[0].arrayBuffer()));
  return sourceFromEntries(dropped.map((file) => ({ path: file.name, read: async () => new Uint8Array(await file.arrayBuffer()) })));
}

async function walk(entry: FileSystemEntry, out: SourceEntry[]): Promise<void> {
  if (entry.isFile) {
    const fileEntry = entry as FileSystemFileEntry;
    out.push({
      path: entry.fullPath.replace(/^\//, ''),
      read: async () => {
        const file = await new Promise<File>((resolve, reject) => fileEntry.file(resolve, reject));
        return new Uint8Array(await file.arrayBuffer());
      },
    });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    for (const child of batch) await walk(child, out);
  }
}

main(document);
