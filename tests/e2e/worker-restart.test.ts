import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickToolbarButton,
  currentWorker,
  launchWithExtension,
  openExtensionWindow,
  readLog,
  startFixtureServer,
  waitForSettled,
  type ExtensionBrowser,
  type FixtureServer,
} from './harness';

describe('a worker stopped mid-queue', () => {
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

  it('finishes every pending capture when it wakes again', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('article.html?restart'));
    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    // Four presses of "Capture this page" arriving together (the same message the button sends):
    // the worker writes four pending captures and spaces their screenshots over 1.5 s.
    await popup.evaluate(() =>
      Promise.all(
        [0, 1, 2, 3].map((i) => chrome.runtime.sendMessage({ id: i, type: 'captureActiveTab', data: null, timestamp: Date.now() })),
      ),
    );
    // Stop the worker as the browser does after 30 s idle: the queue is in IndexedDB only.
    const cdp = await browser.context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const stoppedWith = (await readLog(popup)).filter((c) => c.status === 'pending').length;
    expect(stoppedWith).toBeGreaterThan(0);
    await popup.close();

    // Nothing else happens until the person opens the popup again (in its own window, so that
    // the page stays in front of its window for the remaining screenshots).
    const url = `chrome-extension://${browser.extensionId}/popup.html`;
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url() === url });
    const session = await browser.context.browser()!.newBrowserCDPSession();
    await session.send('Target.createTarget', { url, newWindow: true, background: true });
    const again = await opened;
    const log = await waitForSettled(await currentWorker(browser), 4, 30_000);
    expect(log.map((c) => c.status)).toEqual(['done', 'done', 'done', 'done']);
    await again.close();
    await session.detach();
  });
});
