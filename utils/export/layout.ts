/**
 * The layout of an evidence bundle. Stable: later files (custody log, signatures) are added next
 * to these without moving them.
 *
 *   manifest.json            every file below (but those named in `notListedHere`) with its path,
 *                            size, media type and SHA-256, and one entry per capture
 *   manifest.sha256          the SHA-256 of manifest.json (`sha256sum -c` format): the digest
 *                            printed on the report's cover
 *   SHA256SUMS               `sha256sum -c SHA256SUMS` checks every file, manifest.json, the
 *                            digest file and both reports included
 *   report.html, report.pdf  the readable record; they show the manifest digest, so the manifest
 *                            cannot list them (`notListedHere`); SHA256SUMS does
 *   log.csv                  one row per capture, for spreadsheets
 *   verify.html              the offline verifier
 *   HOW-TO-VERIFY.txt        plain-language steps for a clerk
 *   captures/<n>_<time>_<id>/screenshot.png | text.txt | metadata.json
 *   custody/events.json, custody/chain-head.json, custody/statements.json, signing-key.jwk.json
 *                            the chain of custody and signatures (export/custody-files.ts)
 *   manifest.sig             signature of manifest.json's bytes (named in `notListedHere`)
 */
import type { CaptureRecord } from '../db/records';
import type { TimeZoneFacts } from '../format/time';
import { fileStamp } from '../format/time';

export const BUNDLE_FORMAT = 'holdfast-evidence-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
export const SUMS_PATH = 'SHA256SUMS';
export const MANIFEST_DIGEST_PATH = 'manifest.sha256';
export const REPORT_HTML_PATH = 'report.html';
export const REPORT_PDF_PATH = 'report.pdf';
export const LOG_CSV_PATH = 'log.csv';
export const VERIFIER_PATH = 'verify.html';
export const HOW_TO_VERIFY_PATH = 'HOW-TO-VERIFY.txt';

/**
 * Files at the root that the manifest does not list: itself, the lists that name it, and the
 * reports that print its digest. SHA256SUMS names all of them but itself.
 */
export const NOT_LISTED_IN_MANIFEST: readonly string[] = [MANIFEST_PATH, SUMS_PATH, MANIFEST_DIGEST_PATH, 'manifest.sig', REPORT_HTML_PATH, REPORT_PDF_PATH];

export interface BundleFileEntry {
  path: string;
  size: number;
  mediaType: string;
  sha256: string;
}

export interface BundleCaptureEntry {
  id: string;
  folder: string;
  status: CaptureRecord['status'];
  kind: CaptureRecord['kind'];
  trigger: CaptureRecord['trigger'];
  pressedAt: string;
  screenshotAt: string | null;
  url: string;
  title: string;
  site: string;
  failure: string | null;
  files: string[];
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  exportedAt: string;
  timeZone: TimeZoneFacts;
  tool: { name: string; version: string; extensionId: string };
  /**
   * Files not listed in `files`: the manifest itself, SHA256SUMS and manifest.sha256 which name
   * it, and the reports which print its digest.
   */
  notListedHere: string[];
  captureCount: number;
  captures: BundleCaptureEntry[];
  files: BundleFileEntry[];
}

/** `captures/0001_2026-11-30T05-51-39-123Z_3f2a9c1b`: sorts chronologically, unique per capture. */
export function captureFolder(index: number, record: Pick<CaptureRecord, 'id' | 'pressedAt'>): string {
  const number = String(index + 1).padStart(4, '0');
  const id = record.id.replace(/[^0-9a-z]/gi, '').slice(0, 8);
  return `captures/${number}_${fileStamp(record.pressedAt)}_${id}`;
}

/** `holdfast-evidence-2026-11-30-0651.zip`, in the person's local time. */
export function bundleFileName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `holdfast-evidence-${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}.zip`;
}

/** The bytes of `manifest.json`. */
export function encodeManifest(manifest: BundleManifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
}

/** `manifest.sha256`: the manifest's digest, one line that `sha256sum -c manifest.sha256` checks. */
export function encodeManifestDigest(digest: string): Uint8Array {
  return new TextEncoder().encode(`${digest}  ${MANIFEST_PATH}\n`);
}

/** `SHA256SUMS` in the format `sha256sum -c` reads: `<hex>  <path>` per line. */
export function encodeSums(files: BundleFileEntry[]): Uint8Array {
  return new TextEncoder().encode(files.map((f) => `${f.sha256}  ${f.path}\n`).join(''));
}
