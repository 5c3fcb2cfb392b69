/**
 * The chain of custody end to end, in real Chromium with the production build: two captures, a
 * note edited and a capture deleted (with its reason) in the dashboard, an export; verify.html
 * opened from file:// reports the chain intact and the deletion as a tombstone, then names the
 * event edited inside the bundle. "Verify log" in the dashboard reports all good, then names the
 * capture and file whose stored bytes the test changes through IndexedDB.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Event {
  seq: number;
  type: string;
  payload?: Record<string, unknown>;
  payloadSha256: string;
}

async function captureThroughPopup(browser: ExtensionBrowser, server: FixtureServer, path: string, expected: number): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(server.url(path));
  await page.bringToFront();
  await clickToolbarButton(browser, page);
  const popup = await openExtensionWindow(browser, 'popup.html');
  await popup.getByRole('button', { name: 'Capture this page' }).click();
  await waitForSettled(await currentWorker(browser), expected);
  await popup.close();
}

async function custodyTypes(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('holdfast');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('custody').objectStore('custody').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as Event[]).map((e) => e.type));
          };
        };
      }),
  );
}

describe('chain of custody (production build, real Chromium)', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let viewer: Browser;
  let bundleDir: string;
  let kept: { id: string; screenshot: string };
  let deletedId: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
    viewer = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await viewer?.close();
    await browser?.close();
    await server?.close();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  it('records captures, a note edit and a deletion with its reason, and exports them', async () => {
    await captureThroughPopup(browser, server, 'article.html', 1);
    await captureThroughPopup(browser, server, 'direct-message.html', 2);
    const log = await waitForSettled(await currentWorker(browser), 2);
    const article = log.find((c) => c.summary.url.endsWith('article.html'))!;
    const message = log.find((c) => c.summary.url.endsWith('direct-message.html'))!;
    kept = { id: article.id, screenshot: article.artifacts.find((a) => a.role === 'screenshot')!.sha256 };
    deletedId = message.id;

    const dashboard = await openExtensionTab(browser, 'dashboard.html');
    await dashboard.locator('li.log-row').nth(1).waitFor();
    await dashboard.locator('li.log-row .log-row__open', { hasText: 'Community board' }).click();
    await dashboard.getByRole('textbox', { name: /^Note/ }).fill('Posted the day after I moved.');
    await dashboard.getByRole('button', { name: 'Save note' }).click();
    await dashboard.getByText('Note saved.').waitFor();
    await dashboard.getByRole('button', { name: 'Back to the list' }).click();

    // Deleting asks for a reason and a confirmation.
    await dashboard.locator('li.log-row .log-row__open', { hasText: 'Messages' }).click();
    await dashboard.getByRole('button', { name: 'Delete this capture…' }).click();
    await dashboard.getByRole('button', { name: 'Delete for good' }).click();
    await dashboard.getByText('Write a reason first; it is kept in the log with the deletion.').waitFor();
    await dashboard.getByRole('textbox', { name: 'Why are you deleting it? (kept in the log)' }).fill('Captured the wrong conversation');
    await dashboard.getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(() => dashboard.locator('li.log-row').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => custodyTypes(dashboard), { timeout: 10_000 }).toEqual(['capture-added', 'capture-added', 'field-edited', 'capture-deleted']);
    await dashboard.close();

    const { zipPath } = await exportThroughUi(browser);
    const { dir, files } = unzipBundle(zipPath);
    bundleDir = dir;
    const events = JSON.parse(new TextDecoder().decode(files['custody/events.json'])).events as Event[];
    expect(events.map((e) => e.type)).toEqual(['capture-added', 'capture-added', 'field-edited', 'capture-deleted']);
    expect(events[2].payload).toMatchObject({ subject: { kind: 'capture', id: kept.id }, field: 'note', oldValue: null, newValue: 'Posted the day after I moved.' });
    expect(events[3].payload).toMatchObject({ captureId: deletedId, reason: 'Captured the wrong conversation' });
    for (const path of ['signing-key.jwk.json', 'custody/chain-head.json', 'custody/chain-head.sig', 'custody/statements.json', 'custody/statement-signatures.json', 'manifest.sig']) expect(files[path], path).toBeDefined();
  });

  async function verifyFolder(page: Page) {
    await page.evaluate(() => document.getElementById('results')!.replaceChildren());
    await page.locator('#folder').setInputFiles(bundleDir);
    await page.locator('#verdict').waitFor({ timeout: 30_000 });
    const section = (id: string) =>
      page.evaluate((which) => {
        const s = document.querySelector(`section[data-check="${which}"]`)!;
        return { text: s.textContent ?? '', findings: [...s.querySelectorAll('ul.findings li')].map((li) => li.textContent ?? '') };
      }, id);
    return { verdict: (await page.locator('#verdict').textContent()) ?? '', custody: await section('custody'), signatures: await section('signatures') };
  }

  it('verify.html from file:// reports the chain intact with the tombstone, then the event edited in the bundle', async () => {
    const page = await viewer.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(bundleDir, 'verify.html')).href);
    const intact = await verifyFolder(page);
    expect(intact.verdict).toMatch(/^All \d+ files are exactly as they were exported/);
    expect(intact.custody.text).toContain('The chain of custody is intact: 4 events');
    expect(intact.custody.findings).toEqual([expect.stringMatching(new RegExp(`^Tombstone: capture ${deletedId} was deleted on .*\\(custody event 4\\)\\. Reason given: "Captured the wrong conversation"`))]);
    expect(intact.signatures.text).toContain('All 3 signatures are valid'); // manifest.json, the chain head, the one capture's statement

    const path = join(bundleDir, 'custody/events.json');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.events[2].payload.newValue = 'Something I never wrote.';
    writeFileSync(path, JSON.stringify(file, null, 2));
    const broken = await verifyFolder(page);
    expect(broken.custody.text).toContain('The chain of custody is broken');
    expect(broken.custody.findings).toContain('Custody event 3 (field-edited) was changed after it was written: its details no longer match their fingerprint.');
    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    await page.close();
  });

  it('"Verify log" reports all good, then names the capture and file whose stored bytes were changed', async () => {
    const dashboard = await openExtensionTab(browser, 'dashboard.html#export');
    await dashboard.getByRole('button', { name: 'Verify log' }).click();
    await dashboard.getByText(/^All good: 1 captures, \d+ files and 5 custody events are exactly as recorded/).waitFor({ timeout: 30_000 });

    await dashboard.evaluate(
      (sha) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('holdfast');
          open.onsuccess = () => {
            const store = open.result.transaction('blobs', 'readwrite').objectStore('blobs');
            const get = store.get(sha);
            get.onsuccess = () => {
              const put = store.put({ ...get.result, data: new Blob([new TextEncoder().encode('not the screenshot')], { type: 'image/png' }) });
              put.onsuccess = () => resolve();
              put.onerror = () => reject(put.error);
            };
          };
          open.onerror = () => reject(open.error);
        }),
      kept.screenshot,
    );
    await dashboard.getByRole('button', { name: 'Verify log' }).click();
    await dashboard.getByText('1 problems found. Each is listed with where it is:').waitFor({ timeout: 30_000 });
    const problems = await dashboard.locator('.verify-log__problems li').allTextContents();
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^Capture ${kept.id}, file screenshot\\.png: the file was changed after it was captured`))]);
    await dashboard.close();
  });
});
