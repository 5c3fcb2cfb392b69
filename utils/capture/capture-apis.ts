/**
 * Which capture APIs this browser gives Holdfast, found by looking for them (never by reading the
 * user-agent string). Recorded in every capture's metadata so that a reader knows why a capture
 * was made the way it was, and used to pace screenshots only where the browser limits them.
 */
export interface CaptureApis {
  /** `tabs.captureVisibleTab`: the pixels of the tab in front of a window (all browsers, under activeTab). */
  captureVisibleTab: boolean;
  /**
   * Screenshots a second the browser allows (`tabs.MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND`,
   * 2 in Chrome); null where the browser sets no limit (Firefox).
   */
  screenshotsPerSecond: number | null;
  /**
   * `tabs.captureTab`: the pixels of one given tab (Firefox). Firefox offers it only to extensions
   * with access to all sites (`<all_urls>`), which Holdfast never asks for, so it is false there.
   */
  captureTab: boolean;
  /** `pageCapture.saveAsMHTML`: the page as one MHTML file (Chrome); missing in Firefox. */
  saveAsMhtml: boolean;
}

/** The parts of the `browser` object looked at; passed in so that any browser can be described. */
export interface ExtensionApiSurface {
  tabs?: object;
  pageCapture?: object;
}

/** Looks for each capture API on the extension's `browser` object. */
export function detectCaptureApis(api: ExtensionApiSurface): CaptureApis {
  const tabs = (api.tabs ?? {}) as Record<string, unknown>;
  const limit = tabs.MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND;
  return {
    captureVisibleTab: typeof tabs.captureVisibleTab === 'function',
    screenshotsPerSecond: typeof limit === 'number' && limit > 0 ? limit : null,
    captureTab: typeof tabs.captureTab === 'function',
    saveAsMhtml: typeof (api.pageCapture as Record<string, unknown> | undefined)?.saveAsMHTML === 'function',
  };
}

/**
 * The spacing between two screenshots: a little over 1/limit of a second where the browser
 * limits them (505 ms for Chrome's 2 a second, as `SCREENSHOT_INTERVAL_MS`), none where it does not (Firefox), so that a burst
 * of presses is captured as fast as the person presses.
 */
export function screenshotIntervalMs(screenshotsPerSecond: number | null): number {
  if (screenshotsPerSecond === null) return 0;
  return Math.ceil(1000 / screenshotsPerSecond) + 5;
}
