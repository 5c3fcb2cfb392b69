import { describe, expect, it } from 'vitest';
import { detectCaptureApis, screenshotIntervalMs } from '@/utils/capture/capture-apis';
import { SCREENSHOT_INTERVAL_MS } from '@/utils/capture/screenshot';

const fn = () => undefined;

describe('detectCaptureApis', () => {
  it("describes Chrome: captureVisibleTab limited to 2 a second, pageCapture when it is granted, no captureTab", () => {
    const chromeLike = { tabs: { captureVisibleTab: fn, MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND: 2 }, pageCapture: { saveAsMHTML: fn } };
    expect(detectCaptureApis(chromeLike)).toEqual({ captureVisibleTab: true, screenshotsPerSecond: 2, captureTab: false, saveAsMhtml: true });
  });

  it('describes Firefox under activeTab: captureVisibleTab without a limit, no captureTab, no pageCapture', () => {
    // Firefox 153 exposes tabs.captureTab only with <all_urls> and has no pageCapture at all.
    expect(detectCaptureApis({ tabs: { captureVisibleTab: fn } })).toEqual({ captureVisibleTab: true, screenshotsPerSecond: null, captureTab: false, saveAsMhtml: false });
  });

  it('sees captureTab where the browser offers it', () => {
    expect(detectCaptureApis({ tabs: { captureVisibleTab: fn, captureTab: fn } }).captureTab).toBe(true);
  });

  it('reports nothing for a browser without the APIs, and ignores a limit that is not a positive number', () => {
    expect(detectCaptureApis({})).toEqual({ captureVisibleTab: false, screenshotsPerSecond: null, captureTab: false, saveAsMhtml: false });
    expect(detectCaptureApis({ tabs: { MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND: '2' } }).screenshotsPerSecond).toBeNull();
    expect(detectCaptureApis({ tabs: { MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND: 0 } }).screenshotsPerSecond).toBeNull();
  });
});

describe('screenshotIntervalMs', () => {
  it("keeps Chrome's pacing exactly as before", () => {
    expect(screenshotIntervalMs(2)).toBe(SCREENSHOT_INTERVAL_MS);
  });

  it('stays just over the limit for other limits', () => {
    expect(screenshotIntervalMs(4)).toBe(255);
    expect(screenshotIntervalMs(3) * 3).toBeGreaterThan(1000);
  });

  it('does not pace where the browser sets no limit', () => {
    expect(screenshotIntervalMs(null)).toBe(0);
  });
});
