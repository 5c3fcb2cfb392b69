/**
 * A capture as the bundle's report sees it, made from what the export read: its manifest entry,
 * its files and its `metadata.json`. The outline kept for the whole export drops the page texts
 * (the only large part); the full capture is read again when its section of the report is written.
 *
 * `metadata.json` came from this extension and was re-hashed on the way out, but everything in it
 * was written by a web page: it is parsed as data, and a field of an unexpected shape is ignored.
 */
import type { CaptureMetadata } from '../capture/metadata';
import type { PostFields } from '../sites/types';
import type { BundleCaptureEntry, BundleFileEntry } from './layout';
import type { ReportCapture } from './report-model';

const CAPTURE_METADATA_FORMAT = 'holdfast-capture';

/** `metadata.json` parsed, or null when it is not a capture's metadata (damaged, other format). */
export function parseCaptureMetadata(bytes: Uint8Array): CaptureMetadata | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (!isRecord(value) || value.format !== CAPTURE_METADATA_FORMAT) return null;
    return value as unknown as CaptureMetadata;
  } catch {
    return null;
  }
}

/**
 * The post fields a post capture recorded in its metadata (`post.fields`), when they have the
 * shape of post fields; undefined for a page capture.
 */
export function postFieldsOf(metadata: CaptureMetadata | null): PostFields | undefined {
  const post = isRecord(metadata) ? (metadata as unknown as Record<string, unknown>).post : undefined;
  const fields = isRecord(post) ? post.fields : undefined;
  if (!isRecord(fields) || typeof fields.platform !== 'string' || typeof fields.kind !== 'string') return undefined;
  return fields as unknown as PostFields;
}

/** The capture for the report: its entry, its files, its metadata and its post fields. */
export function reportCapture(entry: BundleCaptureEntry, files: BundleFileEntry[], metadata: CaptureMetadata | null): ReportCapture {
  const post = postFieldsOf(metadata);
  return { entry, files, metadata, ...(post ? { post } : {}) };
}

/**
 * The same capture without its long texts (visible and selected text of the page, text of the
 * post): what the cover, the index and `log.csv` need, kept for every capture of an export.
 */
export function outlineCapture(capture: ReportCapture): ReportCapture {
  const { metadata, post } = capture;
  let lean: CaptureMetadata | null = null;
  if (metadata) {
    // The post's fields (with its text) are kept once, in `post`, without the text.
    const { post: _post, ...rest } = metadata as CaptureMetadata & { post?: unknown };
    lean = { ...rest, page: rest.page ? { ...rest.page, visibleText: '', selectedText: '' } : null };
  }
  const { text: _text, ...leanPost } = post ?? ({} as PostFields);
  return { ...capture, metadata: lean, ...(post ? { post: leanPost } : {}) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Characters of the long texts the outline leaves out: what keeping the whole capture costs. */
export function reportTextChars(capture: ReportCapture): number {
  const page = capture.metadata?.page;
  return (page?.visibleText?.length ?? 0) + (page?.selectedText?.length ?? 0) + (capture.post?.text?.length ?? 0);
}
