/**
 * Reads an evidence bundle chosen by the person and checks every byte before anything is accepted:
 * the zip's structure and sizes (zip bombs), every name (paths that escape), the manifest, that
 * every file is accounted for (MISSING, UNEXPECTED), every file's SHA-256 against the manifest and
 * SHA256SUMS (CHANGED), and each capture's metadata.json against the manifest. Any problem refuses
 * the whole bundle with a `BundleRefused`; the log is never touched here.
 */
import type { ArtifactRole, CaptureFailure, CaptureRecord } from '../db/records';
import { MANIFEST_PATH, SUMS_PATH, type BundleCaptureEntry, type BundleFileEntry, type BundleManifest } from '../export/layout';
import { sha256Hex } from '../integrity/sha256';
import { parentFolder, unsafePathReason } from './bundle-path';
import { METADATA_FILE, checkCaptureMetadata, type CheckedMetadata } from './capture-metadata';
import { importLimits, type ImportLimits } from './limits';
import { parseManifest } from './manifest-schema';
import { quoteName, refuse } from './refusal';
import { parseSums } from './sums';
import { hashZipEntry, readZipDirectory, readZipEntry, type ZipEntry } from './zip-reader';

/**
 * Documents an export may add next to the evidence without listing them in the manifest (they are
 * made from it): allowed in a bundle, checked against SHA256SUMS when listed there, never imported.
 */
export const BUNDLE_DOCUMENTS: readonly string[] = ['report.html', 'report.pdf', 'log.csv', 'verify.html', 'HOW-TO-VERIFY.txt', 'manifest.sha256'];
/** The document holding the manifest's digest; when present it must name the right one. */
const MANIFEST_DIGEST_PATH = 'manifest.sha256';

/** One file of an imported capture, checked against its fingerprint. */
export interface ImportedFile {
  /** Name inside the capture's folder, e.g. `screenshot.png`. */
  name: string;
  /** Where it was in the bundle, e.g. `captures/0001_…/screenshot.png`. */
  path: string;
  role: ArtifactRole;
  mediaType: string;
  sha256: string;
  size: number;
  bytes: Blob;
}

/** What the bundle records about a capture, as the log will keep it. */
export interface ImportedCaptureFacts {
  status: Exclude<CaptureRecord['status'], 'pending'>;
  kind: CaptureRecord['kind'];
  trigger: CaptureRecord['trigger'];
  pressedAt: string;
  screenshotAt: string | null;
  url: string;
  title: string;
  site: string;
  failure: CaptureFailure | null;
  warnings: string[];
}

/** One capture of a checked bundle. */
export interface ImportedCapture {
  id: string;
  folder: string;
  facts: ImportedCaptureFacts;
  files: ImportedFile[];
}

/** A bundle whose every file was re-hashed and found as the bundle records it. */
export interface ValidatedBundle {
  manifest: BundleManifest;
  /** SHA-256 of `manifest.json`: the digest that names this bundle (shown on its report's cover). */
  digest: string;
  /** Finished and failed captures, in the bundle's (chronological) order. */
  captures: ImportedCapture[];
  /** Ids of captures that were still being taken when the bundle was exported: not imported. */
  unfinished: string[];
}

/**
 * Unpacks and checks an evidence bundle. Resolves only when every file was re-hashed and matches;
 * rejects with `BundleRefused` (a code, plain words, and the file concerned) otherwise.
 */
export async function readBundle(
  zip: Blob,
  limits?: Partial<ImportLimits>,
  options: { onProgress?: (filesChecked: number, fileCount: number) => void } = {},
): Promise<ValidatedBundle> {
  const checked = importLimits(limits);
  const entries = await readZipDirectory(zip, checked);
  const zipFiles = new Map(entries.filter((e) => !e.isFolder).map((e) => [e.path, e]));

  const manifestEntry = zipFiles.get(MANIFEST_PATH);
  if (!manifestEntry) throw refuse('NOT_OUR_BUNDLE', 'This zip is not a Holdfast evidence bundle: it has no manifest.json.');
  const manifestBytes = await readListFile(zip, manifestEntry, checked);
  const manifest = parseManifest(manifestBytes);
  const digest = await sha256Hex(manifestBytes);
  const listed = new Map(manifest.files.map((f) => [f.path, f]));

  checkAccountedFor(entries, zipFiles, manifest, listed);

  const sumsEntry = zipFiles.get(SUMS_PATH);
  if (!sumsEntry) throw refuse('MISSING', 'The bundle has no SHA256SUMS, its list of fingerprints.', SUMS_PATH);
  const sums = new Map(parseSums(await readListFile(zip, sumsEntry, checked)).map((line) => [line.path, line.sha256]));
  checkSumsCoverage(sums, zipFiles, manifest);
  if (sums.get(MANIFEST_PATH) !== digest) throw changed(MANIFEST_PATH);

  const owner = new Map<string, BundleCaptureEntry>();
  for (const capture of manifest.captures) for (const path of capture.files) owner.set(path, capture);
  const kept = new Map<string, { blob: Blob; bytes?: Uint8Array }>();
  const toCheck = entries.filter((e) => !e.isFolder && e.path !== MANIFEST_PATH && e.path !== SUMS_PATH);
  let checkedCount = 0;
  for (const entry of toCheck) {
    options.onProgress?.(checkedCount++, toCheck.length);
    const recorded = [listed.get(entry.path)?.sha256, sums.get(entry.path)];
    if (!owner.has(entry.path) && entry.path !== MANIFEST_DIGEST_PATH) {
      // A document made from the evidence (report.pdf holds every screenshot again): hashed in
      // pieces, never imported.
      const actual = await hashZipEntry(zip, entry);
      if (recorded.some((sha256) => sha256 !== undefined && sha256 !== actual)) throw changed(entry.path);
      continue;
    }
    const bytes = await readZipEntry(zip, entry);
    const actual = await sha256Hex(bytes);
    if (recorded.some((sha256) => sha256 !== undefined && sha256 !== actual)) throw changed(entry.path);
    if (entry.path === MANIFEST_DIGEST_PATH) checkDigestDocument(bytes, digest);
    if (!owner.has(entry.path)) continue;
    const file = listed.get(entry.path)!;
    const isMetadata = entry.path.endsWith(`/${METADATA_FILE}`);
    kept.set(entry.path, { blob: new Blob([bytes as BlobPart], { type: file.mediaType }), ...(isMetadata ? { bytes } : {}) });
  }
  options.onProgress?.(toCheck.length, toCheck.length);

  const captures: ImportedCapture[] = [];
  const unfinished: string[] = [];
  for (const capture of manifest.captures) {
    if (capture.status === 'pending') {
      unfinished.push(capture.id);
      continue;
    }
    const described = describeCapture(capture, listed, kept);
    captures.push({
      id: capture.id,
      folder: capture.folder,
      facts: {
        status: capture.status,
        kind: capture.kind,
        trigger: capture.trigger,
        pressedAt: capture.pressedAt,
        screenshotAt: capture.screenshotAt,
        url: capture.url,
        title: capture.title,
        site: capture.site,
        failure: described.failure,
        warnings: described.warnings,
      },
      files: capture.files.map((path) => {
        const file = listed.get(path)!;
        return {
          name: path.slice(capture.folder.length + 1),
          path,
          role: described.roles.get(path)!,
          mediaType: file.mediaType,
          sha256: file.sha256,
          size: file.size,
          bytes: kept.get(path)!.blob,
        };
      }),
    });
  }
  return { manifest, digest, captures, unfinished };
}

async function readListFile(zip: Blob, entry: ZipEntry, limits: ImportLimits): Promise<Uint8Array> {
  if (entry.size > limits.maxListBytes) {
    throw refuse('TOO_LARGE', `${quoteName(entry.path)} is ${entry.size} bytes, larger than that of any evidence bundle Holdfast imports.`, entry.path);
  }
  return readZipEntry(zip, entry);
}

function changed(path: string) {
  return refuse('CHANGED', `${quoteName(path)} no longer matches the fingerprint (SHA-256) the bundle records for it: it was changed after export.`, path);
}

/** Every file in the zip is listed or allowed (UNEXPECTED), every listed file is there (MISSING). */
function checkAccountedFor(entries: ZipEntry[], zipFiles: Map<string, ZipEntry>, manifest: BundleManifest, listed: Map<string, BundleFileEntry>): void {
  const allowed = new Set([MANIFEST_PATH, SUMS_PATH, ...BUNDLE_DOCUMENTS, ...manifest.notListedHere]);
  const folders = new Set<string>();
  for (const path of zipFiles.keys()) for (let folder = parentFolder(path); folder; folder = parentFolder(folder)) folders.add(folder);
  for (const entry of entries) {
    const accounted = entry.isFolder ? folders.has(entry.path) : listed.has(entry.path) || allowed.has(entry.path);
    if (!accounted) {
      throw refuse('UNEXPECTED', `The bundle contains ${quoteName(entry.path)}, which its manifest does not list: something was added after export.`, entry.path);
    }
  }
  for (const file of manifest.files) {
    const entry = zipFiles.get(file.path);
    if (!entry) throw refuse('MISSING', `${quoteName(file.path)} is listed in the bundle’s manifest but is not in the zip: it was removed after export.`, file.path);
    if (entry.size !== file.size) throw changed(file.path);
  }
}

/** SHA256SUMS names only files present, and names the manifest and every file it lists. */
function checkSumsCoverage(sums: Map<string, string>, zipFiles: Map<string, ZipEntry>, manifest: BundleManifest): void {
  for (const path of sums.keys()) {
    const unsafe = unsafePathReason(path);
    if (unsafe) throw refuse('UNSAFE_PATH', `SHA256SUMS names ${quoteName(path)}, which is not safe: ${unsafe}.`, path);
    if (!zipFiles.has(path)) throw refuse('MISSING', `${quoteName(path)} is listed in SHA256SUMS but is not in the zip: it was removed after export.`, path);
  }
  for (const path of [MANIFEST_PATH, ...manifest.files.map((f) => f.path)]) {
    if (!sums.has(path)) {
      throw refuse('CHANGED', `SHA256SUMS, the list of fingerprints, does not list ${quoteName(path)}: the list was changed after export.`, SUMS_PATH);
    }
  }
}

/** `manifest.sha256`, when present, must name the manifest's actual digest. */
function checkDigestDocument(bytes: Uint8Array, digest: string): void {
  const named: string[] = new TextDecoder().decode(bytes).toLowerCase().match(/\b[0-9a-f]{64}\b/g) ?? [];
  if (!named.includes(digest)) throw changed(MANIFEST_DIGEST_PATH);
}

/** The roles, failure and warnings of a capture, from its metadata.json when it has files. */
function describeCapture(capture: BundleCaptureEntry, listed: Map<string, BundleFileEntry>, kept: Map<string, { bytes?: Uint8Array }>): CheckedMetadata {
  if (capture.files.length === 0) {
    if (capture.status === 'done') {
      throw refuse('MANIFEST_INVALID', `The bundle’s manifest.json contradicts itself: the finished capture ${quoteName(capture.id)} has no files.`, MANIFEST_PATH);
    }
    // A capture that failed before anything could be stored: the manifest is all there is.
    const failure = capture.failure ? { code: 'unknown', reason: capture.failure, at: capture.pressedAt } : null;
    return { roles: new Map(), failure, warnings: ['Imported from a bundle that had no details of this failure beyond its reason; the time given for the failure is the time of the key press.'] };
  }
  const metadataPath = `${capture.folder}/${METADATA_FILE}`;
  const bytes = capture.files.includes(metadataPath) ? kept.get(metadataPath)?.bytes : undefined;
  if (!bytes) throw refuse('METADATA_UNREADABLE', `The capture in ${quoteName(capture.folder)} has no ${METADATA_FILE} describing it.`, metadataPath);
  return checkCaptureMetadata(bytes, capture, listed);
}
