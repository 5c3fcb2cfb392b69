import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  clickToolbarButton,
  currentWorker,
  launchWithExtension,
  openExtensionTab,
  openExtensionWindow,
  readLog,
  startFixtureServer,
  waitForSettled,
  type ExtensionBrowser,
  type ExtensionContext,
  type FixtureServer,
  type LoggedCapture,
} from './harness';

/** A stored file of the log, as text, read from IndexedDB by an extension page or the worker. */
function readStoredText(context: ExtensionContext, sha256: string): Promise<string> {
  return (context as Page).evaluate(
    (key) =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('holdfast');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('blobs').objectStore('blobs').get(key);
          request.onsuccess = () => void (request.result.data as Blob).text().then(resolve, reject);
          request.onerror = () => reject(request.error);
        };
      }),
    sha256,
  );
}

/** Everything in an extension page that would show markup from a web page was injected. */
async function injectedMarkup(page: Page) {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
    foreign: document.querySelectorAll('body script, svg, iframe, style:not([data-vite-dev-id]), img[src="x"], a[href^="javascript:"]').length,
  }));
}

describe('hostile pages (production build)', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
    browser.context.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Captures the page through the popup's button, as a person would, and returns the new entry. */
  async function captureThroughPopup(page: Page): Promise<LoggedCapture> {
    const before = (await readLog(await currentWorker(browser))).length;
    await page.bringToFront();
    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.getByRole('button', { name: 'Capture this page' }).click();
    const log = await waitForSettled(await currentWorker(browser), before + 1, 90_000);
    await popup.close();
    return log[log.length - 1];
  }

  it('shows script tags, event handlers, javascript: URLs, SVG and very long lines from a page as text, and runs none of them', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('hostile/xss.html'));
    await page.waitForSelector('body[data-ready="yes"]');
    const capture = await captureThroughPopup(page);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    expect(capture.summary.title).toMatch(/^XSS-TITLE <script>window.__pwned="script"<\/script> <img src=x onerror=/);
    expect(capture.summary.title.length).toBe(2_000);
    expect(capture.summary.url).toContain('#javascript:window.__pwned=1');
    const text = await readStoredText(await currentWorker(browser), capture.artifacts.find((a) => a.role === 'text')!.sha256);
    expect(text).toContain('XSS-TEXT <script>window.__pwned="script"</script>');
    expect(text).toContain('L'.repeat(200_000));

    for (const [path, selector] of [
      ['popup.html', '.capture__title'],
      ['dashboard.html', '.log-row__open'],
    ]) {
      const view = await openExtensionTab(browser, path);
      const title = view.locator(selector, { hasText: 'XSS-TITLE' });
      await title.waitFor();
      expect(await title.textContent()).toBe(capture.summary.title);
      await view.waitForTimeout(300);
      expect(await injectedMarkup(view), path).toEqual({ pwned: null, handlers: [], foreign: 0 });
      await view.close();
    }
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('ignores a page that forges messages, DOM events and key presses: the log changes only by the capture the person made', async () => {
    const worker = await currentWorker(browser);
    const before = await readLog(worker);
    const page = await browser.context.newPage();
    await page.goto(server.url(`hostile/forger.html?ext=${browser.extensionId}`));
    await page.waitForFunction(() => (window as unknown as { forgeries: number }).forgeries > 20);
    await page.waitForTimeout(1_000);
    expect(await readLog(worker)).toEqual(before);

    const capture = await captureThroughPopup(page);
    expect(capture.summary.title).toBe('Forger');
    const after = await readLog(await currentWorker(browser));
    expect(after).toHaveLength(before.length + 1);
    await page.waitForFunction((n) => (window as unknown as { forgeries: number }).forgeries > n + 50, await page.evaluate(() => (window as unknown as { forgeries: number }).forgeries));
    expect(await readLog(await currentWorker(browser))).toEqual(after);
    await page.close();
  });

  it('captures tens of megabytes of text, 100,000 nodes and an endless feed in bounded time, saying what was cut', async () => {
    const worker = await currentWorker(browser);
    const huge = await browser.context.newPage();
    await huge.goto(server.url('hostile/huge-text.html?mb=20'), { waitUntil: 'domcontentloaded', timeout: 90_000 });
    await huge.waitForFunction(() => document.title === 'Huge page (ready)', null, { timeout: 90_000 });
    const big = await captureThroughPopup(huge);
    expect(big.status, JSON.stringify(big.failure)).toBe('done');
    const bigText = big.artifacts.find((a) => a.role === 'text')!;
    expect(bigText.size).toBe(2_000_000);
    const bigMetadata = JSON.parse(await readStoredText(worker, big.artifacts.find((a) => a.role === 'metadata')!.sha256));
    expect(bigMetadata.text).toMatchObject({ truncated: true });
    expect(bigMetadata.text.originalLength).toBeGreaterThan(4_000_000); // counting stops past twice the cap
    expect(bigMetadata.page.limitsHit.join(' ')).toMatch(/read without layout .* cut at 2000000 characters/);
    await huge.close();

    for (const [path, ready] of [['hostile/many-nodes.html', 'Many nodes (ready)'], ['hostile/endless-scroll.html', 'Endless scroll']] as const) {
      const page = await browser.context.newPage();
      await page.goto(server.url(path));
      await page.waitForFunction((t) => document.title === t, ready);
      const capture = await captureThroughPopup(page);
      expect(capture.status, `${path} ${JSON.stringify(capture.failure)}`).toBe('done');
      const metadata = JSON.parse(await readStoredText(worker, capture.artifacts.find((a) => a.role === 'metadata')!.sha256));
      expect(metadata.text.size).toBeLessThanOrEqual(2_000_000 * 3);
      expect(metadata.page.visibleText.length).toBeLessThanOrEqual(200_000);
      if (path.includes('many-nodes')) expect(await readStoredText(worker, capture.artifacts.find((a) => a.role === 'text')!.sha256)).toContain('DEEPEST-NODE-MARKER');
      await page.close();
    }
  });
});
