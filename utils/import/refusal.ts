/**
 * Why a bundle was refused. The codes are stable (tests and the import screen rely on them); the
 * message is plain words for the person importing, naming the file when there is one. Names of
 * files come from the bundle and are hostile: they are shown as text only.
 */

export type RefusalCode =
  /** The file is not a zip archive at all. */
  | 'NOT_A_ZIP'
  /** A zip, but its structure is broken or contradicts itself. */
  | 'DAMAGED_ZIP'
  /** A zip feature Holdfast bundles never use (encryption, other compression, split archives). */
  | 'UNSUPPORTED_ZIP'
  /** No `manifest.json` saying it is a Holdfast evidence bundle. */
  | 'NOT_OUR_BUNDLE'
  /** A Holdfast bundle of a format version this version cannot read. */
  | 'UNSUPPORTED_VERSION'
  /** `manifest.json` is not in the form Holdfast writes, or contradicts itself. */
  | 'MANIFEST_INVALID'
  /** A name that could point outside the bundle's folder (`../`, absolute, drive letter, …). */
  | 'UNSAFE_PATH'
  /** Two files with the same name. */
  | 'DUPLICATE_PATH'
  /** More files than the import allows (a "zip bomb" or not a bundle). */
  | 'TOO_MANY_FILES'
  /** Larger than the import allows, or unpacks to more than the zip declares. */
  | 'TOO_LARGE'
  /** Compressed far more than real evidence ever is (a "zip bomb"). */
  | 'SUSPICIOUS_COMPRESSION'
  /** A file the manifest or SHA256SUMS lists is not in the zip. */
  | 'MISSING'
  /** A file in the zip that no list of the bundle accounts for. */
  | 'UNEXPECTED'
  /** A file whose bytes no longer match the fingerprint the bundle records for it. */
  | 'CHANGED'
  /** A capture's `metadata.json` cannot be read. */
  | 'METADATA_UNREADABLE'
  /** A capture's `metadata.json` says something different from the manifest. */
  | 'METADATA_DISAGREES';

/** The bundle was not imported, and nothing in the log was changed. */
export class BundleRefused extends Error {
  override readonly name = 'BundleRefused';

  constructor(
    readonly code: RefusalCode,
    message: string,
    /** The file inside the bundle the refusal is about, when there is one. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** Shows a name from the bundle inside a message: quoted, shortened, control characters made visible. */
export function quoteName(name: string): string {
  const visible = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${visible.length > 200 ? `${visible.slice(0, 200)}…` : visible}"`;
}

const SUFFIX = 'Nothing was imported; your log is unchanged.';

/** Builds the refusal with the closing sentence every refusal carries. */
export function refuse(code: RefusalCode, reason: string, path?: string): BundleRefused {
  return new BundleRefused(code, `${reason} ${SUFFIX}`, path);
}
