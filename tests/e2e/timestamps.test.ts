/**
 * Trusted timestamps end to end, in real Chromium with the production build: a local RFC 3161
 * authority (`openssl ts`, tests/support/tsa) on 127.0.0.1; the person turns timestamps on in
 * the settings page (the browser asks for the authority's site as an optional host permission),
 * captures a page; the worker stores a token for the capture's custody event; the export carries
 * it, and verify.html from file:// shows it matching its event.
 *
 * The permission prompt is the browser's own dialog, out of Playwright's reach (and it never
 * answers in headless mode). So the browser runs headed on Xvfb and the test answers the dialog
 * as a person would with the keyboard: Tab from the focused "Deny" to "Allow", then Return.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslMissing, startLocalTsa, type LocalTsa } from '../support/tsa/local-tsa';
import {
  CHROMIUM,
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
import { findWindow, pressKeys, pressSequence, startXvfb, type Display } from './xvfb';

interface StoredTimestamp {
  seq: number;
  eventHash: string;
  state: string;
  genTime?: string;
}

function timestampRows(page: Page): Promise<StoredTimestamp[]> {
  return page.evaluate(
    () =>
      new Promise<StoredTimestamp[]>((resolve, reject) => {
        const open = indexedDB.open('holdfast');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('timestamps').objectStore('timestamps').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as StoredTimestamp[]).map(({ seq, eventHash, state, genTime }) => ({ seq, eventHash, state, genTime })));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

describe('trusted timestamps (production build, real Chromium, local openssl authority)', () => {
  let tsa: LocalTsa;
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let viewer: Browser;
  let bundleDir: string;
  let display: Display;

  beforeAll(async () => {
    const missing = await opensslMissing();
    if (missing) throw new Error(missing);
    tsa = await startLocalTsa();
    server = await startFixtureServer();
    display = await startXvfb();
    browser = await launchWithExtension({ headless: false, env: { DISPLAY: display.name }, viewport: null, extraArgs: ['--window-size=1280,900', '--window-position=0,0'] });
    viewer = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await viewer?.close();
    await browser?.close();
    await server?.close();
    await tsa?.close();
    await display?.close();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  it('is off by default and turns on in the settings page, asking for the authority only', async () => {
    const settings = await openExtensionTab(browser, 'settings.html');
    await settings.getByText('Trusted timestamps are off. Nothing is sent anywhere.').waitFor();
    await settings.getByRole('checkbox', { name: 'Get a trusted timestamp for each new capture' }).check();
    await settings.getByRole('combobox', { name: 'Timestamp authority' }).selectOption('custom');
    // A bad address gets a clear error, and nothing is asked or saved.
    await settings.getByRole('textbox', { name: 'Address of the timestamp authority' }).fill('http://tsa.example/tsr');
    await settings.getByRole('button', { name: 'Use this authority' }).click();
    await settings.getByRole('alert').getByText(/This address cannot be used/).waitFor();
    await settings.getByRole('textbox', { name: 'Address of the timestamp authority' }).fill(tsa.url);
    await settings.getByRole('button', { name: 'Use this authority' }).click();
    // The browser's prompt ("Read and change your data on 127.0.0.1"); its buttons wake after a moment.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await settings.getByText('Saved. New captures will get a trusted timestamp.').count()).toBe(0);
    pressKeys(display, findWindow(display, 'Chromium'), 'Tab');
    await pressSequence(display, ['Return']);
    await settings.getByText('Saved. New captures will get a trusted timestamp.').waitFor({ timeout: 15_000 });
    await settings.getByText(`Trusted timestamps are on. Authority: ${tsa.url}.`).waitFor();
    const granted = await browser.worker.evaluate(() => chrome.permissions.getAll());
    expect(granted.origins).toEqual(['http://127.0.0.1/*']);
    await settings.close();
  });

  it('a capture gets a token for its custody event, exported and shown matching in verify.html', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('article.html'));
    await page.bringToFront();
    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.getByRole('button', { name: 'Capture this page' }).click();
    const worker = await currentWorker(browser);
    await waitForSettled(worker, 1);
    await popup.close();
    const settings = await openExtensionTab(browser, 'settings.html');
    await expect.poll(async () => (await timestampRows(settings)).map((r) => r.state), { timeout: 20_000 }).toEqual(['stamped']);
    await settings.getByText('1 captures have a trusted timestamp; 0 are waiting.').waitFor({ timeout: 10_000 });
    await settings.close();
    expect(tsa.requestCount).toBe(1);

    const { zipPath } = await exportThroughUi(browser);
    const { dir, files } = unzipBundle(zipPath);
    bundleDir = dir;
    const index = JSON.parse(new TextDecoder().decode(files['timestamps/index.json']));
    const events = JSON.parse(new TextDecoder().decode(files['custody/events.json'])).events as { seq: number; type: string; hash: string }[];
    const added = events.find((e) => e.type === 'capture-added')!;
    expect(index.tokens).toEqual([expect.objectContaining({ seq: added.seq, eventHash: added.hash, authority: tsa.url, file: `timestamps/${String(added.seq).padStart(4, '0')}.tst` })]);
    expect(files[index.tokens[0].file].byteLength).toBeGreaterThan(500);

    const verifier = await viewer.newPage();
    await verifier.goto(pathToFileURL(join(bundleDir, 'verify.html')).href);
    await verifier.locator('#folder').setInputFiles(bundleDir);
    await verifier.locator('#verdict').waitFor({ timeout: 30_000 });
    const section = await verifier.evaluate(() => {
      const s = document.querySelector('section[data-check="timestamps"]')!;
      return { text: s.textContent ?? '', findings: [...s.querySelectorAll('ul.findings li')].map((li) => li.textContent ?? '') };
    });
    expect(section.text).toContain('All 1 trusted timestamps match their custody events.');
    expect(section.findings[0]).toMatch(new RegExp(`^Event ${added.seq}: MATCHES\\. Timestamped at ${index.tokens[0].genTime} \\(UTC\\) by .*Holdfast`));
    expect(await verifier.locator('#verdict').textContent()).toMatch(/^All \d+ files are exactly as they were exported/);
  });
});
