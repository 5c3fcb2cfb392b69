import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import {
  clickToolbarButton,
  currentWorker,
  exportThroughUi,
  launchWithExtension,
  openExtensionTab,
  openExtensionWindow,
  startFixtureServer,
  unzipBundle,
  waitForSettled,
  type ExtensionBrowser,
  type FixtureServer,
} from './harness';

/**
 * Nothing leaves the device: over a whole capture-and-export run, and a visit to every page of the
 * extension, the extension's own targets (its service worker and its pages) request nothing but
 * the extension's own files. Requests of the web page being captured are the page's, not ours.
 */
describe('the extension makes no network request of its own (production build)', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  const ours: { url: string; from: string }[] = [];

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
    const origin = `chrome-extension://${browser.extensionId}/`;
    browser.context.on('request', (request: Request) => {
      let from = request.serviceWorker()?.url() ?? '';
      if (!from) {
        try {
          from = request.frame().url();
        } catch {
          from = '';
        }
      }
      if (from.startsWith(origin)) ours.push({ url: request.url(), from });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const outside = () => ours.filter((r) => !r.url.startsWith(`chrome-extension://${browser.extensionId}/`) && !/^(blob|data):/.test(r.url));

  it('sees the worker\'s and the pages\' own requests (the watch works)', async () => {
    const worker = await currentWorker(browser);
    await worker.evaluate(() => fetch(chrome.runtime.getURL('/manifest.json')).then((r) => r.status));
    const settings = await openExtensionTab(browser, 'settings.html');
    await settings.getByRole('heading', { name: 'Safety and privacy' }).waitFor();
    await expect.poll(() => ours.some((r) => r.url.endsWith('/manifest.json') && r.from.endsWith('/background.js'))).toBe(true);
    await expect.poll(() => ours.some((r) => r.from.endsWith('/settings.html') && r.url.endsWith('.js'))).toBe(true);
    // Typing a passphrase loads the strength checker's dictionaries: from the extension itself.
    await settings.getByLabel('New passphrase').fill('a passphrase to rate');
    await settings.getByText(/^Strength: /).waitFor();
    await settings.close();
  });

  it('requests nothing outside the extension over a capture, the popup, the log, the settings and an export', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('article.html'));
    await page.bringToFront();
    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.getByRole('button', { name: 'Capture this page' }).click();
    const [capture] = await waitForSettled(popup, 1);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    await popup.getByText('Saved to your log.').waitFor();

    const { zipPath } = await exportThroughUi(browser);
    expect(Object.keys(unzipBundle(zipPath).files)).toContain('manifest.json');
    const settings = await openExtensionTab(browser, 'settings.html');
    await settings.getByRole('heading', { name: 'Keeping your log' }).waitFor();
    await settings.close();
    await popup.close();

    expect(ours.length).toBeGreaterThan(5);
    expect(outside()).toEqual([]);
  });
});
