/**
 * A capture's `metadata.json` on import: it must read as Holdfast wrote it, and say the same as the
 * manifest about the capture and about each of its files (name, size, type, SHA-256). It also
 * gives what the manifest leaves out: the role of each file, the whole failure and the warnings.
 */
import * as v from 'valibot';
import { CAPTURE_METADATA_FORMAT, CAPTURE_METADATA_VERSION } from '../capture/metadata';
import type { ArtifactRole, CaptureFailure } from '../db/records';
import type { BundleCaptureEntry, BundleFileEntry } from '../export/layout';
import { isSha256Hex } from '../integrity/sha256';
import { quoteName, refuse } from './refusal';

/** The file name every capture's metadata has in its folder. */
export const METADATA_FILE = 'metadata.json';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const time = v.pipe(v.string(), v.maxLength(40), v.isoTimestamp());
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

const FileFactsSchema = v.object({
  file: text(200),
  mediaType: text(200),
  size: count,
  sha256: v.custom<string>(isSha256Hex, 'not a SHA-256 fingerprint'),
});

/** The parts of `CaptureMetadata` an import relies on; the file itself is kept byte for byte. */
export const CaptureMetadataSchema = v.object({
  format: v.literal(CAPTURE_METADATA_FORMAT),
  formatVersion: v.literal(CAPTURE_METADATA_VERSION),
  captureId: text(128),
  kind: v.picklist(['page', 'post', 'full-page']),
  trigger: v.picklist(['shortcut', 'popup', 'context-menu', 'pick']),
  status: v.picklist(['done', 'failed']),
  time: v.object({ pressedAt: time, screenshotAt: v.nullable(time) }),
  screenshot: v.nullable(FileFactsSchema),
  text: v.nullable(FileFactsSchema),
  // The files of post and full-page captures (see utils/capture/metadata.ts); absent in older bundles.
  pageText: v.optional(v.nullable(FileFactsSchema)),
  postImage: v.optional(v.nullable(FileFactsSchema)),
  postRendering: v.optional(v.nullable(FileFactsSchema)),
  fullPage: v.optional(v.nullable(FileFactsSchema)),
  snapshot: v.optional(v.nullable(FileFactsSchema)),
  rawEmail: v.optional(v.nullable(FileFactsSchema)),
  failure: v.nullable(v.object({ code: text(100), reason: text(10_000), detail: v.optional(text(100_000)), at: time })),
  warnings: v.pipe(v.array(text(100_000)), v.maxLength(1_000)),
});

/** What the metadata adds to the manifest's facts about a capture. */
export interface CheckedMetadata {
  /** The role of each of the capture's files, by path in the bundle. */
  roles: Map<string, ArtifactRole>;
  failure: CaptureFailure | null;
  warnings: string[];
}

/**
 * Reads a capture's `metadata.json` and checks it against the manifest's entry for the capture and
 * the manifest's entries for its files.
 */
export function checkCaptureMetadata(bytes: Uint8Array, capture: BundleCaptureEntry, files: ReadonlyMap<string, BundleFileEntry>): CheckedMetadata {
  const metadataPath = `${capture.folder}/${METADATA_FILE}`;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw refuse('METADATA_UNREADABLE', `The description of a capture, ${quoteName(metadataPath)}, is not valid JSON text.`, metadataPath);
  }
  const result = v.safeParse(CaptureMetadataSchema, value);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue?.path?.map((p) => String(p.key)).join('.') || 'metadata';
    throw refuse('METADATA_UNREADABLE', `The description of a capture, ${quoteName(metadataPath)}, is not in the form Holdfast writes (${quoteName(where)}: ${issue?.message ?? 'invalid'}).`, metadataPath);
  }
  const metadata = result.output;
  const disagrees = (what: string) =>
    refuse('METADATA_DISAGREES', `The description of a capture, ${quoteName(metadataPath)}, does not agree with the bundle’s manifest about ${what}.`, metadataPath);

  if (metadata.captureId !== capture.id) throw disagrees('which capture it is');
  if (metadata.status !== capture.status) throw disagrees('whether the capture succeeded');
  if (metadata.kind !== capture.kind || metadata.trigger !== capture.trigger) throw disagrees('how the capture was made');
  if (metadata.time.pressedAt !== capture.pressedAt || metadata.time.screenshotAt !== capture.screenshotAt) throw disagrees('when the capture was made');
  if ((metadata.failure?.reason ?? null) !== capture.failure) throw disagrees('why the capture failed');

  const roles = new Map<string, ArtifactRole>([[metadataPath, 'metadata']]);
  const described: [ArtifactRole, v.InferOutput<typeof FileFactsSchema> | null][] = [
    ['screenshot', metadata.screenshot],
    ['text', metadata.text],
    ['page-text', metadata.pageText ?? null],
    ['post-image', metadata.postImage ?? null],
    ['post-rendering', metadata.postRendering ?? null],
    ['full-page-image', metadata.fullPage ?? null],
    ['page-snapshot', metadata.snapshot ?? null],
    ['raw-email', metadata.rawEmail ?? null],
  ];
  for (const [role, facts] of described) {
    if (!facts) continue;
    const path = `${capture.folder}/${facts.file}`;
    const listed = files.get(path);
    if (facts.file.includes('/') || roles.has(path) || !capture.files.includes(path) || !listed) throw disagrees(`its ${role} file ${quoteName(facts.file)}`);
    if (listed.sha256 !== facts.sha256 || listed.size !== facts.size || listed.mediaType !== facts.mediaType) {
      throw disagrees(`the fingerprint, size or type of ${quoteName(path)}`);
    }
    roles.set(path, role);
  }
  const undescribed = capture.files.find((path) => !roles.has(path));
  if (undescribed) throw disagrees(`${quoteName(undescribed)}, which it does not describe`);
  const failure: CaptureFailure | null = metadata.failure
    ? { code: metadata.failure.code, reason: metadata.failure.reason, ...(metadata.failure.detail !== undefined ? { detail: metadata.failure.detail } : {}), at: metadata.failure.at }
    : null;
  return { roles, failure, warnings: metadata.warnings };
}
