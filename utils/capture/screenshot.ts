/**
 * Screenshots with `tabs.captureVisibleTab`, which Chrome allows at most twice a second per
 * extension (`MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND`); a refused call still uses a slot.
 * The pacer spaces calls and retries refusals so that a burst of presses keeps every one.
 */

/** Spacing between two calls; a little over half a second keeps us under 2 per second. */
export const SCREENSHOT_INTERVAL_MS = 505;
const QUOTA_RETRY_MS = 250;
const MAX_QUOTA_RETRIES = 12;

export interface Pacer {
  /** Runs `take` when a slot is free; retries while the browser answers with its quota error. */
  run<T>(take: () => Promise<T>): Promise<T>;
}

export function createPacer(
  now: () => number = () => Date.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  intervalMs = SCREENSHOT_INTERVAL_MS,
): Pacer {
  let nextSlot = 0;
  return {
    async run(take) {
      for (let attempt = 0; ; attempt += 1) {
        const wait = nextSlot - now();
        if (wait > 0) await sleep(wait);
        nextSlot = now() + intervalMs;
        try {
          return await take();
        } catch (error) {
          if (!isQuotaError(error) || attempt >= MAX_QUOTA_RETRIES) throw error;
          nextSlot = Math.max(nextSlot, now() + QUOTA_RETRY_MS);
        }
      }
    },
  };
}

/** Chrome: "This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota." */
export function isQuotaError(error: unknown): boolean {
  return /MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND|exceeds.*quota/i.test(errorMessage(error));
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

/** The bytes inside a `data:image/png;base64,…` URL, exactly as the browser encoded them. */
export function dataUrlToBytes(dataUrl: string): { bytes: Uint8Array; mediaType: string } {
  const match = /^data:([^;,]+)(;base64)?,/.exec(dataUrl);
  if (!match || !match[2]) throw new Error('The browser returned a screenshot in an unexpected form');
  const binary = atob(dataUrl.slice(match[0].length));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return { bytes, mediaType: match[1] };
}

/** Width and height from a PNG's IHDR chunk, without decoding the image. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) throw new Error('The screenshot is not a PNG image');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
