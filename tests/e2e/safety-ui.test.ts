import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentWorker,
  launchWithExtension,
  openExtensionTab,
  startFixtureServer,
  type ExtensionBrowser,
  type FixtureServer,
} from './harness';

/** Quick exit and discreet mode in the real browser (production build). */
describe('quick exit and discreet mode', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('closes every Holdfast page and shows the neutral page the person chose', async () => {
    const neutral = server.url('neutral.html');
    const settings = await openExtensionTab(browser, 'settings.html');
    await settings.getByLabel('Another address').check();
    await settings.getByPlaceholder('https://').fill(neutral);
    await settings.getByRole('button', { name: 'Use this address' }).click();
    await settings.getByText('Saved.').waitFor();

    const dashboard = await openExtensionTab(browser, 'dashboard.html');
    await dashboard.getByRole('heading', { name: 'Your evidence log' }).waitFor();
    const shown = browser.context.waitForEvent('page', { predicate: (p) => p.url() === neutral });
    const dashboardClosed = dashboard.waitForEvent('close');
    const settingsClosed = settings.waitForEvent('close');
    await dashboard.getByRole('button', { name: 'Quick exit' }).click();
    const neutralPage = await shown;
    await Promise.all([dashboardClosed, settingsClosed]);
    await neutralPage.waitForLoadState();
    expect(await neutralPage.title()).toBe('Weather today');
    expect(browser.context.pages().filter((p) => p.url().startsWith(`chrome-extension://${browser.extensionId}/`))).toEqual([]);
  });

  it('makes the toolbar, the badge and the page titles neutral in discreet mode, and back', async () => {
    const settings = await openExtensionTab(browser, 'settings.html');
    await settings.getByRole('checkbox', { name: 'Discreet mode' }).check();
    const worker = await currentWorker(browser);
    await expect.poll(() => worker.evaluate(() => chrome.action.getTitle({}))).toBe('Page tools');
    await expect.poll(() => settings.title()).toBe('Notes');
    const dashboard = await openExtensionTab(browser, 'dashboard.html');
    await expect.poll(() => dashboard.title()).toBe('Notes');
    await dashboard.close();

    // A capture (here of the popup's own tab, which fails: the browser forbids it) leaves a badge
    // without text and no words about it on the toolbar.
    const popup = await openExtensionTab(browser, 'popup.html');
    await popup.getByRole('button', { name: 'Capture this page' }).click();
    await popup.locator('.capture--failed').waitFor();
    await expect.poll(() => worker.evaluate(() => chrome.action.getBadgeText({}))).toBe(' ');
    expect(await worker.evaluate(() => chrome.action.getTitle({}))).toBe('Page tools');
    await popup.close();

    await settings.getByRole('checkbox', { name: 'Discreet mode' }).uncheck();
    await expect.poll(() => worker.evaluate(() => chrome.action.getTitle({}))).toBe('Holdfast — keep evidence');
    await expect.poll(() => settings.title()).toBe('Holdfast — safety and privacy');
    await settings.close();
  });
});
