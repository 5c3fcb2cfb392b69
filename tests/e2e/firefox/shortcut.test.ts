import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWindow, pressKeys, pressRepeatedly, startXvfb, type Display } from '../xvfb';
import { badgeText, evaluateInChrome, launchFirefoxWithExtension, readLog, startFixtureServer, waitForSettled, type FirefoxWithExtension, type FixtureServer } from './harness';

/** Whether the extension's toolbar popup is open in the browser window. */
const POPUP_OPEN = `(() => [...document.querySelectorAll('panel')].some((p) => p.state === 'open' && p.querySelector('browser.webextension-popup-browser')))()`;

/**
 * Firefox headed under Xvfb, with real key presses from xdotool: Firefox's own shortcut handling
 * fires `capture-page` and `_execute_action` and grants activeTab, exactly as for a person.
 */
describe('Firefox: the default shortcuts, pressed on a real keyboard (production build, Xvfb)', () => {
  let display: Display;
  let server: FixtureServer;
  let ff: FirefoxWithExtension;
  let page: Page;

  beforeAll(async () => {
    display = await startXvfb();
    server = await startFixtureServer();
    ff = await launchFirefoxWithExtension({ headless: false, env: { DISPLAY: display.name } });
    [page] = await ff.browser.pages();
  });
  afterAll(async () => {
    await ff?.close();
    await server?.close();
    await display?.close();
  });

  it('Alt+Shift+K captures the page in front', async () => {
    await page.goto(server.url('article.html'));
    await page.bringToFront();
    pressKeys(display, findWindow(display, 'Community board'), 'alt+shift+k');

    const [capture] = await waitForSettled(ff, 1);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    expect(capture.trigger).toBe('shortcut');
    expect(capture.summary.url).toBe(server.url('article.html'));
    expect(capture.summary.title).toBe('Community board — a thread about the allotment');
    await expect.poll(() => badgeText(ff)).toBe('✓');
  });

  it('Alt+Shift+L opens the toolbar popup', async () => {
    expect(await evaluateInChrome<boolean>(ff, POPUP_OPEN)).toBe(false);
    pressKeys(display, findWindow(display, 'Community board'), 'alt+shift+l');
    await expect.poll(() => evaluateInChrome<boolean>(ff, POPUP_OPEN), { timeout: 10_000 }).toBe(true);
    pressKeys(display, findWindow(display, 'Community board'), 'Escape');
    await expect.poll(() => evaluateInChrome<boolean>(ff, POPUP_OPEN), { timeout: 10_000 }).toBe(false);
  });

  it('keeps every press of a burst while the page scrolls: 10 presses at 4 a second, 10 entries in order', async () => {
    await page.goto(server.url('scrolling.html'));
    await page.bringToFront();
    const before = (await readLog(ff)).length;
    const window = findWindow(display, 'Endless feed');
    await page.evaluate(() => (window as unknown as { startScrolling(): void }).startScrolling());
    await pressRepeatedly(display, window, 'alt+shift+k', 10, 250);

    const burst = (await waitForSettled(ff, before + 10, 60_000)).slice(before);
    expect(burst).toHaveLength(10);
    expect(burst.every((c) => c.status === 'done'), JSON.stringify(burst.map((c) => c.failure))).toBe(true);
    const pressed = burst.map((c) => Date.parse(c.pressedAt));
    const shot = burst.map((c) => Date.parse(c.screenshotAt!));
    for (let i = 1; i < 10; i++) {
      expect(pressed[i]).toBeGreaterThan(pressed[i - 1]);
      expect(shot[i]).toBeGreaterThanOrEqual(shot[i - 1]);
    }
    // the page was scrolling: the screenshots differ
    expect(new Set(burst.map((c) => c.artifacts.find((a) => a.role === 'screenshot')!.sha256)).size).toBeGreaterThan(5);
  });
});
