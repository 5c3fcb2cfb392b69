import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentWorker,
  exportThroughUi,
  launchWithExtension,
  openExtensionTab,
  readLog,
  sha256,
  startFixtureServer,
  unzipBundle,
  waitForSettled,
  type ExtensionBrowser,
  type FixtureServer,
} from './harness';
import { findWindow, pressKeys, pressRepeatedly, pressSequence, rightClick, startXvfb, type Display } from './xvfb';

/**
 * The production build, headed under Xvfb, with real key presses: the browser's own shortcut
 * handling fires `capture-page` and grants activeTab; nothing else gives the extension access.
 */
describe('the capture-page shortcut, pressed on a real keyboard (production build, Xvfb)', () => {
  let display: Display;
  let server: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    display = await startXvfb();
    server = await startFixtureServer();
    browser = await launchWithExtension({ headless: false, env: { DISPLAY: display.name }, viewport: null, extraArgs: ['--window-size=1280,900', '--window-position=0,0'] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await display?.close();
  });

  it('ships with its default shortcuts assigned, and no access to any site', async () => {
    const commands = await browser.worker.evaluate(() => chrome.commands.getAll());
    const capturePage = commands.find((c) => c.name === 'capture-page');
    expect(capturePage?.shortcut).toBe('Alt+Shift+K');
    for (const command of commands as chrome.commands.Command[]) expect(command.shortcut, `${command.name} has no key`).not.toBe('');
    const permissions = await browser.worker.evaluate(() => chrome.permissions.getAll());
    expect(permissions.origins).toEqual([]);
  });

  it('captures the page in front of the person, shows it in the popup and exports it with matching hashes', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('article.html'));
    await page.bringToFront();
    const window = findWindow(display, 'Community board');
    pressKeys(display, window, 'alt+shift+k');

    // Read the log through the worker: opening a tab now would hide the page before its screenshot.
    const worker = await currentWorker(browser);
    const [capture] = await waitForSettled(worker, 1);
    await expect.poll(() => worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('✓');
    const popup = await openExtensionTab(browser, 'popup.html');
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    expect(capture.trigger).toBe('shortcut');
    expect(capture.summary.title).toBe('Community board — a thread about the allotment');
    await popup.locator('.capture', { hasText: 'Community board' }).waitFor();
    await popup.close();

    const { zipPath } = await exportThroughUi(browser);
    const { dir, files } = unzipBundle(zipPath);
    execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir });
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.captures.map((c: { id: string }) => c.id)).toContain(capture.id);
    for (const file of manifest.files) expect(sha256(readFileSync(join(dir, file.path))), file.path).toBe(file.sha256);
    const entry = manifest.captures.find((c: { id: string }) => c.id === capture.id);
    const metadata = JSON.parse(readFileSync(join(dir, entry.folder, 'metadata.json'), 'utf8'));
    expect(metadata.trigger).toBe('shortcut');
    expect(metadata.page.visibleText).toContain('HOLDFAST-MARKER-7f3a');
    expect(Date.parse(metadata.time.screenshotAt)).toBeGreaterThanOrEqual(Date.parse(metadata.time.pressedAt));
    await page.close();
  });

  it('keeps every press of a burst while the page scrolls: 10 presses at 4 a second, 10 entries', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('scrolling.html'));
    await page.bringToFront();
    const before = (await readLog(await currentWorker(browser))).length;
    const window = findWindow(display, 'Endless feed');
    await page.evaluate(() => (window as unknown as { startScrolling(): void }).startScrolling());
    await pressRepeatedly(display, window, 'alt+shift+k', 10, 250);

    const log = await waitForSettled(await currentWorker(browser), before + 10, 60_000);
    const burst = log.slice(before);
    expect(burst).toHaveLength(10);
    expect(burst.every((c) => c.status === 'done'), JSON.stringify(burst.map((c) => c.failure))).toBe(true);
    const pressed = burst.map((c) => Date.parse(c.pressedAt));
    const shot = burst.map((c) => Date.parse(c.screenshotAt!));
    for (let i = 1; i < 10; i++) {
      expect(pressed[i]).toBeGreaterThan(pressed[i - 1]);
      expect(shot[i]).toBeGreaterThan(shot[i - 1]);
    }
    // the page was scrolling: the screenshots differ
    expect(new Set(burst.map((c) => c.artifacts.find((a) => a.role === 'screenshot')!.sha256)).size).toBeGreaterThan(5);
    await page.close();
  });

  it('captures from the page\'s context menu', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('article.html?menu'));
    await page.bringToFront();
    const worker = await currentWorker(browser);
    // the item is created when the extension is installed; wait until it exists
    await expect.poll(() => worker.evaluate(() => chrome.contextMenus.update('capture-page', {}).then(() => true, () => false))).toBe(true);
    const before = (await readLog(worker)).length;
    rightClick(display, findWindow(display, 'Community board'), 600, 500);
    await new Promise((r) => setTimeout(r, 500));
    // Chromium lists Holdfast's items in a "Holdfast" submenu third from the bottom of a page's
    // menu, above "View page source" and "Inspect"; Up from nothing selected starts at the bottom.
    // Right opens the submenu on its first item, "Capture this page".
    await pressSequence(display, ['Up', 'Up', 'Up', 'Right', 'Return']);
    const log = await waitForSettled(worker, before + 1);
    const capture = log[log.length - 1];
    expect(capture.trigger).toBe('context-menu');
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    expect(capture.summary.url).toBe(server.url('article.html?menu'));
    await page.close();
  });

  it('ends a capture of a browser page as a failed entry that says why', async () => {
    const page = await browser.context.newPage();
    await page.goto('chrome://version');
    await page.bringToFront();
    const before = (await readLog(await currentWorker(browser))).length;
    pressKeys(display, findWindow(display, 'About Version'), 'alt+shift+k');
    const log = await waitForSettled(await currentWorker(browser), before + 1);
    const check = await openExtensionTab(browser, 'popup.html');
    const failed = log[log.length - 1];
    expect(failed.status, JSON.stringify(failed)).toBe('failed');
    await expect.poll(() => browser.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');
    expect(await browser.worker.evaluate(() => chrome.action.getTitle({}))).toMatch(/capture failed: The browser does not let extensions capture/);
    expect(failed.failure?.code).toBe('restricted-page');
    await check.locator('.capture--failed', { hasText: 'does not let extensions capture' }).first().waitFor();
    await check.close();
    await page.close();
  });
});
