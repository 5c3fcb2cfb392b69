import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseContextMenuItem,
  evaluateInChrome,
  fireCommand,
  launchFirefoxWithExtension,
  openExtensionWindow,
  readLog,
  startFixtureServer,
  waitForSettled,
  type FirefoxWithExtension,
  type FixtureServer,
} from './harness';

/**
 * Firefox runs the background as an event page and stops it when idle (or when it misbehaves);
 * the queue lives in IndexedDB, so captures pending when it stopped are finished when it wakes.
 */
describe('Firefox: the event page stopped by the browser', () => {
  let server: FixtureServer;
  let ff: FirefoxWithExtension;
  let page: Page;

  /** Stops the event page as Firefox does when it is idle (about:debugging's "Terminate background script"). */
  const stopEventPage = () =>
    evaluateInChrome<string>(
      ff,
      `(async () => { const ext = WebExtensionPolicy.getByID(${JSON.stringify(ff.extensionId)}).extension; await ext.terminateBackground(); return ext.backgroundState; })()`,
    );

  beforeAll(async () => {
    server = await startFixtureServer();
    ff = await launchFirefoxWithExtension();
    [page] = await ff.browser.pages();
  });
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  it('finishes every pending capture when it wakes again', async () => {
    await page.goto(server.url('article.html?restart'));
    await page.bringToFront();
    const keysetKey = `#ext-keyset-id-${ff.extensionId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')} > key[key="K"][modifiers="alt,shift"]`;
    // Four presses of Alt+Shift+K in a row, through Firefox's own shortcut handling.
    await evaluateInChrome(ff, `(() => { const key = document.querySelector(${JSON.stringify(keysetKey)}); for (let i = 0; i < 4; i++) key.doCommand(); })()`);
    // Once all four presses are in the log, stop the event page.
    await expect.poll(async () => (await readLog(ff)).length, { timeout: 15_000, interval: 10 }).toBe(4);
    expect(await stopEventPage()).toBe('stopped');
    const stoppedWith = (await readLog(ff)).filter((c) => c.status === 'pending').length;
    expect(stoppedWith).toBeGreaterThan(0);

    // Nothing else happens until the person opens the popup again (in its own window, so that
    // the page stays the tab in front for the remaining screenshots): it wakes the event page.
    const popup = await openExtensionWindow(ff, 'popup.html');
    const log = await waitForSettled(ff, 4, 30_000);
    expect(log.map((c) => c.status), JSON.stringify(log.map((c) => c.failure))).toEqual(['done', 'done', 'done', 'done']);
    expect(log.every((c) => c.summary.url === server.url('article.html?restart'))).toBe(true);
    await popup.close();
  });

  it('is woken by the shortcut and by the context menu after it stopped, and captures', async () => {
    await page.goto(server.url('article.html?woken'));
    await page.bringToFront();
    const before = (await readLog(ff)).length;
    expect(await stopEventPage()).toBe('stopped');
    await fireCommand(ff, 'capture-page');
    let log = await waitForSettled(ff, before + 1);
    expect(log[log.length - 1].trigger).toBe('shortcut');
    expect(log[log.length - 1].status, JSON.stringify(log[log.length - 1].failure)).toBe('done');

    // The menu item was created at install; Firefox keeps an event page's menus while it sleeps.
    expect(await stopEventPage()).toBe('stopped');
    await chooseContextMenuItem(ff, page, 400, 300, 'Capture this page');
    log = await waitForSettled(ff, before + 2);
    expect(log[log.length - 1].trigger).toBe('context-menu');
    expect(log[log.length - 1].status, JSON.stringify(log[log.length - 1].failure)).toBe('done');
  });
});
