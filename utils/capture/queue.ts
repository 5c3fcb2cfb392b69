/**
 * The capture queue. A press is written to IndexedDB before anything slow happens; then the page
 * is read and the screenshot taken (paced to the browser's limit), every artifact is hashed and
 * stored content-addressed, and the entry is settled as done or failed, with its reason. The
 * queue lives in IndexedDB, so a worker that is stopped mid-queue picks it up when it wakes.
 */
import Dexie from 'dexie';
import type { HoldfastDb } from '../db/database';
import { createEvidenceCodec, evidenceTables, storeArtifacts, type EvidenceCodec } from '../db/evidence-codec';
import type { ArtifactRef, CaptureFailure, CaptureRecord, CaptureTrigger } from '../db/records';
import { isoUtc, timeZoneAt } from '../format/time';
import { sha256Hex } from '../integrity/sha256';
import type { CaptureEnvironment } from './environment';
import { FAILURE_REASONS, classifyError, isRestrictedUrl, type FailureCode } from './failures';
import { CAPTURE_METADATA_FORMAT, CAPTURE_METADATA_VERSION, encodeMetadata, pageFacts, type CaptureMetadata, type ScreenshotFacts } from './metadata';
import { parsePageRead, type PageRead } from './page-read';
import { dataUrlToBytes, errorMessage, pngSize, type Pacer } from './screenshot';

/** A capture is given up after this many starts (each worker restart mid-capture is one). */
export const MAX_ATTEMPTS = 3;

/** The tab a capture is for, as the browser described it when the person pressed. */
export interface CaptureTarget {
  tabId: number;
  windowId: number;
  url?: string;
  title?: string;
}

export interface TabState {
  windowId: number;
  active: boolean;
  url?: string;
}

/** Everything the queue needs from the browser, passed in so that it can be tested without one. */
export interface CaptureServices {
  db: HoldfastDb;
  now: () => number;
  pacer: Pacer;
  /** `tabs.captureVisibleTab(windowId, { format: 'png' })`: a PNG data URL. */
  takeScreenshot: (windowId: number) => Promise<string>;
  /** Runs the page reader in the tab and returns what it returned (unvalidated). */
  readPage: (tabId: number) => Promise<unknown>;
  /** The tab's current state, or undefined when it is gone. */
  getTab: (tabId: number) => Promise<TabState | undefined>;
  environment: () => Promise<CaptureEnvironment>;
  /** Makes the list preview; called after the capture is stored, never on the critical path. */
  makeThumbnail?: (png: Blob) => Promise<Blob>;
  /** Told about every capture that settles (done or failed), e.g. to update the toolbar badge. */
  onSettled?: (record: CaptureRecord) => void;
  /** The log's encryption at rest (see utils/db/evidence-codec.ts); the identity when absent. */
  evidenceCodec?: () => Promise<EvidenceCodec>;
}

export interface CaptureQueue {
  /** Records a press and starts processing it; resolves once the request is safely stored. */
  request(trigger: CaptureTrigger, target: CaptureTarget): Promise<CaptureRecord>;
  /** Processes every pending capture, oldest press first; resolves when the queue is empty. */
  drain(): Promise<void>;
}

type PageOutcome = PageRead | Error;

class CaptureFailed extends Error {
  constructor(
    readonly code: FailureCode,
    readonly detail?: string,
  ) {
    super(FAILURE_REASONS[code]);
  }
}

export function createCaptureQueue(services: CaptureServices): CaptureQueue {
  const { db, now } = services;
  const pageReads = new Map<string, Promise<PageOutcome>>();
  /** Presses this worker recorded, readable, until they settle (the stored copy may be sealed). */
  const pressed = new Map<string, CaptureRecord>();
  const codec = () => services.evidenceCodec?.() ?? Promise.resolve(createEvidenceCodec());
  let running: Promise<void> | undefined;
  let again = false;

  function failure(code: FailureCode, detail?: string): CaptureFailure {
    return { code, reason: FAILURE_REASONS[code], ...(detail ? { detail } : {}), at: isoUtc(now()) };
  }

  /** Reads the page now and keeps the reading in IndexedDB until the capture settles. */
  function startPageRead(captureId: string, tabId: number): Promise<PageOutcome> {
    const outcome = services
      .readPage(tabId)
      .then(parsePageRead)
      .then(async (page) => {
        await db.pendingPageReads.put(await (await codec()).sealPageRead(captureId, page));
        return page;
      })
      .catch((error: unknown) => (error instanceof Error ? error : new Error(errorMessage(error))));
    pageReads.set(captureId, outcome);
    return outcome;
  }

  async function request(trigger: CaptureTrigger, target: CaptureTarget): Promise<CaptureRecord> {
    const pressedAt = isoUtc(now());
    const url = target.url ?? '';
    const record: CaptureRecord = {
      id: crypto.randomUUID(),
      kind: 'page',
      trigger,
      status: 'pending',
      pressedAt,
      tab: { tabId: target.tabId, windowId: target.windowId },
      summary: { url, title: target.title ?? '', site: siteOf(url) },
      artifacts: [],
      attempts: 0,
      warnings: [],
    };
    await db.captures.add(await (await codec()).sealCapture(record));
    pressed.set(record.id, record);
    if (isRestrictedUrl(target.url)) {
      await settle(record, { failure: failure('restricted-page', `The address is ${url}`) });
      return record;
    }
    startPageRead(record.id, target.tabId);
    void drain();
    return record;
  }

  function drain(): Promise<void> {
    again = true;
    running ??= (async () => {
      try {
        while (again) {
          again = false;
          for (;;) {
            const next = await db.captures
              .where('[status+pressedAt]')
              .between(['pending', Dexie.minKey], ['pending', Dexie.maxKey])
              .first();
            if (!next) break;
            await processCapture(await readableRecord(next));
          }
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  async function processCapture(record: CaptureRecord): Promise<void> {
    const attempts = record.attempts + 1;
    if (attempts > MAX_ATTEMPTS) {
      await settle(record, { failure: failure('gave-up', `Started ${record.attempts} times without finishing`) });
      return;
    }
    const counted = db.captures.update(record.id, { attempts });
    const page = pageReads.get(record.id) ?? resumePageRead(record);

    let screenshot: { bytes: Uint8Array; at: string } | undefined;
    let shotFailure: CaptureFailure | undefined;
    try {
      const dataUrl = await services.pacer.run(async () => {
        await ensureStillOnScreen(record);
        return services.takeScreenshot(record.tab.windowId);
      });
      const at = isoUtc(now());
      // captureVisibleTab takes whatever tab is in front of the window: checking before and after
      // the call makes sure the pixels are of the tab the person pressed on, never of another.
      await ensureStillOnScreen(record);
      screenshot = { bytes: dataUrlToBytes(dataUrl).bytes, at };
    } catch (error) {
      shotFailure = error instanceof CaptureFailed ? failure(error.code, error.detail) : failure(classifyError(error), errorMessage(error));
    }
    await counted;
    const pageOutcome = await page;
    if (pageOutcome instanceof Error && classifyError(pageOutcome) === 'restricted-page') {
      // Chrome lets activeTab screenshot its own pages (chrome://…) but not read them: without an
      // address or text such a picture is not evidence of anything, so the capture fails visibly.
      await settle({ ...record, attempts }, { failure: failure('restricted-page', pageOutcome.message) });
      return;
    }
    await settle({ ...record, attempts }, { screenshot, failure: shotFailure, page: pageOutcome });
  }

  /** The press as recorded: from memory, or opened from the log (impossible while it is locked). */
  async function readableRecord(stored: CaptureRecord): Promise<CaptureRecord> {
    const kept = pressed.get(stored.id);
    if (kept) return { ...kept, attempts: stored.attempts };
    const opened = await (await codec()).openCapture(stored);
    if (opened.state === 'clear' || opened.state === 'opened') return opened.record;
    const { sealed: _sealed, ...clear } = stored;
    return { ...clear, warnings: ['The address at the key press is encrypted and could not be read when the capture resumed while the log was locked.'] };
  }

  async function resumePageRead(record: CaptureRecord): Promise<PageOutcome> {
    const kept = await db.pendingPageReads.get(record.id);
    const page = kept && (await (await codec()).openPageRead(kept));
    if (page) return page;
    record.warnings.push('The page was read when the capture resumed after the extension restarted, not at the key press.');
    return startPageRead(record.id, record.tab.tabId);
  }

  async function ensureStillOnScreen(record: CaptureRecord): Promise<void> {
    const tab = await services.getTab(record.tab.tabId);
    if (!tab) throw new CaptureFailed('tab-closed');
    if (!tab.active || tab.windowId !== record.tab.windowId) throw new CaptureFailed('tab-hidden');
    const changed = `The page address changed between the key press and the screenshot: from ${record.summary.url} to ${tab.url}.`;
    if (record.summary.url && tab.url && tab.url !== record.summary.url && !record.warnings.includes(changed)) {
      record.warnings.push(changed);
    }
  }

  interface Outcome {
    screenshot?: { bytes: Uint8Array; at: string };
    page?: PageOutcome;
    failure?: CaptureFailure;
  }

  /** Hashes and stores every artifact and settles the record, in one transaction. */
  async function settle(record: CaptureRecord, outcome: Outcome): Promise<void> {
    const warnings = [...record.warnings];
    const page = outcome.page instanceof Error ? undefined : outcome.page;
    if (outcome.page instanceof Error) warnings.push(`The page's text could not be read: ${outcome.page.message}`);

    const files: { ref: ArtifactRef; bytes: Uint8Array }[] = [];
    let screenshotFacts: ScreenshotFacts | null = null;
    if (outcome.screenshot) {
      const { bytes } = outcome.screenshot;
      const ref = await artifact('screenshot', 'screenshot.png', 'image/png', bytes);
      files.push({ ref, bytes });
      const { width, height } = pngSize(bytes);
      screenshotFacts = {
        file: ref.name,
        mediaType: ref.mediaType,
        size: ref.size,
        sha256: ref.sha256,
        width,
        height,
        devicePixelRatio: page?.devicePixelRatio ?? (page ? width / Math.max(1, page.viewport.width) : 1),
        method: 'tabs.captureVisibleTab',
      };
    }
    let textFacts: CaptureMetadata['text'] = null;
    if (page) {
      const bytes = new TextEncoder().encode(page.text);
      const ref = await artifact('text', 'text.txt', 'text/plain; charset=utf-8', bytes);
      files.push({ ref, bytes });
      textFacts = { file: ref.name, mediaType: ref.mediaType, size: ref.size, sha256: ref.sha256, truncated: page.textTruncated, originalLength: page.textLength };
    }

    const status = outcome.screenshot ? 'done' : 'failed';
    const failureFacts = status === 'failed' ? (outcome.failure ?? failure('screenshot-failed')) : undefined;
    const metadata: CaptureMetadata = {
      format: CAPTURE_METADATA_FORMAT,
      formatVersion: CAPTURE_METADATA_VERSION,
      captureId: record.id,
      kind: record.kind,
      trigger: record.trigger,
      status,
      time: {
        pressedAt: record.pressedAt,
        pageReadAt: page?.readAt ?? null,
        screenshotAt: outcome.screenshot?.at ?? null,
        ...timeZoneAt(Date.parse(record.pressedAt)),
      },
      page: page ? pageFacts(page) : null,
      tabUrlAtPress: record.summary.url || null,
      screenshot: screenshotFacts,
      text: textFacts,
      environment: await services.environment(),
      failure: failureFacts ?? null,
      warnings,
    };
    const metadataBytes = encodeMetadata(metadata);
    const metadataRef = await artifact('metadata', 'metadata.json', 'application/json', metadataBytes);
    files.push({ ref: metadataRef, bytes: metadataBytes });

    const url = page?.url || record.summary.url;
    const settled: CaptureRecord = {
      ...record,
      status,
      screenshotAt: outcome.screenshot?.at,
      summary: { url, title: page?.title || record.summary.title, site: siteOf(url) },
      artifacts: files.map((f) => f.ref),
      warnings,
      ...(failureFacts ? { failure: failureFacts } : {}),
    };

    const c = await codec();
    try {
      const prepared = await Promise.all(files.map((f) => c.sealArtifact(record.id, f.ref, f.bytes)));
      const stored = await c.sealCapture({ ...settled, artifacts: prepared.map((p) => p.ref) });
      await db.transaction('rw', evidenceTables(db), async () => {
        await storeArtifacts(db, prepared);
        settled.storedAt = stored.storedAt = isoUtc(now());
        await db.captures.put(stored);
        await db.pendingPageReads.delete(record.id);
      });
    } catch (error) {
      // Nothing of the transaction was written. Record the failure itself in as little space as possible.
      const code = classifyError(error) === 'storage-full' ? 'storage-full' : 'screenshot-failed';
      const fallback: CaptureRecord = { ...record, status: 'failed', failure: failure(code, errorMessage(error)), warnings };
      await db.captures.put(await c.sealCapture(fallback));
      pageReads.delete(record.id);
      pressed.delete(record.id);
      services.onSettled?.(fallback);
      return;
    }
    pageReads.delete(record.id);
    pressed.delete(record.id);
    services.onSettled?.(settled);
    if (outcome.screenshot && services.makeThumbnail) {
      const png = new Blob([outcome.screenshot.bytes as BlobPart], { type: 'image/png' });
      services
        .makeThumbnail(png)
        .then(async (data) => db.thumbnails.put(await c.sealThumbnail(record.id, data)))
        .catch(() => undefined); // a missing preview is shown as a placeholder; the evidence is intact
    }
  }

  return { request, drain };
}

async function artifact(role: ArtifactRef['role'], name: string, mediaType: string, bytes: Uint8Array): Promise<ArtifactRef> {
  return { role, name, mediaType, size: bytes.byteLength, sha256: await sha256Hex(bytes) };
}

/** The host name of a page address, or '' when it has none. */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
