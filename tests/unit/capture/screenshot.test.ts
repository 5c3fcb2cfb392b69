import { describe, expect, it } from 'vitest';
import { createPacer, dataUrlToBytes, isQuotaError, pngSize } from '@/utils/capture/screenshot';
import { classifyError, isRestrictedUrl } from '@/utils/capture/failures';
import { makePng, pngDataUrl } from '../support/png';

describe('screenshots', () => {
  it('decodes the exact PNG bytes from a data URL and reads their pixel size', () => {
    const png = makePng(17, 9);
    const { bytes, mediaType } = dataUrlToBytes(pngDataUrl(png));
    expect(mediaType).toBe('image/png');
    expect(Buffer.from(bytes).equals(Buffer.from(png))).toBe(true);
    expect(pngSize(bytes)).toEqual({ width: 17, height: 9 });
  });

  it('rejects what is not a base64 PNG', () => {
    expect(() => dataUrlToBytes('data:image/png,raw')).toThrow(/unexpected form/);
    expect(() => pngSize(new Uint8Array(30))).toThrow(/not a PNG/);
  });

  it('spaces calls at least the interval apart', async () => {
    let clock = 0;
    const calls: number[] = [];
    const pacer = createPacer(
      () => clock,
      async (ms) => {
        clock += ms;
      },
      500,
    );
    for (let i = 0; i < 4; i++) await pacer.run(async () => calls.push(clock));
    expect(calls).toEqual([0, 500, 1000, 1500]);
  });

  it('gives up on an error that is not the quota error', async () => {
    const pacer = createPacer(() => 0, async () => undefined);
    await expect(pacer.run(async () => Promise.reject(new Error('No tab with id: 4')))).rejects.toThrow('No tab');
    expect(isQuotaError(new Error('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.'))).toBe(true);
  });
});

describe('failures', () => {
  it('knows the pages no extension may capture', () => {
    for (const url of ['chrome://settings', 'chrome-extension://abc/popup.html', 'https://chromewebstore.google.com/detail/x', 'about:blank', 'view-source:https://a.example', 'https://addons.mozilla.org/en-US/firefox/']) {
      expect(isRestrictedUrl(url), url).toBe(true);
    }
    for (const url of ['https://x.com/someone/status/1', 'http://127.0.0.1:8080/', undefined]) expect(isRestrictedUrl(url)).toBe(false);
  });

  it('sorts browser errors into reasons', () => {
    expect(classifyError(new Error('No tab with id: 12.'))).toBe('tab-closed');
    expect(classifyError(new Error('Cannot access a chrome:// URL'))).toBe('restricted-page');
    expect(classifyError(new Error('The extensions gallery cannot be scripted.'))).toBe('restricted-page');
    expect(classifyError(new Error("Either the '<all_urls>' or 'activeTab' permission is required."))).toBe('no-access');
    expect(classifyError(Object.assign(new Error('full'), { name: 'QuotaExceededError' }))).toBe('screenshot-failed');
    expect(classifyError(new Error('QuotaExceededError: disk full'))).toBe('storage-full');
  });
});
