/**
 * How much an import may unpack. A bundle is checked against these before anything is inflated
 * (the sizes the zip declares) and while it is inflated (the bytes that actually come out), so a
 * "zip bomb" is refused after a few megabytes of work however large it claims or pretends to be.
 */
export interface ImportLimits {
  /** Entries in the zip, folders included. */
  maxEntries: number;
  /** Unpacked size of any one file. */
  maxFileBytes: number;
  /** Unpacked size of all files together. Kept under 4 GiB: larger bundles need ZIP64. */
  maxTotalBytes: number;
  /** Unpacked size of `manifest.json` and of `SHA256SUMS`, which are parsed whole. */
  maxListBytes: number;
  /** Largest unpacked/packed ratio for a compressed file above `ratioFloorBytes`. */
  maxCompressionRatio: number;
  /** Files smaller than this are not held to the ratio (tiny files compress oddly). */
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Sized for real logs: a thousand captures of ~200 KB screenshots is ~200 MB, and as much again
 * in report.pdf (one file, hashed in pieces); Holdfast's own bundles are stored uncompressed
 * (ratio 1), and screenshots and text re-zipped by another tool compress well under 100:1.
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxEntries: 50_000,
  maxFileBytes: 1024 * MiB,
  maxTotalBytes: 2048 * MiB,
  maxListBytes: 32 * MiB,
  maxCompressionRatio: 100,
  ratioFloorBytes: 64 * 1024,
};

/** The zip format's own ceiling without ZIP64, which Holdfast's reader does not accept. */
export const ZIP32_MAX = 0xffff_ffff;

/** The defaults with the given overrides; the total never reaches the ZIP64 ceiling. */
export function importLimits(overrides: Partial<ImportLimits> = {}): ImportLimits {
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...overrides };
  const maxTotalBytes = Math.min(limits.maxTotalBytes, ZIP32_MAX - 1);
  return { ...limits, maxTotalBytes, maxFileBytes: Math.min(limits.maxFileBytes, maxTotalBytes) };
}
