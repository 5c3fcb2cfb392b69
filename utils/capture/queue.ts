/**
 * The capture queue. A press is written to IndexedDB before anything slow happens; then the page
 * is read and the screenshot taken (paced to the browser's limit), every artifact is hashed and
 * stored content-addressed, and the entry is settled as done or failed, with its reason. The
 * queue lives in IndexedDB, so a worker that is stopped mid-queue picks it up when it wakes.
 */
import Dexie from 'dexie';
import type { HoldfastDb } from '../db/database';
import { createEvidenceCodec, evidenceTables, storeArtifacts, type EvidenceCodec } from '../db/evidence-codec';
import * as v from 'valibot';
import type { ArtifactRef, CaptureFailure, CaptureKind, CaptureRecord, CaptureSummary, CaptureTrigger } from '../db/records';
import type { PostFields } from '../sites/types';
import { isoUtc, timeZoneAt } from '../format/time';
import { recordCaptureAdded } from '../integrity/custody-log';
import { sha256Hex } from '../integrity/sha256';
import type { CaptureEnvironment } from './environment';
import { FAILURE_REASONS, classifyError, isRestrictedUrl, type FailureCode } from './failures';
import { fitsInViewport, intersect, shotScale, type Size } from './geometry';
import {
  CAPTURE_METADATA_FORMAT,
  CAPTURE_METADATA_VERSION,
  encodeMetadata,
  pageFacts,
  type CaptureMetadata,
  type DerivedImageFacts,
  type RawEmailFacts,
  type ScreenshotFacts,
  type SnapshotFacts,
} from './metadata';
import type { ReadRequest } from './page-tools';
import { parsePageRead, type PageRead } from './page-read';
import { RawSourceSchema, RenderAnswerSchema, parsePageAndPost, type PostRead } from './post-read';
import { dataUrlToBytes, errorMessage, pngSize, type Pacer } from './screenshot';
import { STITCH_LIMITS, cropFromShot, stitchPost, stitchRegion, type DerivedImage, type ImageComposer, type Shot } from './stitch';

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
  /** Post and full-page captures: runs the post reader in the tab; answers page and post (unvalidated). */
  readPost?: (tabId: number, request: ReadRequest) => Promise<unknown>;
  /** Scrolls the tab's page for one stitched shot; answers its scroll state (unvalidated). */
  scrollForShot?: (tabId: number, y: number, hideFixed: boolean, settleMs: number) => Promise<unknown>;
  /** Brings a row of the post the reader found to the top of where it can be seen; answers where the post is (unvalidated). */
  scrollPostRow?: (tabId: number, row: number, settleMs: number) => Promise<unknown>;
  /** Puts the page back as it was before the stitched shots. */
  restorePage?: (tabId: number) => Promise<void>;
  /** Starts an image of `size` device pixels into which slices of screenshots are drawn. */
  composeImage?: (size: Size) => ImageComposer;
  /** The page itself: MHTML where the browser makes it, a serialised DOM elsewhere. */
  snapshotPage?: (tabId: number) => Promise<PageSnapshot>;
  /** Fetches an email's raw source from the page's own context (unvalidated answer). */
  fetchRawSource?: (tabId: number, url: string) => Promise<unknown>;
  /** Renders the post the reader found from its markup (html2canvas-pro); unvalidated answer. */
  renderPost?: (tabId: number) => Promise<unknown>;
}

/** The page itself as the browser saved it. */
export interface PageSnapshot {
  bytes: Uint8Array;
  method: SnapshotFacts['method'];
  mediaType: string;
  truncated: boolean;
}

/** What kind of capture a press asks for, and how its element was chosen. */
export interface CaptureOptions {
  kind?: CaptureKind;
  chosenBy?: CaptureRecord['chosenBy'];
}

export interface CaptureQueue {
  /** Records a press and starts processing it; resolves once the request is safely stored. */
  request(trigger: CaptureTrigger, target: CaptureTarget, options?: CaptureOptions): Promise<CaptureRecord>;
  /** Processes every pending capture, oldest press first; resolves when the queue is empty. */
  drain(): Promise<void>;
}

/** What the page reader(s) answered: the page, and for a post capture the post. */
interface PageAndPostRead {
  page: PageRead;
  post: PostRead | null;
}
type PageOutcome = PageAndPostRead | Error;
type SnapshotOutcome = { snapshot: PageSnapshot; at: string } | Error;

/** What every rendering says about itself, in metadata.json and in the capture's warnings. */
export const RENDERING_NOTE =
  "A rendering of the post's markup by html2canvas-pro, not a screenshot: made because the screenshots could not show all of the post; fonts, effects and media may differ from what was on screen.";

/** Largest raw email kept (bytes). */
export const MAX_RAW_EMAIL_BYTES = 25_000_000;

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
  const snapshots = new Map<string, Promise<SnapshotOutcome>>();
  let running: Promise<void> | undefined;
  let again = false;

  function failure(code: FailureCode, detail?: string): CaptureFailure {
    return { code, reason: FAILURE_REASONS[code], ...(detail ? { detail } : {}), at: isoUtc(now()) };
  }

  /** Reads the page (and the post) now and keeps the reading in IndexedDB until the capture settles. */
  function startPageRead(record: CaptureRecord): Promise<PageOutcome> {
    const captureId = record.id;
    const tabId = record.tab.tabId;
    const reading: Promise<PageAndPostRead> =
      record.kind !== 'page' && services.readPost
        ? services.readPost(tabId, { mode: record.kind === 'full-page' ? 'full-page' : 'post', ...(record.chosenBy ?? {}) }).then(parsePageAndPost)
        : services.readPage(tabId).then((value) => ({ page: parsePageRead(value), post: null }));
    const outcome = reading
      .then(async (read) => {
        await db.pendingPageReads.put(await (await codec()).sealPageRead(captureId, { page: read.page, post: record.kind === 'post' ? read.post : null }));
        return read;
      })
      .catch((error: unknown) => (error instanceof Error ? error : new Error(errorMessage(error))));
    pageReads.set(captureId, outcome);
    return outcome;
  }

  /** Saves the page itself (MHTML or DOM) now, beside the reading; kept in memory until the capture settles. */
  function startSnapshot(record: CaptureRecord): Promise<SnapshotOutcome> | undefined {
    if (!services.snapshotPage) return undefined;
    const outcome = services
      .snapshotPage(record.tab.tabId)
      .then((snapshot) => ({ snapshot, at: isoUtc(now()) }))
      .catch((error: unknown) => (error instanceof Error ? error : new Error(errorMessage(error))));
    snapshots.set(record.id, outcome);
    return outcome;
  }

  async function request(trigger: CaptureTrigger, target: CaptureTarget, options: CaptureOptions = {}): Promise<CaptureRecord> {
    const pressedAt = isoUtc(now());
    const url = target.url ?? '';
    const record: CaptureRecord = {
      id: crypto.randomUUID(),
      kind: options.kind ?? 'page',
      ...(options.chosenBy ? { chosenBy: options.chosenBy } : {}),
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
    startPageRead(record);
    startSnapshot(record);
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
    const snapshot = snapshots.get(record.id) ?? resumeSnapshot(record);

    let screenshot: { bytes: Uint8Array; at: string } | undefined;
    let shotFailure: CaptureFailure | undefined;
    try {
      screenshot = await shoot(record);
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
    const extra: Partial<Outcome> = {};
    if (screenshot && !(pageOutcome instanceof Error)) {
      const shot: Shot = {
        ...screenshot,
        sha256: await sha256Hex(screenshot.bytes),
        scroll: pageOutcome.page.scroll,
        viewport: pageOutcome.page.viewport,
        keptAs: 'screenshot.png',
      };
      if (record.kind === 'post') {
        extra.postImage = await postImage(record, pageOutcome, shot);
        if (needsRendering(extra.postImage)) extra.postRendering = await renderedPost(record, pageOutcome);
      } else if (record.kind === 'full-page') {
        extra.fullPage = await fullPageImage(record, pageOutcome.page, shot);
      }
      const rawSourceUrl = pageOutcome.post?.fields?.rawSourceUrl;
      if (record.kind === 'post' && rawSourceUrl) extra.rawEmail = await rawEmail(record, rawSourceUrl);
    }
    extra.snapshot = snapshot ? await snapshot : undefined;
    snapshots.delete(record.id);
    await settle({ ...record, attempts }, { screenshot, failure: shotFailure, page: pageOutcome, ...extra });
  }

  /** One viewport screenshot through the pacer, of the tab the person pressed on and nothing else. */
  async function shoot(record: CaptureRecord): Promise<{ bytes: Uint8Array; at: string }> {
    const dataUrl = await services.pacer.run(async () => {
      await ensureStillOnScreen(record);
      return services.takeScreenshot(record.tab.windowId);
    });
    const at = isoUtc(now());
    // captureVisibleTab takes whatever tab is in front of the window: checking before and after
    // the call makes sure the pixels are of the tab the person pressed on, never of another.
    await ensureStillOnScreen(record);
    return { bytes: dataUrlToBytes(dataUrl).bytes, at };
  }

  function stitchServices(record: CaptureRecord, composeImage: (size: Size) => ImageComposer) {
    const tabId = record.tab.tabId;
    return {
      scrollForShot: (y: number, hide: boolean, settleMs: number) => services.scrollForShot!(tabId, y, hide, settleMs),
      restorePage: () => services.restorePage!(tabId),
      shoot: () => shoot(record),
      composeImage,
      sha256: sha256Hex,
    };
  }

  /** The post's own picture: cut from the viewport screenshot, or scrolled and stitched when taller than the window. */
  async function postImage(record: CaptureRecord, read: PageAndPostRead, shot: Shot): Promise<DerivedImage | Error | undefined> {
    const rect = read.post?.rect;
    const compose = services.composeImage;
    if (!rect || !compose) return undefined;
    try {
      const viewport = read.page.viewport;
      // Seen through the window, or through a box inside the page (webmail, chat) that cuts it.
      const clip = read.post?.clip ?? { x: 0, y: 0, width: viewport.width, height: viewport.height };
      if (fitsInViewport({ ...rect, y: rect.y - clip.y }, { width: clip.width, height: clip.height }) && fitsInViewport(rect, viewport)) {
        const seen = intersect(rect, clip);
        return (seen && (await cropFromShot(shot, seen, compose))) || new Error('the post was not on screen');
      }
      if (!services.scrollPostRow || !services.restorePage) return new Error('this browser cannot scroll the page for a stitched picture');
      // Taller than the space it is seen through (or partly off screen): shoot it top to bottom.
      const tabId = record.tab.tabId;
      return await stitchPost(
        { rect, scroll: read.page.scroll, viewport, scale: shotScale(pngSize(shot.bytes), viewport), settleMs: STITCH_LIMITS.postSettleMs },
        {
          scrollPostRow: (row, settleMs) => services.scrollPostRow!(tabId, row, settleMs),
          restorePage: () => services.restorePage!(tabId),
          shoot: () => shoot(record),
          composeImage: compose,
          sha256: sha256Hex,
        },
      );
    } catch (error) {
      return error instanceof Error ? error : new Error(errorMessage(error));
    }
  }

  /** The whole page, scrolled and stitched from the top, reusing the viewport screenshot when it shows the top. */
  async function fullPageImage(record: CaptureRecord, page: PageRead, shot: Shot): Promise<DerivedImage | Error | undefined> {
    const compose = services.composeImage;
    if (!compose || !services.scrollForShot || !services.restorePage) return new Error('this browser cannot scroll the page for a stitched picture');
    try {
      return await stitchRegion(
        {
          region: { x: page.scroll.x, y: 0, width: page.viewport.width, height: Math.max(page.documentSize.height, page.viewport.height) },
          viewport: page.viewport,
          documentHeight: page.documentSize.height,
          scale: shotScale(pngSize(shot.bytes), page.viewport),
          first: shot,
          settleMs: STITCH_LIMITS.fullPageSettleMs,
        },
        stitchServices(record, compose),
      );
    } catch (error) {
      return error instanceof Error ? error : new Error(errorMessage(error));
    }
  }

  /** Screenshots could not show the whole post: nothing was made, or rows were left blank (not the size cap). */
  function needsRendering(image: DerivedImage | Error | undefined): boolean {
    if (!services.renderPost || image === undefined) return false;
    return image instanceof Error || image.transformation.missingRows > 0;
  }

  /** The post drawn from its markup, labelled as a rendering: the last resort after real screenshots. */
  async function renderedPost(record: CaptureRecord, read: PageAndPostRead): Promise<DerivedImage | Error | undefined> {
    try {
      const answer = v.parse(RenderAnswerSchema, await services.renderPost!(record.tab.tabId));
      if (!answer.ok) return new Error(answer.reason);
      const png = dataUrlToBytes(answer.dataUrl).bytes;
      const rect = read.post?.rect;
      return {
        png,
        transformation: {
          method: 'dom-rendering',
          region: rect ? { x: rect.x + read.page.scroll.x, y: rect.y + read.page.scroll.y, width: rect.width, height: rect.height } : { x: 0, y: 0, width: 0, height: 0 },
          scale: answer.scale,
          shots: [],
          hiddenFixedElements: 0,
          settleMs: 0,
          truncated: false,
          missingRows: 0,
          note: RENDERING_NOTE,
        },
      };
    } catch (error) {
      return error instanceof Error ? error : new Error(errorMessage(error));
    }
  }

  async function rawEmail(record: CaptureRecord, url: string): Promise<RawEmailOutcome | Error | undefined> {
    if (!services.fetchRawSource) return undefined;
    try {
      const answer = v.parse(RawSourceSchema, await services.fetchRawSource(record.tab.tabId, url));
      if (!answer.ok) return new Error(answer.reason);
      return { bytes: base64ToBytes(answer.base64), url: answer.url, from: answer.from, responseSha256: answer.responseSha256 ?? null, at: isoUtc(now()) };
    } catch (error) {
      return error instanceof Error ? error : new Error(errorMessage(error));
    }
  }

  async function resumeSnapshot(record: CaptureRecord): Promise<SnapshotOutcome | undefined> {
    if (!services.snapshotPage || isRestrictedUrl(record.summary.url)) return undefined;
    const outcome = await startSnapshot(record);
    if (outcome && !(outcome instanceof Error)) record.warnings.push('The page itself (snapshot) was saved when the capture resumed after the extension restarted, not at the key press.');
    return outcome;
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
    const read = kept && (await (await codec()).openPageRead(kept));
    if (read) return read;
    record.warnings.push('The page was read when the capture resumed after the extension restarted, not at the key press.');
    return startPageRead(record);
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

  interface RawEmailOutcome {
    bytes: Uint8Array;
    url: string;
    from: RawEmailFacts['from'];
    responseSha256: string | null;
    at: string;
  }

  interface Outcome {
    screenshot?: { bytes: Uint8Array; at: string };
    page?: PageOutcome;
    failure?: CaptureFailure;
    postImage?: DerivedImage | Error;
    postRendering?: DerivedImage | Error;
    fullPage?: DerivedImage | Error;
    snapshot?: SnapshotOutcome;
    rawEmail?: RawEmailOutcome | Error;
  }

  /** Hashes and stores every artifact and settles the record, in one transaction. */
  async function settle(record: CaptureRecord, outcome: Outcome): Promise<void> {
    const warnings = [...record.warnings];
    const read = outcome.page instanceof Error ? undefined : outcome.page;
    const page = read?.page;
    const post = read?.post ?? null;
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
    const textFile = async (role: 'text' | 'page-text', name: string, value: string, truncated: boolean, originalLength: number) => {
      const bytes = new TextEncoder().encode(value);
      const ref = await artifact(role, name, 'text/plain; charset=utf-8', bytes);
      files.push({ ref, bytes });
      return { file: ref.name, mediaType: ref.mediaType, size: ref.size, sha256: ref.sha256, truncated, originalLength };
    };
    let textFacts: CaptureMetadata['text'] = null;
    let pageTextFacts: CaptureMetadata['text'] = null;
    if (page && record.kind === 'post' && post) {
      // A post capture's text.txt holds that post's text only; the page's text is kept beside it.
      textFacts = await textFile('text', 'text.txt', post.text, post.textTruncated, post.text.length);
      pageTextFacts = await textFile('page-text', 'page-text.txt', page.text, page.textTruncated, page.textLength);
    } else if (page) {
      textFacts = await textFile('text', 'text.txt', page.text, page.textTruncated, page.textLength);
    }
    if (record.kind === 'post' && page && !post?.fields) {
      warnings.push(post?.target ? 'No post, comment, message or email was recognised around the element; the capture keeps the whole window.' : 'Nothing was under the mouse pointer, focused or selected; the capture keeps the whole window.');
    }

    const derived = async (role: 'post-image' | 'post-rendering' | 'full-page-image', name: string, image: DerivedImage | Error | undefined, what: string): Promise<DerivedImageFacts | null> => {
      if (!image) return null;
      if (image instanceof Error) {
        warnings.push(`${what} could not be made: ${image.message}`);
        return null;
      }
      const ref = await artifact(role, name, 'image/png', image.png);
      files.push({ ref, bytes: image.png });
      const { width, height } = pngSize(image.png);
      const note = image.transformation.note;
      if (note) warnings.push(`${what}: ${note}${note.endsWith('.') ? '' : '.'}`);
      return { file: ref.name, mediaType: ref.mediaType, size: ref.size, sha256: ref.sha256, width, height, transformation: image.transformation };
    };
    const postImageFacts = await derived('post-image', 'post.png', outcome.postImage, "The post's own picture");
    const postRenderingFacts = await derived('post-rendering', 'post-rendering.png', outcome.postRendering, "The rendering of the post's markup");
    const fullPageFacts = await derived('full-page-image', 'full-page.png', outcome.fullPage, 'The picture of the whole page');

    let snapshotFacts: SnapshotFacts | null = null;
    if (outcome.snapshot instanceof Error) warnings.push(`The page itself (MHTML snapshot) could not be saved: ${outcome.snapshot.message}`);
    else if (outcome.snapshot && (outcome.screenshot || page)) {
      const { snapshot, at } = outcome.snapshot;
      const name = snapshot.method === 'pageCapture.saveAsMHTML' ? 'page.mhtml' : 'page.html';
      const ref = await artifact('page-snapshot', name, snapshot.mediaType, snapshot.bytes);
      files.push({ ref, bytes: snapshot.bytes });
      snapshotFacts = { file: ref.name, mediaType: ref.mediaType, size: ref.size, sha256: ref.sha256, method: snapshot.method, takenAt: at, truncated: snapshot.truncated };
    }

    let rawEmailFacts: RawEmailFacts | null = null;
    if (outcome.rawEmail instanceof Error) warnings.push(`The email's raw source could not be kept: ${outcome.rawEmail.message}`);
    else if (outcome.rawEmail) {
      const raw = outcome.rawEmail;
      const ref = await artifact('raw-email', 'message.eml', 'message/rfc822', raw.bytes);
      files.push({ ref, bytes: raw.bytes });
      rawEmailFacts = { file: ref.name, mediaType: ref.mediaType, size: ref.size, sha256: ref.sha256, url: raw.url, fetchedAt: raw.at, from: raw.from, responseSha256: raw.responseSha256 };
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
      ...(record.kind === 'post'
        ? {
            pageText: pageTextFacts,
            post: post ? { target: post.target, extraction: post.extraction, fields: post.fields, rectInViewport: post.rect, textTruncated: post.textTruncated } : null,
            postImage: postImageFacts,
            ...(outcome.postRendering ? { postRendering: postRenderingFacts } : {}),
            rawEmail: rawEmailFacts,
          }
        : {}),
      ...(record.kind === 'full-page' ? { fullPage: fullPageFacts } : {}),
      snapshot: snapshotFacts,
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
      summary: { url, title: page?.title || record.summary.title, site: siteOf(url), ...postSummary(post?.fields ?? null) },
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
      await recordCaptureAdded(db, fallback, now).catch(() => undefined);
      pageReads.delete(record.id);
      pressed.delete(record.id);
      snapshots.delete(record.id);
      services.onSettled?.(fallback);
      return;
    }
    pageReads.delete(record.id);
    pressed.delete(record.id);
    // The chain of custody: fingerprints only (see custody-log.ts). A failure here leaves the capture intact; "Verify log" names it.
    await recordCaptureAdded(db, settled, now).catch(() => undefined);
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

/** Who wrote a post and when, for lists: the name with the handle or address, and the post's own time. */
export function postSummary(fields: PostFields | null): Pick<CaptureSummary, 'platform' | 'author' | 'postedAt'> {
  if (!fields) return {};
  const author = fields.author;
  const who = [author?.displayName, author?.handle ?? author?.address].filter(Boolean).join(' ') || fields.email?.from;
  const when = fields.postedAt?.iso ?? fields.postedAt?.displayed ?? fields.email?.date;
  return { platform: fields.platform, ...(who ? { author: who.slice(0, 300) } : {}), ...(when ? { postedAt: when.slice(0, 100) } : {}) };
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The host name of a page address, or '' when it has none. */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
