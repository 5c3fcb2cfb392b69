/**
 * What the log stores. One `CaptureRecord` per press of the key (or click), one `StoredBlob` per
 * distinct sequence of bytes (content-addressed by SHA-256), one small `Thumbnail` per capture for
 * the lists. Records keep their evidence in `summary` and in the artifacts they point to, so that
 * encryption at rest can seal exactly those parts later without changing the shape of the log.
 */
import type { PageRead } from '../capture/page-read';
import type { StoredKeyring } from '../crypto/keyring';
import type { SealedItem } from '../crypto/seal';
import type { PostRead } from '../capture/post-read';

export type CaptureStatus = 'pending' | 'done' | 'failed';
/**
 * What was captured: the visible part of the page, one post/comment/message/email, or the whole
 * page scrolled and stitched.
 */
export type CaptureKind = 'page' | 'post' | 'full-page';
/** How the person asked for it; `pick` is the popup's "choose the post" mode. */
export type CaptureTrigger = 'shortcut' | 'popup' | 'context-menu' | 'pick';

/**
 * `screenshot` is always the viewport exactly as `captureVisibleTab` returned it; the others are
 * `post-image` (the post cut or stitched from real screenshots), `post-rendering` (drawn from the
 * markup, only when screenshots could not show the whole post), `full-page-image`, `page-snapshot`
 * (MHTML or serialised DOM), `raw-email` (the message source as the webmail served it) and
 * `page-text` (the whole page's text, kept beside a post's own `text`).
 */
export type ArtifactRole =
  | 'screenshot'
  | 'text'
  | 'metadata'
  | 'post-image'
  | 'post-rendering'
  | 'full-page-image'
  | 'page-snapshot'
  | 'raw-email'
  | 'page-text';

/** A file that belongs to a capture: the bytes live in `blobs` under `sha256`. */
export interface ArtifactRef {
  role: ArtifactRole;
  /** File name inside the capture's folder of an evidence bundle, e.g. `screenshot.png`. */
  name: string;
  sha256: string;
  size: number;
  mediaType: string;
  /**
   * Only in an encrypted log: the random id under which the sealed bytes are kept in
   * `sealedBlobs`. A ref that carries it lives only inside a capture's sealed content, so that the
   * SHA-256 of the plaintext is never on disk in the clear (it would let anyone holding a copy of
   * a screenshot confirm it is in the log).
   */
  blobId?: string;
}

/** What lists show for a capture, copied from the page at capture time. */
export interface CaptureSummary {
  url: string;
  title: string;
  /** Host name of the page, e.g. `twitter.com`. */
  site: string;
  /** For a post capture: the adapter that read it, e.g. `x`, `gmail`, `generic`. */
  platform?: string;
  /** For a post capture: who wrote it, as the page showed it (name and handle or address). */
  author?: string;
  /** For a post capture: the post's own time, machine-readable when the page gave one, else as displayed. */
  postedAt?: string;
}

export interface CaptureFailure {
  /** Stable machine-readable cause, e.g. `restricted-page`, `tab-closed`. */
  code: string;
  /** Plain words for the person, shown in the popup. */
  reason: string;
  /** The browser's own error message, kept for whoever investigates. */
  detail?: string;
  at: string;
}

export interface CaptureRecord {
  /** Random UUID: stays the same across export and import. */
  id: string;
  kind: CaptureKind;
  trigger: CaptureTrigger;
  status: CaptureStatus;
  /** When the key was pressed (or the button clicked), UTC ISO 8601 with milliseconds. */
  pressedAt: string;
  /** When the screenshot was taken; absent until it was. */
  screenshotAt?: string;
  /** When the capture was hashed and written to the log. */
  storedAt?: string;
  /** The tab the person was looking at when they pressed. */
  tab: { tabId: number; windowId: number };
  /**
   * Post captures whose element was chosen before the press: by the pick mode, or by the
   * right-click menu (Firefox gives the element's id). Absent: the element under the pointer.
   */
  chosenBy?: { source: 'picked' | 'context-menu'; targetElementId?: number };
  summary: CaptureSummary;
  artifacts: ArtifactRef[];
  /** How many times processing started; a capture is never retried forever. */
  attempts: number;
  failure?: CaptureFailure;
  /** Things that did not go as planned but did not stop the capture. */
  warnings: string[];
  /**
   * Present when the capture came into this log from an evidence bundle rather than a key press
   * on this device: when it was imported, and the SHA-256 of the bundle's `manifest.json`.
   */
  imported?: { at: string; bundleDigest: string };
  /**
   * Only in an encrypted log: the capture's evidence (summary, artifact refs with their hashes,
   * warnings, the failure's detail) sealed to the log's public key; the clear fields above then
   * hold placeholders. Open it with `openCapture` (utils/db/evidence-codec.ts).
   */
  sealed?: SealedCaptureContent;
}

/** A capture's evidence, sealed. */
export interface SealedCaptureContent {
  /** Key id of the log key it is sealed to. */
  keyId: string;
  /** JSON of `CaptureContent` (evidence-codec.ts), sealed with the capture id as associated data. */
  content: SealedItem;
}

/** The bytes of one artifact, stored once however many captures point to them. */
export interface StoredBlob {
  sha256: string;
  mediaType: string;
  size: number;
  data: Blob;
}

/** A small preview for lists. Derived from the screenshot; not evidence, never exported. */
export interface Thumbnail {
  captureId: string;
  /** The WebP preview; in an encrypted log (`keyId` set), an encoded sealed item holding it. */
  data: Blob;
  /** Only in an encrypted log: the key id `data` is sealed to. */
  keyId?: string;
}

/** A page read that arrived while a capture was pending, kept so a worker restart loses nothing. */
export type PendingPageRead = ClearPendingPageRead | SealedPendingPageRead;

export interface ClearPendingPageRead {
  captureId: string;
  page: PageRead;
  /** Post captures: the post read at the same moment. */
  post?: PostRead | null;
}

/** In an encrypted log: the page read sealed to the log key (it can be opened only while unlocked). */
export interface SealedPendingPageRead {
  captureId: string;
  keyId: string;
  sealedPage: SealedItem;
}

/** Version 4: the keyring of an encrypted log. Plain JSON with no secret in the clear. */
export interface KeyringRow {
  id: 'log';
  keyring: StoredKeyring;
}

/** Version 4: one artifact's bytes sealed to the log key (an encoded sealed item). */
export interface SealedBlob {
  /** Random id; the artifact's SHA-256 is kept inside the capture's sealed content. */
  id: string;
  /** The capture it belongs to (bound into the sealing as associated data). */
  captureId: string;
  keyId: string;
  /** `encodeSealedItem` bytes; the plaintext is the artifact's exact bytes. */
  data: Blob;
}
