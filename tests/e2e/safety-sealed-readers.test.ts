/**
 * With encryption on, every reader of the log goes through the evidence codec (production build,
 * real Chromium): captures made while locked are listed in the popup after unlocking there, with
 * their previews; the dashboard shows the lock screen while locked and finds page text only once
 * unlocked; an export of the sealed log passes `sha256sum -c` and verify.html; a bundle imported
 * into another encrypted profile while it is locked is sealed on disk and listed after unlock.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  clickToolbarButton,
  currentWorker,
  exportThroughUi,
  launchWithExtension,
  openExtensionTab,
  openExtensionWindow,
  readLog,
  startFixtureServer,
  unzipBundle,
  waitForSettled,
  type ExtensionBrowser,
  type FixtureServer,
} from './harness';
import { filesContaining, indexedDbFiles } from './sealed-disk';

const PASSPHRASE = 'amber lantern ninety owls';

/** Turns encryption on in the settings page and locks the log; returns the settings page. */
async function encryptAndLock(browser: ExtensionBrowser): Promise<Page> {
  const settings = await openExtensionTab(browser, 'settings.html');
  await settings.getByLabel('New passphrase').fill(PASSPHRASE);
  await settings.getByLabel('Type it again').fill(PASSPHRASE);
  await settings.getByText(/Strength: very strong/).waitFor();
  await settings.getByRole('button', { name: 'Turn on encryption' }).click();
  await settings.locator('.recovery-sheet__key').waitFor({ timeout: 30_000 });
  await settings.getByLabel('I have printed it or written it down').check();
  await settings.getByRole('button', { name: 'Done' }).click();
  await settings.getByRole('button', { name: 'Lock now' }).click();
  await settings.getByText(/The log is locked\. New captures are kept encrypted/).waitFor();
  return settings;
}

/** Unlocks with the passphrase through the unlock form shown where the log would be. */
async function unlockHere(page: Page): Promise<void> {
  const form = page.locator('.locked-log');
  await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Unlock', exact: true }).click();
  await form.waitFor({ state: 'detached', timeout: 30_000 });
}

describe('the log read through the evidence codec (encryption on, production build)', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  let other: ExtensionBrowser | undefined;
  // One word each (MiniSearch splits on '-'), in the page's heading (its text) and title.
  const markers = [`pagetext${crypto.randomUUID().replaceAll('-', '')}`, `pagetext${crypto.randomUUID().replaceAll('-', '')}`];
  const noteMarker = `notetext${crypto.randomUUID().replaceAll('-', '')}`;
  let zipPath = '';

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await other?.close();
    await browser?.close();
    await server?.close();
  });

  it('captures two pages while locked; the popup says so with an unlock form, and after unlocking there lists both with previews', async () => {
    const settings = await encryptAndLock(browser);
    await settings.close();
    for (const [index, marker] of markers.entries()) {
      const page = await browser.context.newPage();
      await page.goto(server.url(`marked.html?m=${marker}`));
      await page.bringToFront();
      await clickToolbarButton(browser, page);
      const popup = await openExtensionWindow(browser, 'popup.html');
      await popup.getByRole('button', { name: 'Capture this page' }).click();
      const log = await waitForSettled(await currentWorker(browser), index + 1);
      expect(log.at(-1)!.status, JSON.stringify(log.at(-1)!.failure)).toBe('done');
      await popup.close();
      await page.close();
    }
    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.getByText('Your log is locked').waitFor();
    await popup.getByText('2 captures are encrypted. Unlock the log to see them.').waitFor();
    expect(await popup.locator('.capture--sealed').count()).toBe(2);
    expect(await popup.getByText(`Marked ${markers[0]}`).count()).toBe(0);

    await unlockHere(popup);
    for (const marker of markers) await popup.getByText(`Marked ${marker}`).waitFor({ timeout: 30_000 });
    await expect.poll(() => popup.locator('img.thumb').count(), { timeout: 30_000 }).toBe(2);
    expect(await popup.locator('.capture--sealed').count()).toBe(0);
    // Lock from the popup: the rows give way to the lock panel at once.
    await popup.getByRole('button', { name: 'Lock now' }).click();
    await popup.getByText('Your log is locked').waitFor();
    expect(await popup.getByText(`Marked ${markers[0]}`).count()).toBe(0);
    await popup.close();
  });

  it('the dashboard shows the lock screen while locked, finds page text and notes only after unlock, keeps neither on disk, and locks again at once', async () => {
    const dashboard = await openExtensionTab(browser, 'dashboard.html');
    await dashboard.getByText('2 captures are encrypted. Unlock the log to see them.').waitFor();
    expect(await dashboard.getByRole('searchbox', { name: 'Search your log' }).count()).toBe(0);
    await unlockHere(dashboard);
    const search = dashboard.getByRole('searchbox', { name: 'Search your log' });
    await search.fill(markers[1]);
    await expect.poll(() => dashboard.locator('.log-row').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining(`Marked ${markers[1]}`)]);
    // A note with a marker of its own, written while unlocked.
    await dashboard.locator('.log-row__open').first().click();
    await dashboard.getByLabel('Note (only you see it; it goes into exports)').fill(`Said again: ${noteMarker}`);
    await dashboard.getByRole('button', { name: 'Save note' }).click();
    await dashboard.getByText('Note saved.').waitFor();
    await search.fill(noteMarker);
    await expect.poll(() => dashboard.locator('.log-row').count(), { timeout: 30_000 }).toBe(1);
    await dashboard.getByRole('button', { name: 'Lock now' }).click();
    await dashboard.getByText('2 captures are encrypted. Unlock the log to see them.').waitFor();
    expect(await dashboard.locator('.log-row').count()).toBe(0);
    expect(await dashboard.getByText(`Marked ${markers[1]}`).count()).toBe(0);
    await dashboard.close();

    // Nothing of the page text reached the disk, though the dashboard indexed it.
    await new Promise((r) => setTimeout(r, 1_000));
    const files = indexedDbFiles(browser.userDataDir, browser.extensionId);
    for (const marker of [...markers, noteMarker]) expect(filesContaining(files, marker)).toEqual([]);
  });

  it('export needs the unlocked log; the bundle of the sealed log passes sha256sum -c and verify.html', async () => {
    const dashboard = await openExtensionTab(browser, 'dashboard.html#export');
    await dashboard.getByText('An export holds the captures as they were taken, so the log must be unlocked to make one.').waitFor();
    expect(await dashboard.getByRole('button', { name: 'Export', exact: true }).isDisabled()).toBe(true);
    await unlockHere(dashboard);
    await dashboard.close();

    ({ zipPath } = await exportThroughUi(browser));
    const { dir, files } = unzipBundle(zipPath);
    expect(execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toBe('');
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { captures: { title: string; folder: string }[] };
    expect(manifest.captures.map((c) => c.title).sort()).toEqual(markers.map((m) => `Marked ${m}`).sort());
    expect(new TextDecoder().decode(files[`${manifest.captures[0]!.folder}/text.txt`])).toContain('A message that must be kept');

    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(join(dir, 'verify.html')).href);
    await page.locator('#folder').setInputFiles(dir);
    await page.locator('#verdict').waitFor({ timeout: 60_000 });
    expect(await page.locator('#verdict').textContent()).toMatch(/^All \d+ files are exactly as they were exported\./);
    await page.close();
  });

  it('a bundle imported into another encrypted profile while it is locked is sealed on disk and listed after unlock', async () => {
    other = await launchWithExtension();
    const settings = await encryptAndLock(other);
    await settings.close();
    const dashboard = await openExtensionTab(other, 'dashboard.html#export');
    await dashboard.locator('.import input[type=file]').setInputFiles(zipPath);
    await dashboard.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => dashboard.locator('.import__status').textContent(), { timeout: 60_000 }).toMatch(/2 captures added/);
    const log = await readLog(await currentWorker(other));
    expect(log.map((c) => c.summary)).toEqual([
      { url: '', title: '', site: '' },
      { url: '', title: '', site: '' },
    ]);
    await dashboard.close();

    await new Promise((r) => setTimeout(r, 1_000));
    const files = indexedDbFiles(other.userDataDir, other.extensionId);
    for (const marker of markers) expect(filesContaining(files, marker)).toEqual([]);

    const popup = await openExtensionWindow(other, 'popup.html');
    await popup.getByText('2 captures are encrypted. Unlock the log to see them.').waitFor();
    await unlockHere(popup);
    for (const marker of markers) await popup.getByText(`Marked ${marker}`).waitFor({ timeout: 30_000 });
    await popup.close();
  });
});
