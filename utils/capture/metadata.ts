/**
 * `metadata.json` of a capture: everything recorded about it, with the SHA-256 of each of its
 * other files. The bytes written here are the bytes hashed, stored and exported.
 */
import type { CaptureFailure, CaptureKind, CaptureTrigger } from '../db/records';
import type { TimeZoneFacts } from '../format/time';
import type { CaptureEnvironment } from './environment';
import type { PageRead } from './page-read';

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
  text: (FileFacts & { truncated: boolean; originalLength: number }) | null;
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
