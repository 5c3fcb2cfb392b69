/**
 * What the court-ready documents of an evidence bundle say, decided once: `report.html`,
 * `report.pdf` and `log.csv` render the same facts, in the same order, from the views built here.
 *
 * Every string that a web page could have written (title, URL, text, author, post fields, and the
 * paths and failure reasons stored next to them) is carried as plain data; the renderers escape it
 * for their own format. Times are shown in the person's local time (the zone and UTC offset that
 * were recorded when the key was pressed) and in UTC, with English month names so that no reader
 * confuses day and month.
 */
import type { CaptureMetadata } from '../capture/metadata';
import type { TimeZoneFacts } from '../format/time';
import { formatOffset } from '../format/time';
import type { PostFields } from '../sites/types';
import type { BundleCaptureEntry, BundleFileEntry, BundleManifest } from './layout';
import { readAhead } from './read-ahead';
import { reportCharts, type ReportChart, type ReportLog } from './report-log';

/** One capture as the report sees it. */
export interface ReportCapture {
  /** The capture's entry in `manifest.json`. */
  entry: BundleCaptureEntry;
  /** Its `metadata.json`, parsed; null when the capture has none (failed early) or it did not parse. */
  metadata: CaptureMetadata | null;
  /** The capture's files as listed in the manifest, with their SHA-256. */
  files: BundleFileEntry[];
  /** What the person wrote about this capture. */
  notes?: string[];
  /** The post, message or email the capture is about, as a site adapter read it. */
  post?: PostFields;
}

import { buildDeclaration, type DeclarationView } from './declaration';

/** Everything the report generators need; nothing else is read. */
export interface ReportInput {
  manifest: BundleManifest;
  /** SHA-256 (hex) of the exact bytes of `manifest.json`. */
  manifestDigest: string;
  /** The name the person typed for "exported by"; absent when they typed none. */
  exporterName?: string;
  /** Captures in any order; the report puts them in chronological order of the key press. */
  captures: ReportCapture[];
  /** Human names of platforms by adapter id (`x` → `X (Twitter)`), when the caller knows them. */
  platformNames?: Record<string, string>;
  /** The incidents and the pattern over time of the exported captures (notes go with each capture). */
  log?: ReportLog;
  /** The fingerprint of the profile's signing key (`signing-key.jwk.json`), when the bundle is signed. */
  signingKeyFingerprint?: string;
  /** Which captures have a trusted timestamp, in plain words (custody-files.ts `timestampsNote`); absent when none. */
  timestampsNote?: string;
}

/**
 * The report input of an export: every capture as a lean outline (what the cover, the index and
 * `log.csv` need: no page texts), each read in full only when its own section is written. The
 * report of a large log is then never held whole in memory.
 */
export interface StreamedReportInput extends Omit<ReportInput, 'captures'> {
  /** Every capture, without the long texts of its page. */
  outline: ReportCapture[];
  /** The same capture with everything the report shows, read when its section is written. */
  load(capture: ReportCapture): Promise<ReportCapture>;
}

/** Either input: everything at once (tests, small reports) or streamed (exports). */
export type AnyReportInput = ReportInput | StreamedReportInput;

/** The input for the cover, the index and the CSV: the outline when the input is streamed. */
export function outlineInput(input: AnyReportInput): ReportInput {
  if (!('outline' in input)) return input;
  const { outline, load: _load, ...rest } = input;
  return { ...rest, captures: outline };
}

/**
 * Each capture's full view, in the report's (chronological) order, read one at a time; numbered
 * as `buildReportView` numbers them.
 */
export async function* captureViews(input: AnyReportInput): AsyncGenerator<CaptureView> {
  const outline = 'outline' in input ? input.outline : input.captures;
  const load = 'outline' in input ? input.load : async (capture: ReportCapture) => capture;
  let number = 0;
  // The next capture is read while this one is rendered (two at most in memory).
  for await (const [, capture] of readAhead(chronological(outline), load, 1)) {
    number += 1;
    yield describeCapture(capture, number, input.manifest.timeZone, input.platformNames ?? {});
  }
}

/** How a value must be shown: `page` values come from a web page (bidi-isolated, never markup). */
export type FactKind = 'text' | 'page' | 'url' | 'time' | 'hash' | 'code';

/** One labelled line of a report: "Page address: https://…". */
export interface Fact {
  label: string;
  value: string;
  kind: FactKind;
}

/** A block of text from the page, cut to a length a report can carry. */
export interface TextExcerpt {
  label: string;
  text: string;
  /** Length of the whole text when `text` was cut, so the report can say where the rest is. */
  cutFrom?: number;
  /** Where the whole text can be read. */
  fullTextIn?: string;
}

/** A capture, ready to be rendered in any format. */
export interface CaptureView {
  /** The capture's id (as in `manifest.json`). */
  id: string;
  /** 1-based position in chronological order. */
  number: number;
  /** `capture-1`: an id for links inside the report. */
  anchor: string;
  /** The page title, else the address, else "Untitled page". */
  heading: string;
  folder: string;
  status: BundleCaptureEntry['status'];
  /** "Not completed: …" reason of a failed capture. */
  failure: string | null;
  /** The short columns of the log (CSV) and of the index. */
  summary: {
    pressedAt: string;
    timeLocal: string;
    timeUtc: string;
    timeZone: string;
    platform: string;
    author: string;
    postedAt: string;
    url: string;
    title: string;
    screenshotSha256: string;
  };
  facts: Fact[];
  screenshot: { path: string; sha256: string; width?: number; height?: number } | null;
  texts: TextExcerpt[];
  notes: string[];
  warnings: string[];
  files: BundleFileEntry[];
}

/** The cover of the report. */
export interface CoverView {
  title: string;
  facts: Fact[];
  captureCount: number;
  failedCount: number;
  manifestDigest: string;
}

/** An incident of the incident log, as the report shows it: one summary page each. */
export interface IncidentView {
  /** 1-based, in order of when it happened. */
  number: number;
  /** `incident-1`: an id for links inside the report. */
  anchor: string;
  title: string;
  facts: Fact[];
  /** The exported captures of this incident, by their number in the report. */
  captures: { number: number; anchor: string; heading: string; timeLocal: string }[];
  /** "2 captures of this incident are not in this export." when some were left out. */
  leftOut: string | null;
}

/** The whole report, chronological. */
export interface ReportView {
  cover: CoverView;
  captures: CaptureView[];
  howToCheck: string[];
  /** Incident summaries (empty when the exported captures belong to no incident). */
  incidents: IncidentView[];
  /** The pattern over time of the exported captures (empty when there is nothing to draw). */
  charts: ReportChart[];
  /** The declaration page the person can print, complete and sign. */
  declaration: DeclarationView;
}

/** Longest excerpt of page text put in a report; the whole text is in the capture's files. */
export const REPORT_TEXT_LIMIT = 20_000;

export const REPORT_TITLE = 'Record of online harassment: captured evidence';

/**
 * "How to check this record", in plain words, for the cover of both renderings. The long version
 * for a clerk is `HOW-TO-VERIFY.txt`.
 */
export const HOW_TO_CHECK: string[] = [
  'Every file in this evidence bundle was fingerprinted (SHA-256) when it was captured, and again when the bundle was exported. A fingerprint changes completely if even one byte of the file changes.',
  'To check the bundle, open verify.html from the unzipped folder in a web browser and choose the folder (or drop the .zip file on it). It works offline and recomputes every fingerprint. Each file is reported as OK, CHANGED, MISSING or UNEXPECTED.',
  'Without the browser: in a terminal opened in the folder, run "sha256sum -c SHA256SUMS" (Linux), "shasum -a 256 -c SHA256SUMS" (macOS), or follow the Windows steps in HOW-TO-VERIFY.txt.',
  'The manifest digest printed on this cover is the fingerprint of manifest.json, which lists every file with its own fingerprint. If the verifier shows the same digest, the list of files is the one this report was made from.',
];

/** Added to "How to check this record" when the bundle carries its chain of custody and signatures. */
export const CUSTODY_CHECK =
  "verify.html also walks the log's chain of custody (custody/events.json): every capture added, note or field edited, capture deleted (with the reason given), export, import, lock and setting change, each linked to the one before it by its fingerprint, so that a change, a removal or a reordering shows. It checks the signatures of each capture's statement, of the chain and of manifest.json with the public key in signing-key.jwk.json, whose fingerprint is printed above. Events about captures not in this bundle are withheld: only their fingerprints are included.";

const TRIGGERS: Record<string, string> = {
  shortcut: 'Holdfast keyboard shortcut',
  popup: 'Holdfast toolbar button',
  'context-menu': 'Holdfast entry in the right-click menu',
  pick: 'Holdfast pick mode (the person clicked the post)',
};

const STATUS: Record<string, string> = {
  done: 'Captured',
  failed: 'Not completed',
  pending: 'Not completed (still waiting when exported)',
};

/** Builds the view of the whole report: cover, captures in order of the key press, how to check. */
export function buildReportView(input: ReportInput): ReportView {
  const zone = input.manifest.timeZone;
  const ordered = chronological(input.captures);
  const captures = ordered.map((capture, index) => describeCapture(capture, index + 1, zone, input.platformNames ?? {}));
  return {
    cover: describeCover(input, captures),
    captures,
    howToCheck: [...(input.signingKeyFingerprint ? [...HOW_TO_CHECK, CUSTODY_CHECK] : HOW_TO_CHECK), ...(input.timestampsNote ? [input.timestampsNote] : [])],
    declaration: buildDeclaration(input),
    incidents: describeIncidents(input, captures),
    charts: input.log && captures.length ? reportCharts(input.log.pattern) : [],
  };
}

/** The incidents of the exported captures, each with its advocates' fields and its captures by number. */
function describeIncidents(input: ReportInput, captures: CaptureView[]): IncidentView[] {
  const byId = new Map(captures.map((c) => [c.id, c]));
  const zone = input.manifest.timeZone;
  return (input.log?.incidents ?? []).map((incident, index) => {
    const facts: Fact[] = [];
    const when = formatReportTime(incident.occurredAt, zoneAtInstant(zone, incident.occurredAt));
    if (incident.occurredAt) facts.push({ label: 'When it happened', value: when.valid ? when.local : incident.occurredLocal || incident.occurredAt, kind: 'time' });
    if (incident.location.trim()) facts.push({ label: 'Where (platform or place)', value: incident.location, kind: 'text' });
    if (incident.categories.length) facts.push({ label: 'Kind of behaviour', value: incident.categories.join('; '), kind: 'text' });
    if (incident.description.trim()) facts.push({ label: 'What happened', value: incident.description, kind: 'text' });
    if (incident.people.length) facts.push({ label: 'People involved', value: incident.people.join('; '), kind: 'text' });
    if (incident.othersInvolved.trim()) facts.push({ label: 'Others involved', value: incident.othersInvolved, kind: 'text' });
    if (incident.witnesses.trim()) facts.push({ label: 'Witnesses', value: incident.witnesses, kind: 'text' });
    for (const r of incident.reports) {
      const parts = [r.name, r.reference ? `report number ${r.reference}` : '', r.date ? `on ${r.date}` : ''].filter(Boolean).join(', ');
      facts.push({ label: `Reported to (${r.to})`, value: parts || r.to, kind: 'text' });
    }
    if (incident.violatesOrder) {
      const o = incident.order;
      const order = o
        ? [o.court, o.caseNumber && `case ${o.caseNumber}`, o.issuedOn && `issued ${o.issuedOn}`, o.expiresOn && `expires ${o.expiresOn}`, o.restrainedPerson && `restrains ${o.restrainedPerson}`, o.terms && `terms: ${o.terms}`]
            .filter(Boolean)
            .join('; ')
        : '';
      facts.push({ label: 'Protective order', value: `The person recorded this as a violation of a protective order${order ? ` (${order})` : ''}.`, kind: 'text' });
    }
    const shown = incident.captureIds
      .map((id) => byId.get(id))
      .filter((c): c is CaptureView => Boolean(c))
      .sort((a, b) => a.number - b.number)
      .map((c) => ({ number: c.number, anchor: c.anchor, heading: c.heading, timeLocal: c.summary.timeLocal }));
    const left = incident.capturesLeftOut;
    return {
      number: index + 1,
      anchor: `incident-${index + 1}`,
      title: incident.title.trim() || `Incident ${index + 1}`,
      facts,
      captures: shown,
      leftOut: left > 0 ? `${left} ${left === 1 ? 'capture' : 'captures'} of this incident ${left === 1 ? 'is' : 'are'} not in this export.` : null,
    };
  });
}

/** Words for the report's section on incidents, and for the pattern. */
export const INCIDENTS_INTRO =
  'Incidents are how the person grouped their captures, with the details advocates and police ask for. They are the person\'s own account; the captures they refer to are the evidence.';
export const PATTERN_INTRO =
  'How often captures and incidents happened, week by week (weeks start on Monday), counted from the captures in this record only. Each chart is also given as a table.';

/** Captures sorted by the time of the key press (then by bundle folder), invalid times last. */
export function chronological(captures: ReportCapture[]): ReportCapture[] {
  const time = (c: ReportCapture) => {
    const t = Date.parse(c.entry.pressedAt);
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  };
  return [...captures].sort((a, b) => time(a) - time(b) || compareText(a.entry.folder, b.entry.folder));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeCover(input: ReportInput, captures: CaptureView[]): CoverView {
  const { manifest } = input;
  const exported = formatReportTime(manifest.exportedAt, manifest.timeZone);
  const failedCount = captures.filter((c) => c.status !== 'done').length;
  const facts: Fact[] = [];
  if (input.exporterName?.trim()) facts.push({ label: 'Exported by', value: input.exporterName.trim(), kind: 'text' });
  facts.push(
    { label: 'Exported on (local time)', value: exported.local, kind: 'time' },
    { label: 'Exported on (UTC)', value: exported.utc, kind: 'time' },
    { label: 'Time zone of the device', value: `${manifest.timeZone.timeZone} (UTC${manifest.timeZone.utcOffset} when exported)`, kind: 'text' },
    { label: 'Made with', value: `${manifest.tool.name} ${manifest.tool.version}`, kind: 'text' },
    {
      label: 'Captures in this record',
      value: failedCount ? `${captures.length} (${captures.length - failedCount} complete, ${failedCount} not completed)` : String(captures.length),
      kind: 'text',
    },
  );
  if (captures.length) {
    facts.push({ label: 'First capture (local time)', value: captures[0].summary.timeLocal, kind: 'time' });
    facts.push({ label: 'Last capture (local time)', value: captures[captures.length - 1].summary.timeLocal, kind: 'time' });
  }
  facts.push({ label: 'Manifest digest (SHA-256 of manifest.json)', value: input.manifestDigest, kind: 'hash' });
  if (input.signingKeyFingerprint) facts.push({ label: 'Signing key fingerprint (signing-key.jwk.json)', value: input.signingKeyFingerprint, kind: 'text' });
  return { title: REPORT_TITLE, facts, captureCount: captures.length, failedCount, manifestDigest: input.manifestDigest };
}

/** Describes one capture: its facts in a fixed order, its screenshot, texts, notes and files. */
export function describeCapture(capture: ReportCapture, number: number, exportZone: TimeZoneFacts, platformNames: Record<string, string> = {}): CaptureView {
  const { entry, metadata, post } = capture;
  const zone = captureZone(capture, exportZone);
  const pressed = formatReportTime(entry.pressedAt, zone);
  const page = metadata?.page ?? null;
  const url = page?.url || entry.url;
  const title = page?.title || entry.title;
  const platform = platformLabel(post, entry.site, platformNames);
  const author = authorLabel(post);
  const postedAt = postTimeLabel(post, zone);
  const screenshotFile = capture.files.find((f) => f.path === `${entry.folder}/screenshot.png`) ?? capture.files.find((f) => f.mediaType.startsWith('image/')) ?? null;

  const facts: Fact[] = [];
  const add = (label: string, value: string | null | undefined, kind: FactKind) => {
    if (value !== undefined && value !== null && value !== '') facts.push({ label, value, kind });
  };
  add('Captured (local time)', pressed.local, 'time');
  add('Captured (UTC)', pressed.utc, 'time');
  if (entry.screenshotAt && entry.screenshotAt !== entry.pressedAt) {
    const shot = formatReportTime(entry.screenshotAt, zone);
    add('Screenshot taken (local time)', shot.local, 'time');
    add('Screenshot taken (UTC)', shot.utc, 'time');
  }
  add('Page address', url, 'url');
  if (metadata?.tabUrlAtPress && metadata.tabUrlAtPress !== url) add('Tab address when the key was pressed', metadata.tabUrlAtPress, 'url');
  add('Page title', title, 'page');
  add('Platform', platform, 'page');
  if (post) {
    add('Kind of content', post.kind, 'page');
    add('Author', author, 'page');
    add('Author account id', post.author?.accountId, 'page');
    add('Author profile', post.author?.profileUrl, 'url');
    add('Posted (as the page gives it)', postedAt, 'page');
    add('Post id', post.postId, 'page');
    add('Post link', post.permalink, 'url');
    if (post.inReplyTo) {
      const reply = [post.inReplyTo.author, post.inReplyTo.postId, post.inReplyTo.permalink].filter(Boolean).join(' · ');
      add('In reply to', reply, 'page');
    }
    if (post.email) {
      add('Email from', post.email.from, 'page');
      add('Email to', post.email.to?.join(', '), 'page');
      add('Email cc', post.email.cc?.join(', '), 'page');
      add('Email date', post.email.date, 'page');
      add('Email subject', post.email.subject, 'page');
      add('Email message id', post.email.messageId, 'page');
    }
    if (post.mediaUrls?.length) add('Images and videos in the post', post.mediaUrls.join('\n'), 'url');
  }
  add('Status', STATUS[entry.status] ?? entry.status, 'text');
  add('How it was captured', TRIGGERS[entry.trigger] ?? entry.trigger, 'text');
  if (metadata?.environment) {
    const env = metadata.environment;
    add('Browser and system', `${env.browser.name} ${env.browser.version} on ${env.os.name} (${env.os.arch})`, 'text');
  }
  if (metadata?.screenshot) {
    const s = metadata.screenshot;
    add('Screenshot', `${s.width} × ${s.height} pixels, device pixel ratio ${s.devicePixelRatio}, taken with ${s.method}`, 'text');
  }
  if (page) add('Page language', page.language, 'page');
  add('Folder in the bundle', entry.folder, 'code');
  add('Capture id', entry.id, 'code');

  const texts: TextExcerpt[] = [];
  const textFile = capture.files.find((f) => f.path === `${entry.folder}/text.txt`)?.path;
  const metadataFile = capture.files.find((f) => f.path === `${entry.folder}/metadata.json`)?.path;
  if (post?.text) texts.push(excerpt('Text of the post', post.text, metadataFile));
  if (page?.selectedText) texts.push(excerpt('Text the person had selected', page.selectedText, metadataFile));
  if (page?.visibleText) texts.push(excerpt('Text visible on screen', page.visibleText, textFile ?? metadataFile));

  return {
    id: entry.id,
    number,
    anchor: `capture-${number}`,
    heading: title || url || 'Untitled page',
    folder: entry.folder,
    status: entry.status,
    failure: entry.status === 'done' ? null : (entry.failure ?? metadata?.failure?.reason ?? 'The capture did not complete.'),
    summary: {
      pressedAt: entry.pressedAt,
      timeLocal: pressed.local,
      timeUtc: pressed.utc,
      timeZone: zone ? `${zone.timeZone} (UTC${formatOffset(zone.utcOffsetMinutes)})` : 'unknown',
      platform,
      author,
      postedAt,
      url,
      title,
      screenshotSha256: screenshotFile?.sha256 ?? '',
    },
    facts,
    screenshot: screenshotFile
      ? { path: screenshotFile.path, sha256: screenshotFile.sha256, width: metadata?.screenshot?.width, height: metadata?.screenshot?.height }
      : null,
    texts,
    notes: (capture.notes ?? []).filter((n) => n.trim() !== ''),
    warnings: metadata?.warnings ?? [],
    files: capture.files,
  };
}

function excerpt(label: string, text: string, fullTextIn?: string): TextExcerpt {
  if (text.length <= REPORT_TEXT_LIMIT) return { label, text };
  // Never cut a surrogate pair in two.
  let end = REPORT_TEXT_LIMIT;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { label, text: text.slice(0, end), cutFrom: text.length, fullTextIn };
}

/** The zone the key was pressed in: recorded in metadata.json, else the export's zone at that instant. */
function captureZone(capture: ReportCapture, exportZone: TimeZoneFacts): ZoneAt {
  const t = capture.metadata?.time;
  if (t && Number.isFinite(t.utcOffsetMinutes)) return { timeZone: t.timeZone, utcOffsetMinutes: t.utcOffsetMinutes };
  return zoneAtInstant(exportZone, capture.entry.pressedAt);
}

function platformLabel(post: PostFields | undefined, site: string, names: Record<string, string>): string {
  if (post?.platform && post.platform !== 'generic') {
    const name = Object.hasOwn(names, post.platform) ? names[post.platform] : post.platform;
    return site ? `${name} (${site})` : name;
  }
  return site;
}

function authorLabel(post: PostFields | undefined): string {
  const a = post?.author;
  if (!a) return post?.email?.from ?? '';
  const parts = [a.displayName, a.handle, a.address].filter((p): p is string => !!p && p.trim() !== '');
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  return unique.join(' · ');
}

function postTimeLabel(post: PostFields | undefined, zone: ZoneAt | null): string {
  const t = post?.postedAt;
  if (!t) return '';
  const parts: string[] = [];
  if (t.iso) {
    const when = formatReportTime(t.iso, zone);
    parts.push(when.valid ? `${when.local}; ${when.utc}` : t.iso);
  }
  if (t.displayed) parts.push(`shown on the page as "${t.displayed}"`);
  return parts.join('; ');
}

/** A time zone and its offset at one instant. */
export interface ZoneAt {
  timeZone: string;
  utcOffsetMinutes: number;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `Mon 30 Nov 2026, 06:51:39 (UTC+01:00, Europe/Madrid)` and `Mon 30 Nov 2026, 05:51:39 UTC`.
 * The same on every computer (no locale, no Intl). An unreadable time is shown as it was stored.
 */
export function formatReportTime(iso: string, zone: ZoneAt | null): { local: string; utc: string; valid: boolean } {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return { local: iso, utc: iso, valid: false };
  const utc = `${wallClock(new Date(ms))} UTC`;
  if (!zone) return { local: `${utc} (local time zone unknown)`, utc, valid: true };
  const local = `${wallClock(new Date(ms + zone.utcOffsetMinutes * 60_000))} (UTC${formatOffset(zone.utcOffsetMinutes)}, ${zone.timeZone})`;
  return { local, utc, valid: true };
}

function wallClock(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * The offset of a named zone at an instant (`Europe/Madrid` is +60 in winter, +120 in summer),
 * through Intl; the recorded offset when the runtime does not know the zone.
 */
export function zoneAtInstant(zone: TimeZoneFacts, iso: string): ZoneAt {
  const at = Date.parse(iso);
  if (!Number.isNaN(at)) {
    try {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone.timeZone, timeZoneName: 'longOffset' }).formatToParts(at);
      const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
      const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
      if (match) {
        const minutes = match[1] ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
        return { timeZone: zone.timeZone, utcOffsetMinutes: minutes };
      }
    } catch {
      // An unknown zone name: fall back to the offset recorded at export.
    }
  }
  return { timeZone: zone.timeZone, utcOffsetMinutes: zone.utcOffsetMinutes };
}

/** True for an address a report may turn into a link: absolute `http:` or `https:` only. */
export function linkableUrl(value: string): string | null {
  if (!/^https?:\/\//i.test(value.trim())) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]/g;

/**
 * Shows characters a reader cannot see (controls, zero-width and bidirectional marks) as
 * `⟨U+202E⟩`, so that an address, a handle or a file name cannot pretend to be another one.
 */
export function revealInvisible(value: string): string {
  return value.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
