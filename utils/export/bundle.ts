/**
 * Writes the evidence bundle as a stream, in this order:
 *
 * 1. each capture's files: records read from IndexedDB a page at a time and their files a capture
 *    at a time (the next two read ahead while one is written); each file is hashed again on the
 *    way out (a stored file that no longer matches its fingerprint stops the export);
 * 2. `log.csv`, `verify.html`, `HOW-TO-VERIFY.txt`, then `manifest.json` (which lists all of the
 *    above) and `manifest.sha256` (its digest);
 * 3. `report.html` and `report.pdf`, which print that digest on their cover: written a piece at a
 *    time, each capture's details and screenshot read again from IndexedDB when its section is
 *    written, and hashed as they stream;
 * 4. `SHA256SUMS`, which names every file but itself.
 *
 * Memory: a few captures' files at a time, one report section at a time, plus an outline of each
 * capture (its manifest entry and metadata; page texts only up to `KEPT_TEXT_CHARS` in all, the
 * rest read again when their section is written). The zip itself goes to the browser as it is
 * made (see `save-bundle.ts`).
 */
import { makeZip } from 'client-zip';
import type { HoldfastDb } from '../db/database';
import { ArtifactUnavailable, createEvidenceCodec, type ArtifactProblem, type EvidenceCodec } from '../db/evidence-codec';
import type { ArtifactRef, CaptureRecord } from '../db/records';
import { isoUtc, timeZoneAt } from '../format/time';
import { sha256Hex } from '../integrity/sha256';
import { SITE_ADAPTERS } from '../sites';
import { HashingTap } from './hashing-tap';
import { renderHowToVerify } from './how-to-verify';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  HOW_TO_VERIFY_PATH,
  LOG_CSV_PATH,
  MANIFEST_DIGEST_PATH,
  MANIFEST_PATH,
  NOT_LISTED_IN_MANIFEST,
  REPORT_HTML_PATH,
  REPORT_PDF_PATH,
  SUMS_PATH,
  VERIFIER_PATH,
  bundleFileName,
  captureFolder,
  encodeManifest,
  encodeManifestDigest,
  encodeSums,
  type BundleCaptureEntry,
  type BundleFileEntry,
  type BundleManifest,
} from './layout';
import { MANIFEST_SIGNATURE_PATH, custodyFilesForExport } from './custody-files';
import { renderLogCsv } from './log-csv';
import { outlineCapture, parseCaptureMetadata, reportCapture, reportTextChars } from './report-captures';
import { renderReportHtmlStream } from './report-html';
import { readAhead, readingAhead } from './read-ahead';
import { buildReportLog, notesByCapture, readReportLogTables } from './report-log';
import { chronological, type ReportCapture, type StreamedReportInput } from './report-model';
import { renderReportPdfChunks } from './report-pdf';
import { VERIFIER_HTML } from './verifier/verifier-html.generated';

const PAGE_SIZE = 100;
/**
 * Characters of page text (visible, selected, post) kept in memory for the report across the
 * whole export (~16 MB at most); captures beyond it keep an outline and are read again when
 * their section is written.
 */
export const KEPT_TEXT_CHARS = 8_000_000;
/** Captures whose files are read ahead of the one being written. */
const READ_AHEAD = 2;

/** The parts of an export, in the order they are written. */
export type ExportStep = 'files' | 'report-html' | 'report-pdf';

export interface ExportProgress {
  step: ExportStep;
  /** Captures finished in this step. */
  capturesDone: number;
  captureCount: number;
  /** Bytes of capture files written so far. */
  bytesDone: number;
}

/** How far the whole export is, 0 to 1 (files weigh half, the PDF most of the rest). */
export function exportFraction(progress: ExportProgress): number {
  const share = progress.captureCount ? progress.capturesDone / progress.captureCount : 1;
  const [before, weight] = progress.step === 'files' ? [0, 0.5] : progress.step === 'report-html' ? [0.5, 0.1] : [0.6, 0.4];
  return Math.min(1, before + weight * share);
}

export interface ExportOptions {
  /** Which captures; all of them when absent. */
  captureIds?: string[];
  /** Who exported, for the report's cover; left off when empty. */
  exporterName?: string;
  tool: BundleManifest['tool'];
  now?: () => Date;
  /** Characters of page text kept in memory for the report (default `KEPT_TEXT_CHARS`); 0 reads every section again. */
  keptTextChars?: number;
  onProgress?: (progress: ExportProgress) => void;
  /**
   * Opens sealed captures and their files (the log's codec, unlocked). Without it encryption is
   * taken to be off: a sealed capture then stops the export (`CaptureNotOpen`), and the custody
   * statements open captures with the session's key.
   */
  codec?: EvidenceCodec;
}

/** What an export produced, known once the whole zip has been read. */
export interface ExportResult {
  manifest: BundleManifest;
  /** SHA-256 of `manifest.json`: the digest on the report's cover and in `manifest.sha256`. */
  manifestDigest: string;
  /** The captures in the bundle, in its order. */
  captureIds: string[];
}

export interface EvidenceBundle {
  fileName: string;
  captureCount: number;
  /** The zip, produced as it is read. */
  stream: ReadableStream<Uint8Array>;
  /** Resolves with the manifest once the whole zip has been produced. */
  manifest: Promise<BundleManifest>;
  /** Resolves once the whole zip has been produced; rejects when the export stopped. */
  result: Promise<ExportResult>;
}

export class StoredFileChanged extends Error {
  constructor(readonly path: string) {
    super(`The stored file ${path} no longer matches the fingerprint recorded when it was captured.`);
  }
}

/** A capture is sealed and the log is locked, or it does not open: nothing is exported. */
export class CaptureNotOpen extends Error {
  override readonly name = 'CaptureNotOpen';
  constructor(
    readonly captureId: string,
    readonly problem: 'locked' | 'unreadable',
    detail = '',
  ) {
    super(
      problem === 'locked'
        ? 'The log is locked: unlock it to export its encrypted captures.'
        : `The capture ${captureId} cannot be decrypted (${detail}); nothing was exported.`,
    );
  }
}

/** A file of a capture could not be read back (locked, or not decryptable): nothing is exported. */
export class StoredFileUnreadable extends Error {
  override readonly name = 'StoredFileUnreadable';
  constructor(
    readonly path: string,
    readonly problem: ArtifactProblem,
  ) {
    super(problem === 'locked' ? `${path} is encrypted and the log is locked. Unlock it first.` : `${path} cannot be decrypted: it was changed or damaged on disk, or sealed to another key.`);
  }
}

/** The record as it was captured: opened through the codec, or `CaptureNotOpen`. */
async function openedRecord(codec: EvidenceCodec, stored: CaptureRecord): Promise<CaptureRecord> {
  const opened = await codec.openCapture(stored);
  if (opened.state === 'locked') throw new CaptureNotOpen(stored.id, 'locked');
  if (opened.state === 'unreadable') throw new CaptureNotOpen(stored.id, 'unreadable', opened.problem);
  return opened.record;
}

/**
 * Sizes of what an export would contain, for the export screen before it starts. A sealed
 * capture that does not open now counts in `captureCount` and in `sealedCount`, its bytes do not.
 */
export async function exportSize(
  db: HoldfastDb,
  captureIds?: string[],
  codec: EvidenceCodec = createEvidenceCodec(),
): Promise<{ captureCount: number; bytes: number; screenshotBytes: number; sealedCount: number }> {
  let sealedCount = 0;
  let captureCount = 0;
  let bytes = 0;
  let screenshotBytes = 0;
  const stored: CaptureRecord[] = [];
  const count = async (s: CaptureRecord) => {
    captureCount += 1;
    const opened = await codec.openCapture(s);
    if (opened.state === 'locked' || opened.state === 'unreadable') sealedCount += 1;
    for (const a of opened.record.artifacts) {
      bytes += a.size;
      if (a.role === 'screenshot') screenshotBytes += a.size;
    }
  };
  // Read first, opened after: a transaction does not survive waiting on decryption.
  if (captureIds) {
    for (let start = 0; start < captureIds.length; start += PAGE_SIZE) {
      for (const r of await db.captures.bulkGet(captureIds.slice(start, start + PAGE_SIZE))) if (r) stored.push(r);
    }
  } else stored.push(...(await db.captures.toArray()));
  for (const r of stored) await count(r);
  return { captureCount, bytes, screenshotBytes, sealedCount };
}

/**
 * About how large the zip will be: the files, each screenshot again inside report.pdf, and a
 * few kilobytes of report per capture plus the verifier. For the export screen; never exact.
 */
export function estimateBundleBytes(size: { captureCount: number; bytes: number; screenshotBytes: number }): number {
  return size.bytes + size.screenshotBytes + size.captureCount * 12_000 + VERIFIER_HTML.length + 60_000;
}

/** Streams the evidence bundle of the chosen captures (see the file's comment for the order). */
export async function createEvidenceBundle(db: HoldfastDb, options: ExportOptions): Promise<EvidenceBundle> {
  const now = options.now ?? (() => new Date());
  const codec = options.codec ?? createEvidenceCodec();
  const exportedAt = now();
  const ids = await orderedCaptureIds(db, options.captureIds);
  // The person's notes, incidents and people that concern these captures (small: read once).
  const logTables = await readReportLogTables(db, ids, codec);
  const notesOf = notesByCapture(logTables);
  const withNotes = (capture: ReportCapture): ReportCapture => {
    const notes = notesOf.get(capture.entry.id);
    return notes ? { ...capture, notes } : capture;
  };
  let resolveResult!: (r: ExportResult) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<ExportResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  result.catch(() => undefined);
  const manifest = result.then((r) => r.manifest);
  manifest.catch(() => undefined);
  const progress = (step: ExportStep, capturesDone: number, bytesDone: number) =>
    options.onProgress?.({ step, capturesDone, captureCount: ids.length, bytesDone });

  async function* entries() {
    const files: BundleFileEntry[] = [];
    const captures: BundleCaptureEntry[] = [];
    const outline: ReportCapture[] = [];
    const fileSha = new Map<string, string>();
    /** Where each file's bytes are, to read them again for the reports. */
    const fileRef = new Map<string, { captureId: string; ref: ArtifactRef }>();
    const complete = new WeakSet<ReportCapture>();
    let keptTextChars = 0;
    let bytesDone = 0;
    try {
      const records = async function* () {
        for (let start = 0; start < ids.length; start += PAGE_SIZE) {
          for (const record of await db.captures.bulkGet(ids.slice(start, start + PAGE_SIZE))) if (record) yield await openedRecord(codec, record);
        }
      };
      // The next captures' files are read and re-hashed while this one is written.
      for await (const [record, contents] of readAhead(records(), (record) => readCaptureFiles(db, codec, record), READ_AHEAD)) {
        const folder = captureFolder(captures.length, record);
        const captureFiles: BundleFileEntry[] = [];
        let metadataBytes: Uint8Array | null = null;
        for (const [index, ref] of record.artifacts.entries()) {
          const path = `${folder}/${ref.name}`;
          const bytes = contents[index];
          if (!bytes || bytes instanceof ArtifactUnavailable) {
            if (!bytes || bytes.problem === 'changed' || bytes.problem === 'missing') throw new StoredFileChanged(path);
            throw new StoredFileUnreadable(path, bytes.problem);
          }
          const file = { path, size: bytes.byteLength, mediaType: ref.mediaType, sha256: ref.sha256 };
          files.push(file);
          captureFiles.push(file);
          fileSha.set(path, ref.sha256);
          fileRef.set(path, { captureId: record.id, ref });
          if (ref.role === 'metadata') metadataBytes = bytes;
          bytesDone += bytes.byteLength;
          yield { name: path, input: bytes, lastModified: new Date(record.storedAt ?? record.pressedAt) };
        }
        const entry: BundleCaptureEntry = {
          id: record.id,
          folder,
          status: record.status,
          kind: record.kind,
          trigger: record.trigger,
          pressedAt: record.pressedAt,
          screenshotAt: record.screenshotAt ?? null,
          url: record.summary.url,
          title: record.summary.title,
          site: record.summary.site,
          failure: record.failure?.reason ?? null,
          files: captureFiles.map((f) => f.path),
        };
        captures.push(entry);
        const full = withNotes(reportCapture(entry, captureFiles, metadataBytes ? parseCaptureMetadata(metadataBytes) : null));
        const textChars = reportTextChars(full);
        if (keptTextChars + textChars <= (options.keptTextChars ?? KEPT_TEXT_CHARS)) {
          // Small enough to keep whole: its section is written without reading it again.
          keptTextChars += textChars;
          complete.add(full);
          outline.push(full);
        } else outline.push(outlineCapture(full));
        progress('files', captures.length, bytesDone);
      }

      // The chain of custody, the capture statements and the public key (custody-files.ts).
      const custody = await custodyFilesForExport(db, { ids: captures.map((c) => c.id), all: !options.captureIds }, options.codec);
      for (const [path, mediaType, bytes] of custody.files) {
        files.push({ path, size: bytes.byteLength, mediaType, sha256: await sha256Hex(bytes) });
        yield { name: path, input: bytes, lastModified: exportedAt };
      }
      const signatureEntries: BundleFileEntry[] = [];
      for (const [path, mediaType, bytes] of custody.signatureFiles) {
        signatureEntries.push({ path, size: bytes.byteLength, mediaType, sha256: await sha256Hex(bytes) });
        yield { name: path, input: bytes, lastModified: exportedAt };
      }

      const tool = `${options.tool.name} ${options.tool.version}`;
      const draft: BundleManifest = {
        format: BUNDLE_FORMAT,
        formatVersion: BUNDLE_FORMAT_VERSION,
        exportedAt: isoUtc(exportedAt),
        timeZone: timeZoneAt(exportedAt),
        tool: options.tool,
        notListedHere: [...NOT_LISTED_IN_MANIFEST, ...signatureEntries.map((f) => f.path)],
        captureCount: captures.length,
        captures,
        files,
      };
      const platformNames = Object.fromEntries(SITE_ADAPTERS.map((a) => [a.id, a.name]));
      const exporterName = options.exporterName?.trim() || undefined;
      const documents: [string, string, Uint8Array][] = [
        [LOG_CSV_PATH, 'text/csv; charset=utf-8', renderLogCsv({ manifest: draft, manifestDigest: '', captures: outline, platformNames })],
        [VERIFIER_PATH, 'text/html; charset=utf-8', new TextEncoder().encode(VERIFIER_HTML)],
        [HOW_TO_VERIFY_PATH, 'text/plain; charset=utf-8', renderHowToVerify({ tool, exportedAt: draft.exportedAt, digestFile: MANIFEST_DIGEST_PATH })],
      ];
      for (const [path, mediaType, bytes] of documents) {
        files.push({ path, size: bytes.byteLength, mediaType, sha256: await sha256Hex(bytes) });
        yield { name: path, input: bytes, lastModified: exportedAt };
      }

      const manifestBytes = encodeManifest(draft);
      const manifestDigest = await sha256Hex(manifestBytes);
      yield { name: MANIFEST_PATH, input: manifestBytes, lastModified: exportedAt };
      const digestBytes = encodeManifestDigest(manifestDigest);
      yield { name: MANIFEST_DIGEST_PATH, input: digestBytes, lastModified: exportedAt };
      const manifestSignature = await custody.signManifest(manifestBytes);
      yield { name: MANIFEST_SIGNATURE_PATH, input: manifestSignature, lastModified: exportedAt };

      let sectionsDone = 0;
      const { incidents, pattern } = buildReportLog(logTables, new Map(captures.map((c) => [c.id, c.pressedAt])));
      const report: StreamedReportInput = {
        manifest: draft,
        manifestDigest,
        signingKeyFingerprint: custody.keyFingerprint,
        ...(custody.timestampsNote ? { timestampsNote: custody.timestampsNote } : {}),
        ...(exporterName ? { exporterName } : {}),
        platformNames,
        log: { incidents, pattern },
        outline,
        load: async (capture) => {
          if (complete.has(capture)) return capture;
          const path = capture.files.find((f) => f.path === `${capture.entry.folder}/metadata.json`)?.path;
          const file = path ? fileRef.get(path) : undefined;
          const metadata = file ? parseCaptureMetadata(await codec.openArtifact(db, file.captureId, file.ref)) : null;
          return withNotes(reportCapture(capture.entry, capture.files, metadata));
        },
      };
      const html = new HashingTap();
      const htmlReport: StreamedReportInput = {
        ...report,
        load: async (capture) => {
          const full = await report.load(capture);
          progress('report-html', (sectionsDone += 1), bytesDone);
          return full;
        },
      };
      yield { name: REPORT_HTML_PATH, input: html.through(renderReportHtmlStream(htmlReport)), lastModified: exportedAt };

      const pdf = new HashingTap();
      // The PDF asks for screenshots in the report's order: read the next one while one is drawn.
      const screenshotOrder = chronological(outline).flatMap((c) => c.files.filter((f) => f.mediaType.startsWith('image/')).map((f) => f.path));
      const readImage = readingAhead(screenshotOrder, async (path: string) => {
        const file = fileRef.get(path);
        if (!file) throw new Error(`${path} is not in the log`);
        return codec.openArtifact(db, file.captureId, file.ref);
      });
      const pdfChunks = renderReportPdfChunks(report, readImage, { onProgress: (done) => progress('report-pdf', done, bytesDone) });
      yield { name: REPORT_PDF_PATH, input: pdf.through(pdfChunks), lastModified: exportedAt };

      const sums = encodeSums([
        ...files,
        ...signatureEntries,
        { path: MANIFEST_PATH, size: manifestBytes.byteLength, mediaType: 'application/json', sha256: manifestDigest },
        { path: MANIFEST_DIGEST_PATH, size: digestBytes.byteLength, mediaType: 'text/plain', sha256: await sha256Hex(digestBytes) },
        { path: MANIFEST_SIGNATURE_PATH, size: manifestSignature.byteLength, mediaType: 'text/plain', sha256: await sha256Hex(manifestSignature) },
        { path: REPORT_HTML_PATH, size: html.size, mediaType: 'text/html; charset=utf-8', sha256: html.sha256 },
        { path: REPORT_PDF_PATH, size: pdf.size, mediaType: 'application/pdf', sha256: pdf.sha256 },
      ]);
      yield { name: SUMS_PATH, input: sums, lastModified: exportedAt };
      resolveResult({ manifest: draft, manifestDigest, captureIds: captures.map((c) => c.id) });
    } catch (error) {
      rejectResult(error);
      throw error;
    }
  }

  return {
    fileName: bundleFileName(exportedAt),
    captureCount: ids.length,
    stream: makeZip(entries(), { buffersAreUTF8: true }),
    manifest,
    result,
  };
}

/**
 * A capture's files through the codec (opened when sealed), each re-hashed against the SHA-256
 * recorded at capture time: its exact bytes, or why it cannot be read.
 */
async function readCaptureFiles(db: HoldfastDb, codec: EvidenceCodec, record: CaptureRecord): Promise<(Uint8Array | ArtifactUnavailable)[]> {
  return Promise.all(
    record.artifacts.map((ref) =>
      codec.openArtifact(db, record.id, ref).catch((error: unknown) => {
        if (error instanceof ArtifactUnavailable) return error;
        throw error;
      }),
    ),
  );
}

/** Capture ids in the order of the key presses. */
async function orderedCaptureIds(db: HoldfastDb, only?: string[]): Promise<string[]> {
  const all = (await db.captures.orderBy('pressedAt').primaryKeys()) as string[];
  if (!only) return all;
  const wanted = new Set(only);
  return all.filter((id) => wanted.has(id));
}
