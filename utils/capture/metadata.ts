/**
 * `metadata.json` of a capture: everything recorded about it, with the SHA-256 of each of its
 * other files. The bytes written here are the bytes hashed, stored and exported.
 */
import type { CaptureFailure, CaptureKind, CaptureTrigger } from '../db/records';
import type { TimeZoneFacts } from '../format/time';
import type { PostFields } from '../sites/types';
import type { CaptureEnvironment } from './environment';
import type { Rect } from './geometry';
import type { PageRead } from './page-read';
import type { PostRead } from './post-read';

export const CAPTURE_METADATA_FORMAT = 'holdfast-capture';
export const CAPTURE_METADATA_VERSION = 1;

export interface FileFacts {
  file: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface ScreenshotFacts extends FileFacts {
  width: number;
  height: number;
  devicePixelRatio: number;
  /** How the pixels were obtained; a rendering is never passed off as a screenshot. */
  method: 'tabs.captureVisibleTab';
}

/** One real screenshot that pixels of a derived image were taken from. */
export interface SourceShot {
  /** SHA-256 of the screenshot's PNG bytes as `captureVisibleTab` returned them. */
  sha256: string;
  /** `screenshot.png` when this shot is the capture's kept screenshot; null when it was only used here. */
  keptAs: string | null;
  takenAt: string;
  /** Where the page was scrolled (CSS pixels) when the shot was taken. */
  scroll: { x: number; y: number };
  /** The pixels taken from the shot (device pixels), and where they were drawn in this image. */
  source: Rect;
  placedAt: { x: number; y: number };
  /** For a post shot while scrolling: the rows of the post (CSS pixels from its top) this slice shows. */
  rows?: { top: number; height: number };
}

/**
 * How an image that is not a single screenshot was made from real screenshots: the post cut out
 * (`crop`), or several shots taken while scrolling and put one under the other
 * (`scroll-and-stitch`). Recorded so that nobody mistakes it for one screenshot, and so that it
 * can be checked against the screenshot it was cut from.
 */
export interface ImageTransformation {
  /**
   * `dom-rendering`: not made of screenshots at all but drawn from the page's markup by
   * html2canvas-pro (`shots` is empty); it may differ from what was on screen.
   */
  method: 'crop' | 'scroll-and-stitch' | 'dom-rendering';
  /** The part of the page the image shows, CSS pixels from the top left of the document. */
  region: Rect;
  /** Device pixels per CSS pixel, as the screenshots show it. */
  scale: number;
  shots: SourceShot[];
  /** Fixed and sticky elements (headers, banners) hidden while the shots were taken, then shown again. */
  hiddenFixedElements: number;
  /** Milliseconds the page was given after each scroll for lazy content to appear. */
  settleMs: number;
  /** True when the image stops short of the region (the size cap); `note` says by how much. */
  truncated: boolean;
  /** CSS pixel rows of the region that no shot showed (left blank), e.g. when the page scrolls inside a box. */
  missingRows: number;
  note: string | null;
}

export interface DerivedImageFacts extends FileFacts {
  width: number;
  height: number;
  transformation: ImageTransformation;
}

/** The post, comment, message or email a post capture is about, as the site adapter read it. */
export interface PostFacts {
  /** How the element was chosen (pointer, focus, selection, pick mode, right-click) and what it was. */
  target: PostRead['target'];
  /** Which adapter read it, whether it fell back to the generic one, and why. */
  extraction: PostRead['extraction'];
  /** The fields as read; what the report shows. Null when no post was recognised. */
  fields: PostFields | null;
  /** The post's rectangle relative to the window at the reading, CSS pixels. */
  rectInViewport: Rect | null;
  textTruncated: boolean;
}

/** The page itself: MHTML from `pageCapture.saveAsMHTML` (Chrome), or the serialised DOM elsewhere. */
export interface SnapshotFacts extends FileFacts {
  method: 'pageCapture.saveAsMHTML' | 'serialised-dom';
  takenAt: string;
  truncated: boolean;
}

/** An email's raw source with all its headers, fetched from the webmail for the signed-in person. */
export interface RawEmailFacts extends FileFacts {
  url: string;
  fetchedAt: string;
  /** `response`: the bytes as served; `html-pre`: the text of the `<pre>` of the site's "show original" page. */
  from: 'response' | 'html-pre';
  /** SHA-256 of the whole HTML page when the source was cut from it. */
  responseSha256: string | null;
}

export interface CaptureMetadata {
  format: typeof CAPTURE_METADATA_FORMAT;
  formatVersion: typeof CAPTURE_METADATA_VERSION;
  captureId: string;
  kind: CaptureKind;
  trigger: CaptureTrigger;
  status: 'done' | 'failed';
  time: TimeZoneFacts & {
    pressedAt: string;
    pageReadAt: string | null;
    screenshotAt: string | null;
  };
  page: Omit<PageRead, 'text' | 'readAt' | 'timeZone'> & { timeZone: string } | null;
  /** The address of the tab as the browser reported it when the key was pressed. */
  tabUrlAtPress: string | null;
  screenshot: ScreenshotFacts | null;
  /** For a post capture, the post's own text; otherwise the page's text. */
  text: (FileFacts & { truncated: boolean; originalLength: number }) | null;
  /** Post captures only: the whole page's text, kept beside the post's. */
  pageText?: (FileFacts & { truncated: boolean; originalLength: number }) | null;
  /** Post captures only: what was read about the post. */
  post?: PostFacts | null;
  /** Post captures only: the post's picture, cut or stitched from real screenshots. */
  postImage?: DerivedImageFacts | null;
  /** Post captures only, and only when the screenshots could not show all of the post: a rendering of its markup. */
  postRendering?: DerivedImageFacts | null;
  /** Full-page captures only: the whole page, scrolled and stitched. */
  fullPage?: DerivedImageFacts | null;
  snapshot?: SnapshotFacts | null;
  rawEmail?: RawEmailFacts | null;
  environment: CaptureEnvironment;
  failure: CaptureFailure | null;
  warnings: string[];
}

/** The exact bytes of `metadata.json`: stable key order, two-space indent, trailing newline. */
export function encodeMetadata(metadata: CaptureMetadata): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(metadata, null, 2)}\n`);
}

/** The page facts for metadata: everything the reader returned except the whole text (its own file). */
export function pageFacts(page: PageRead): CaptureMetadata['page'] {
  const { text: _text, readAt: _readAt, ...rest } = page;
  return rest;
}
