/**
 * Test fixtures for import: a log filled by the real capture queue (so metadata.json is exactly
 * what captures write), a real bundle made by `createEvidenceBundle`, and helpers to unpack,
 * tamper with and re-zip it (with fflate's zipSync).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { createCaptureQueue, type CaptureTarget } from '../../../utils/capture/queue';
import type { PageRead } from '../../../utils/capture/page-read';
import { HoldfastDb } from '../../../utils/db/database';
import { createEvidenceBundle } from '../../../utils/export/bundle';
import { encodeManifest, encodeManifestDigest, encodeSums, type BundleManifest } from '../../../utils/export/layout';
import { sha256Hex } from '../../../utils/integrity/sha256';

let dbCount = 0;

/** A fresh, empty log with a unique name. */
export function freshDb(): HoldfastDb {
  dbCount += 1;
  return new HoldfastDb(`import-test-${dbCount}-${Math.random().toString(36).slice(2)}`);
}

/** A small but real PNG header (the queue reads width and height from it) followed by `seed` bytes. */
export function fakePng(seed: string, width = 1280, height = 800): Uint8Array {
  const head = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
  const bytes = new Uint8Array(head.length + 8 + seed.length + 64);
  bytes.set(head);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set(new TextEncoder().encode(seed), 24);
  for (let i = 24 + seed.length; i < bytes.length; i += 1) bytes[i] = (i * 31 + seed.length) & 0xff;
  return bytes;
}

function dataUrl(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(binary)}`;
}

/** Bytes that look like the start of a zip entry named `evil.txt`, as hostile page text might carry. */
export const FORGED_ZIP_HEADER = '\x50\x4b\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00\x08\x00\x00\x00evil.txtHELLO';

export interface PageSpec {
  url: string;
  title: string;
  text: string;
  /** The screenshot is refused by the browser. */
  screenshotFails?: boolean;
}

function pageRead(spec: PageSpec, readAt: string): PageRead {
  return {
    url: spec.url,
    title: spec.title,
    language: 'en',
    readAt,
    timeZone: 'UTC',
    viewport: { width: 1280, height: 800 },
    scroll: { x: 0, y: 0 },
    documentSize: { width: 1280, height: 2400 },
    devicePixelRatio: 1,
    text: spec.text,
    textLength: spec.text.length,
    textTruncated: false,
    visibleText: spec.text.slice(0, 100),
    visibleTextTruncated: false,
    selectedText: '',
    selectedTextTruncated: false,
    limitsHit: [],
  };
}

export const DEFAULT_PAGES: PageSpec[] = [
  { url: 'https://social.example/@abuser/status/1', title: 'Post by @abuser', text: 'You will regret this <script>alert(1)</script>' },
  { url: 'https://social.example/@abuser/status/2', title: 'Second post', text: `Page text carrying ${FORGED_ZIP_HEADER} inside it` },
  { url: 'https://mail.example/inbox/3', title: 'Email', text: 'The screenshot of this one was refused', screenshotFails: true },
  { url: 'chrome://settings', title: 'Settings', text: '' },
];

/**
 * Captures `pages` with the real capture queue into `db`; every browser service is a fake. Press
 * times start at `startAt` and step by one second.
 */
export async function fillLog(db: HoldfastDb, pages: PageSpec[] = DEFAULT_PAGES, startAt = Date.parse('2026-11-30T05:51:39.123Z')): Promise<void> {
  let clock = startAt;
  const byTab = new Map<number, PageSpec>();
  const queue = createCaptureQueue({
    db,
    now: () => (clock += 1000),
    pacer: { run: (take) => take() },
    takeScreenshot: async (windowId) => {
      const spec = byTab.get(windowId)!;
      if (spec.screenshotFails) throw new Error('Failed to capture tab: unknown error');
      return dataUrl(fakePng(spec.url));
    },
    readPage: async (tabId) => pageRead(byTab.get(tabId)!, new Date(clock).toISOString()),
    getTab: async (tabId) => ({ windowId: tabId, active: true, url: byTab.get(tabId)!.url }),
    environment: async () => ({
      browser: { name: 'Chrome', version: '156.0.0.0', userAgent: 'test' },
      os: { name: 'linux', arch: 'x86-64' },
      extension: { name: 'Holdfast', version: '0.1.0', id: 'testextensionid', manifestVersion: 3 },
    }),
  });
  let tab = 100 + (await db.captures.count());
  for (const spec of pages) {
    tab += 1;
    byTab.set(tab, spec);
    const target: CaptureTarget = { tabId: tab, windowId: tab, url: spec.url, title: spec.title };
    await queue.request('shortcut', target);
    await queue.drain();
  }
}

/** The bundle `createEvidenceBundle` makes of `db`, as the Blob a person would pick to import. */
export async function exportBundle(db: HoldfastDb, captureIds?: string[]): Promise<{ zip: Blob; manifest: BundleManifest }> {
  const bundle = await createEvidenceBundle(db, {
    tool: { name: 'Holdfast', version: '0.1.0', extensionId: 'testextensionid' },
    now: () => new Date('2026-12-01T10:00:00.000Z'),
    ...(captureIds ? { captureIds } : {}),
  });
  const zip = await new Response(bundle.stream).blob();
  return { zip, manifest: await bundle.manifest };
}

/** The files of a zip, by name, in their order in the zip. */
export async function unpack(zip: Blob): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await zip.arrayBuffer()));
}

/** The bytes of a zip of `files` made with fflate's zipSync (stored by default, like Holdfast's own). */
export function zipBytes(files: Zippable, level: 0 | 6 = 0): Uint8Array {
  return zipSync(files, { level });
}

/** A zip of `files`, as the Blob a person would pick. */
export function repack(files: Zippable, level: 0 | 6 = 0): Blob {
  return new Blob([zipBytes(files, level) as BlobPart], { type: 'application/zip' });
}

export function readManifest(files: Record<string, Uint8Array>): BundleManifest {
  return JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest;
}

/**
 * Rewrites manifest.json and SHA256SUMS so that they match the (tampered) files: what a forger who
 * understood the format would do. `editManifest` may change the manifest before it is sealed.
 */
export async function reseal(files: Record<string, Uint8Array>, editManifest?: (m: BundleManifest) => void): Promise<Record<string, Uint8Array>> {
  const manifest = readManifest(files);
  for (const entry of manifest.files) {
    const bytes = files[entry.path];
    if (!bytes) continue;
    entry.size = bytes.byteLength;
    entry.sha256 = await sha256Hex(bytes);
  }
  editManifest?.(manifest);
  const manifestBytes = encodeManifest(manifest);
  const digest = await sha256Hex(manifestBytes);
  const out: Record<string, Uint8Array> = { ...files, 'manifest.json': manifestBytes };
  if (out['manifest.sha256']) out['manifest.sha256'] = encodeManifestDigest(digest);
  // The documents the manifest cannot list (its digest file, the reports) keep their lines in SHA256SUMS.
  const documents = [];
  for (const path of manifest.notListedHere) {
    const bytes = out[path];
    if (!bytes || path === 'manifest.json' || path === 'SHA256SUMS') continue;
    documents.push({ path, size: bytes.byteLength, mediaType: 'application/octet-stream', sha256: await sha256Hex(bytes) });
  }
  out.SHA256SUMS = encodeSums([...manifest.files, { path: 'manifest.json', size: manifestBytes.byteLength, mediaType: 'application/json', sha256: digest }, ...documents]);
  return out;
}

/** Everything in the log's evidence tables, blobs by their actual bytes, for before/after checks. */
export async function snapshotLog(db: HoldfastDb): Promise<unknown> {
  const captures = (await db.captures.toArray()).sort((a, b) => a.id.localeCompare(b.id));
  const blobs = await db.blobs.toArray();
  const blobFacts = await Promise.all(
    blobs.map(async (b) => ({ sha256: b.sha256, size: b.size, mediaType: b.mediaType, actual: await sha256Hex(new Uint8Array(await b.data.arrayBuffer())) })),
  );
  return { captures, blobs: blobFacts.sort((a, b) => a.sha256.localeCompare(b.sha256)), thumbnails: await db.thumbnails.count() };
}

/** The path of the first file in the bundle whose name ends with `suffix`. */
export function pathEnding(files: Record<string, Uint8Array>, suffix: string): string {
  const path = Object.keys(files).find((p) => p.endsWith(suffix));
  if (!path) throw new Error(`no file ending with ${suffix}`);
  return path;
}
