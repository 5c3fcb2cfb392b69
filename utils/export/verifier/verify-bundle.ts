/**
 * Checks an evidence bundle offline: recomputes the SHA-256 of every file and compares it with
 * `manifest.json` and `SHA256SUMS`. Each file ends as OK, CHANGED, MISSING or UNEXPECTED; the
 * digest of `manifest.json` is given so that it can be compared with the report's cover.
 *
 * The checks are a list of sections (`BUNDLE_CHECKS`). Later checks — the custody hash chain,
 * ECDSA signatures, RFC 3161 timestamps — are more entries in that list: each receives the same
 * context (the bundle, its parsed manifest, a memoised hash of any file) and returns a section.
 *
 * Everything read from the bundle (paths, manifest values) is data: compared and reported as
 * text, never used to reach anything outside the bundle.
 */
import { sha256Hex, isSha256Hex } from '../../integrity/sha256';
import { sourceFromMap, type BundleSource } from './bundle-source';
import { custodyChainCheck, signaturesCheck } from './custody-check';
import { parseSha256Sums, type ParsedSums } from './sha256sums';
import { timestampsCheck } from './timestamp-check';

export const MANIFEST_FILE = 'manifest.json';
export const SUMS_FILE = 'SHA256SUMS';
const BUNDLE_FORMAT = 'holdfast-evidence-bundle';

export type FileStatus = 'OK' | 'CHANGED' | 'MISSING' | 'UNEXPECTED';

export interface FileCheck {
  path: string;
  status: FileStatus;
  /** The fingerprint the bundle's lists give; null for an unexpected file. */
  expectedSha256: string | null;
  /** The fingerprint computed now; null for a missing file. */
  actualSha256: string | null;
  /** The lists that name this file. */
  listedIn: ('manifest.json' | 'SHA256SUMS')[];
  /** A plain-words remark, e.g. "often added by macOS". */
  note?: string;
}

export type SectionOutcome = 'passed' | 'failed' | 'not-checked';

/** One part of the verification, shown as one section of the verifier's page. */
export interface CheckSection {
  id: string;
  title: string;
  outcome: SectionOutcome;
  /** One sentence. */
  summary: string;
  /** Details in plain words. */
  findings: string[];
  /** Per-file results, for sections about files. */
  files?: FileCheck[];
}

/** What the manifest says about the bundle, for the heading of the results. */
export interface BundleFacts {
  exportedAt: string | null;
  tool: string | null;
  captureCount: number | null;
}

export interface VerificationReport {
  /** True when every section passed. */
  allPassed: boolean;
  /** One sentence for the top of the page. */
  summary: string;
  /** SHA-256 of `manifest.json` as found, or null when there is none. */
  manifestDigest: string | null;
  /** Whether that digest equals the one the person typed; null when they typed none. */
  manifestDigestMatches: boolean | null;
  bundle: BundleFacts | null;
  counts: Record<FileStatus, number>;
  sections: CheckSection[];
}

export interface ParsedManifest {
  format: unknown;
  files: { path: string; sha256: string }[];
  notListedHere: string[];
  facts: BundleFacts;
  /** Entries of `files` that could not be read. */
  unreadableEntries: number;
}

/** What every check receives. */
export interface BundleContext {
  source: BundleSource;
  /** Paths present in the bundle. */
  present: Set<string>;
  manifestBytes: Uint8Array | null;
  manifest: ParsedManifest | null;
  /** Why the manifest could not be used, when it could not. */
  manifestProblem: string | null;
  sums: ParsedSums | null;
  /** SHA-256 of a file of the bundle, computed once; null when it cannot be read. */
  hash(path: string): Promise<string | null>;
  onProgress?: (done: number, total: number) => void;
}

/** A check of the bundle; returns one section of the report. */
export interface BundleCheck {
  id: string;
  title: string;
  run(context: BundleContext): Promise<CheckSection>;
}

export interface VerifyOptions {
  /** The manifest digest the person was given (from the report's cover), to compare. */
  expectedManifestDigest?: string;
  /** Told as files are hashed. */
  onProgress?: (done: number, total: number) => void;
  /** The checks to run; `BUNDLE_CHECKS` unless told. */
  checks?: BundleCheck[];
}

/** Names operating systems add to folders and zips. */
const SYSTEM_FILES = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|\._[^/]*)$|^__MACOSX\//i;

/** Every file against the manifest and SHA256SUMS: OK, CHANGED, MISSING or UNEXPECTED. */
export const fileFingerprintCheck: BundleCheck = {
  id: 'files',
  title: 'Fingerprints of the files',
  async run(context) {
    const { manifest, sums } = context;
    const expected = new Map<string, { sha256: string; listedIn: FileCheck['listedIn'] }>();
    for (const file of manifest?.files ?? []) {
      if (!expected.has(file.path)) expected.set(file.path, { sha256: file.sha256, listedIn: ['manifest.json'] });
    }
    for (const line of sums?.entries ?? []) {
      const known = expected.get(line.path);
      if (known) {
        if (!known.listedIn.includes('SHA256SUMS')) known.listedIn.push('SHA256SUMS');
      } else expected.set(line.path, { sha256: line.sha256, listedIn: ['SHA256SUMS'] });
    }
    const declared = new Set([MANIFEST_FILE, SUMS_FILE, ...(manifest?.notListedHere ?? [])]);
    const unexpected = [...context.present].filter((p) => !expected.has(p) && !declared.has(p)).sort();
    const total = [...expected.keys()].filter((p) => context.present.has(p)).length + unexpected.length;
    let done = 0;
    const tick = () => context.onProgress?.((done += 1), total);

    const files: FileCheck[] = [];
    for (const [path, want] of expected) {
      if (!context.present.has(path)) {
        files.push({ path, status: 'MISSING', expectedSha256: want.sha256, actualSha256: null, listedIn: want.listedIn });
        continue;
      }
      const actual = await context.hash(path);
      tick();
      files.push({
        path,
        status: actual === want.sha256 ? 'OK' : 'CHANGED',
        expectedSha256: want.sha256,
        actualSha256: actual,
        listedIn: want.listedIn,
        ...(actual === null ? { note: 'The file could not be read.' } : {}),
      });
    }
    for (const path of unexpected) {
      const actual = await context.hash(path);
      tick();
      files.push({
        path,
        status: 'UNEXPECTED',
        expectedSha256: null,
        actualSha256: actual,
        listedIn: [],
        ...(SYSTEM_FILES.test(path) ? { note: 'A file of this name is often added by the operating system.' } : {}),
      });
    }

    const findings: string[] = [];
    const notCovered = [...declared].filter((p) => p !== SUMS_FILE && context.present.has(p) && !expected.has(p));
    if (notCovered.length) findings.push(`Not covered by any fingerprint (the manifest says so): ${notCovered.join(', ')}.`);
    if (!manifest && !sums) findings.push('There is neither a manifest.json nor a SHA256SUMS: there is nothing to check the files against.');
    const counts = countStatuses(files);
    const bad = counts.CHANGED + counts.MISSING + counts.UNEXPECTED;
    return {
      id: this.id,
      title: this.title,
      outcome: !expected.size ? 'not-checked' : bad ? 'failed' : 'passed',
      summary: !expected.size
        ? 'No list of fingerprints was found.'
        : bad
          ? `${bad} of ${files.length} files are not as exported: ${describeCounts(counts)}.`
          : `All ${files.length} files are exactly as they were exported.`,
      findings,
      files,
    };
  },
};

/** manifest.json and SHA256SUMS must be present, readable and agree with each other. */
export const listsAgreeCheck: BundleCheck = {
  id: 'lists',
  title: 'The lists of fingerprints',
  async run(context) {
    const { manifest, sums } = context;
    const findings: string[] = [];
    if (context.manifestProblem) findings.push(context.manifestProblem);
    if (manifest && manifest.format !== BUNDLE_FORMAT) findings.push('manifest.json does not say it is a Holdfast evidence bundle.');
    if (manifest?.unreadableEntries) findings.push(`${manifest.unreadableEntries} entries of manifest.json could not be read.`);
    if (!sums) findings.push('SHA256SUMS is missing.');
    else {
      if (sums.unreadable.length) findings.push(`SHA256SUMS has lines that are not fingerprints: line ${sums.unreadable.join(', ')}.`);
      if (manifest) {
        const byPath = new Map(manifest.files.map((f) => [f.path, f.sha256]));
        const inSums = new Set<string>();
        for (const line of sums.entries) {
          inSums.add(line.path);
          const listed = byPath.get(line.path);
          if (line.path === MANIFEST_FILE) {
            const digest = context.manifestBytes ? await context.hash(MANIFEST_FILE) : null;
            if (digest && digest !== line.sha256) findings.push('SHA256SUMS gives manifest.json a different fingerprint than the manifest.json in the bundle.');
          } else if (listed && listed !== line.sha256) findings.push(`SHA256SUMS and manifest.json give different fingerprints for ${line.path}.`);
          else if (!listed && !manifest.notListedHere.includes(line.path)) findings.push(`SHA256SUMS lists ${line.path}, which manifest.json does not.`);
        }
        for (const file of manifest.files) if (!inSums.has(file.path)) findings.push(`manifest.json lists ${file.path}, which SHA256SUMS does not.`);
        if (context.manifestBytes && !inSums.has(MANIFEST_FILE)) findings.push('SHA256SUMS does not list manifest.json.');
      }
    }
    const failed = findings.length > 0;
    return {
      id: this.id,
      title: this.title,
      outcome: failed ? 'failed' : 'passed',
      summary: failed ? 'manifest.json and SHA256SUMS are not both present and in agreement.' : 'manifest.json and SHA256SUMS are present and agree with each other.',
      findings,
    };
  },
};

/**
 * The checks run, in order. Trusted timestamps (RFC 3161) are not checked by this page: parsing
 * them needs pkijs, several hundred kilobytes inside every bundle; `openssl ts -verify` checks them.
 */
export const BUNDLE_CHECKS: BundleCheck[] = [fileFingerprintCheck, listsAgreeCheck, custodyChainCheck, signaturesCheck, timestampsCheck];

/** Verifies a bundle read from a folder, a zip or memory. */
export async function verifyBundle(source: BundleSource, options: VerifyOptions = {}): Promise<VerificationReport> {
  const present = new Set(source.paths);
  const hashes = new Map<string, Promise<string | null>>();
  const hash = (path: string) => {
    let known = hashes.get(path);
    if (!known) {
      known = source
        .read(path)
        .then((bytes) => sha256Hex(bytes))
        .catch(() => null);
      hashes.set(path, known);
    }
    return known;
  };

  let manifestBytes: Uint8Array | null = null;
  let manifest: ParsedManifest | null = null;
  let manifestProblem: string | null = null;
  if (present.has(MANIFEST_FILE)) {
    try {
      manifestBytes = await source.read(MANIFEST_FILE);
      manifest = parseManifest(manifestBytes);
    } catch (error) {
      manifestProblem = `manifest.json could not be read as a manifest (${error instanceof Error ? error.message : String(error)}).`;
    }
  } else manifestProblem = 'manifest.json is missing: this is not an evidence bundle, or its manifest was removed.';

  let sums: ParsedSums | null = null;
  if (present.has(SUMS_FILE)) {
    try {
      sums = parseSha256Sums(new TextDecoder('utf-8').decode(await source.read(SUMS_FILE)));
    } catch {
      sums = { entries: [], unreadable: [1] };
    }
  }

  const context: BundleContext = { source, present, manifestBytes, manifest, manifestProblem, sums, hash, onProgress: options.onProgress };
  const sections: CheckSection[] = [];
  for (const check of options.checks ?? BUNDLE_CHECKS) {
    try {
      sections.push(await check.run(context));
    } catch (error) {
      sections.push({ id: check.id, title: check.title, outcome: 'failed', summary: 'This check could not be completed.', findings: [error instanceof Error ? error.message : String(error)] });
    }
  }
  if (source.notes.length) sections.push({ id: 'source', title: 'The folder or zip', outcome: 'failed', summary: 'The folder or zip itself is not as exported.', findings: source.notes });

  const manifestDigest = manifestBytes ? await sha256Hex(manifestBytes) : null;
  const report: VerificationReport = {
    allPassed: false,
    summary: '',
    manifestDigest,
    manifestDigestMatches: null,
    bundle: manifest?.facts ?? null,
    counts: countStatuses(sections.flatMap((s) => s.files ?? [])),
    sections,
  };
  return compareManifestDigest(report, options.expectedManifestDigest);
}

/**
 * The report with the manifest digest compared to the one the person typed (from the report's
 * cover or a copy they were given); no comparison when they typed nothing.
 */
export function compareManifestDigest(report: VerificationReport, typedDigest: string | undefined): VerificationReport {
  const typed = typedDigest?.toLowerCase().replace(/\s+/g, '') ?? '';
  const manifestDigestMatches = typed ? report.manifestDigest === typed : null;
  // Bundles made before custody and signatures existed have none to check, and timestamps are opt-in: that is said, not failed.
  const optional = new Set([custodyChainCheck.id, signaturesCheck.id, timestampsCheck.id]);
  const allPassed = report.manifestDigest !== null && report.sections.every((s) => s.outcome === 'passed' || (s.outcome === 'not-checked' && optional.has(s.id))) && manifestDigestMatches !== false;
  return { ...report, manifestDigestMatches, allPassed, summary: overallSummary(allPassed, report.counts, report.manifestDigest, manifestDigestMatches) };
}

/** Verifies a bundle given as a map of path → bytes (paths relative to the bundle's root). */
export function verifyBundleFiles(files: Map<string, Uint8Array>, options: VerifyOptions = {}): Promise<VerificationReport> {
  return verifyBundle(sourceFromMap(files), options);
}

/** Reads what the verifier needs from manifest.json, tolerating nothing it cannot check. */
export function parseManifest(bytes: Uint8Array): ParsedManifest {
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (!isRecord(value)) throw new Error('not a JSON object');
  const files: ParsedManifest['files'] = [];
  let unreadableEntries = 0;
  for (const entry of Array.isArray(value.files) ? value.files : []) {
    if (isRecord(entry) && typeof entry.path === 'string' && entry.path !== '' && isSha256Hex(entry.sha256)) files.push({ path: entry.path, sha256: entry.sha256 });
    else unreadableEntries += 1;
  }
  if (!Array.isArray(value.files)) throw new Error('it has no list of files');
  const notListedHere = Array.isArray(value.notListedHere) ? value.notListedHere.filter((p): p is string => typeof p === 'string') : [];
  const tool = isRecord(value.tool) && typeof value.tool.name === 'string' ? `${value.tool.name} ${typeof value.tool.version === 'string' ? value.tool.version : ''}`.trim() : null;
  return {
    format: value.format,
    files,
    notListedHere,
    unreadableEntries,
    facts: {
      exportedAt: typeof value.exportedAt === 'string' ? value.exportedAt : null,
      tool,
      captureCount: typeof value.captureCount === 'number' ? value.captureCount : null,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countStatuses(files: FileCheck[]): Record<FileStatus, number> {
  const counts: Record<FileStatus, number> = { OK: 0, CHANGED: 0, MISSING: 0, UNEXPECTED: 0 };
  for (const f of files) counts[f.status] += 1;
  return counts;
}

function describeCounts(counts: Record<FileStatus, number>): string {
  return (['CHANGED', 'MISSING', 'UNEXPECTED'] as const)
    .filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

function overallSummary(allPassed: boolean, counts: Record<FileStatus, number>, digest: string | null, matches: boolean | null): string {
  if (!digest) return 'This is not a complete evidence bundle: manifest.json is missing or unreadable.';
  if (matches === false) return 'The manifest digest is not the one you were given: this is not the bundle the report describes.';
  if (allPassed) return `All ${counts.OK} files are exactly as they were exported. Nothing was changed, added or removed.`;
  const bad = describeCounts(counts);
  return bad ? `Problems found: ${bad}. See the details below.` : 'Problems found with the lists of fingerprints. See the details below.';
}
