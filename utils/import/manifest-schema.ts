/**
 * `manifest.json` as an importer reads it: first "is this ours, and which version", then the whole
 * schema, then the promises the manifest makes about itself (unique names, every capture's files
 * listed, each in its capture's folder). Strings are bounded; all of them are hostile text.
 */
import * as v from 'valibot';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleManifest,
} from '../export/layout';
import { isSha256Hex } from '../integrity/sha256';
import { MAX_PATH_CHARS, parentFolder, pathCollisionKey, unsafePathReason } from './bundle-path';
import { quoteName, refuse } from './refusal';

/** The format versions this version of Holdfast can import. */
export const SUPPORTED_FORMAT_VERSIONS: readonly number[] = [BUNDLE_FORMAT_VERSION];

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const time = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());
const path = text(MAX_PATH_CHARS);
const sha256 = v.custom<string>(isSha256Hex, 'not a SHA-256 fingerprint');
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

const FileEntrySchema = v.object({
  path,
  size: count,
  mediaType: text(200),
  sha256,
});

const CaptureEntrySchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/, 'not a capture id')),
  folder: path,
  status: v.picklist(['pending', 'done', 'failed']),
  kind: v.picklist(['page', 'post', 'full-page']),
  trigger: v.picklist(['shortcut', 'popup', 'context-menu', 'pick']),
  pressedAt: time,
  screenshotAt: v.nullable(time),
  url: text(100_000),
  title: text(10_000),
  site: text(1_000),
  failure: v.nullable(text(10_000)),
  files: v.pipe(v.array(path), v.maxLength(100)),
});

export const ManifestSchema = v.object({
  format: v.literal(BUNDLE_FORMAT),
  formatVersion: v.literal(BUNDLE_FORMAT_VERSION),
  exportedAt: time,
  timeZone: v.object({
    timeZone: text(100),
    utcOffset: text(10),
    utcOffsetMinutes: v.pipe(v.number(), v.safeInteger(), v.minValue(-24 * 60), v.maxValue(24 * 60)),
  }),
  tool: v.object({ name: text(200), version: text(100), extensionId: text(200) }),
  notListedHere: v.pipe(v.array(path), v.maxLength(1_000)),
  captureCount: count,
  captures: v.array(CaptureEntrySchema),
  files: v.array(FileEntrySchema),
});

/** The manifest's bytes as a checked `BundleManifest`, or the refusal that explains why not. */
export function parseManifest(bytes: Uint8Array): BundleManifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw refuse('MANIFEST_INVALID', 'The bundle’s manifest.json is not readable: it is not valid JSON text.', 'manifest.json');
  }
  const claimed = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  if (claimed.format !== BUNDLE_FORMAT) {
    throw refuse('NOT_OUR_BUNDLE', 'This zip is not a Holdfast evidence bundle: its manifest.json does not say it is one.', 'manifest.json');
  }
  if (typeof claimed.formatVersion !== 'number' || !SUPPORTED_FORMAT_VERSIONS.includes(claimed.formatVersion)) {
    throw refuse(
      'UNSUPPORTED_VERSION',
      `This evidence bundle was made in a format this version of Holdfast cannot read (format version ${quoteName(String(claimed.formatVersion))}). Update Holdfast and try again.`,
      'manifest.json',
    );
  }
  const result = v.safeParse(ManifestSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue?.path?.map((p) => String(p.key)).join('.') || 'manifest';
    throw refuse('MANIFEST_INVALID', `The bundle’s manifest.json is not in the form Holdfast writes (${quoteName(where)}: ${issue?.message ?? 'invalid'}).`, 'manifest.json');
  }
  const manifest: BundleManifest = result.output;
  checkManifestPromises(manifest);
  return manifest;
}

/** What the schema cannot say: names are safe and unique, and captures point at listed files. */
function checkManifestPromises(manifest: BundleManifest): void {
  const invalid = (why: string, at?: string) => refuse('MANIFEST_INVALID', `The bundle’s manifest.json contradicts itself: ${why}.`, at ?? 'manifest.json');
  for (const name of [...manifest.files.map((f) => f.path), ...manifest.notListedHere]) {
    const unsafe = unsafePathReason(name);
    if (unsafe) throw refuse('UNSAFE_PATH', `The manifest lists the file name ${quoteName(name)}, which is not safe: ${unsafe}.`, name);
  }
  const listed = new Set<string>();
  const exact = new Set(manifest.files.map((f) => f.path));
  for (const file of manifest.files) {
    const key = pathCollisionKey(file.path);
    if (listed.has(key)) throw invalid(`it lists ${quoteName(file.path)} twice`, file.path);
    listed.add(key);
  }
  if (manifest.captureCount !== manifest.captures.length) {
    throw invalid(`it counts ${manifest.captureCount} captures but describes ${manifest.captures.length}`);
  }
  const ids = new Set<string>();
  const folders = new Set<string>();
  const owned = new Set<string>();
  for (const capture of manifest.captures) {
    if (ids.has(capture.id)) throw invalid(`the capture ${quoteName(capture.id)} appears twice`);
    ids.add(capture.id);
    const folderProblem = unsafePathReason(capture.folder);
    if (folderProblem) throw refuse('UNSAFE_PATH', `The manifest names the folder ${quoteName(capture.folder)}, which is not safe: ${folderProblem}.`, capture.folder);
    const folderKey = pathCollisionKey(capture.folder);
    if (folders.has(folderKey)) throw invalid(`two captures share the folder ${quoteName(capture.folder)}`);
    folders.add(folderKey);
    for (const file of capture.files) {
      if (!exact.has(file)) {
        throw invalid(`the capture ${quoteName(capture.id)} names ${quoteName(file)}, which is not in its list of files`, file);
      }
      if (parentFolder(file) !== capture.folder) throw invalid(`${quoteName(file)} is not in its capture’s folder`, file);
      if (owned.has(file)) throw invalid(`${quoteName(file)} belongs to two captures`, file);
      owned.add(file);
    }
  }
}
