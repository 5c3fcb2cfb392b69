/**
 * Real-browser test harness: a fixture server on 127.0.0.1, Chromium with the built extension
 * loaded, and helpers to reach the extension's pages, its log and its exports.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve, extname, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

/** A page or worker of the extension: both can read its IndexedDB. */
export type ExtensionContext = Page | Worker;
import { unzipSync } from 'fflate';

export const ROOT = resolve(import.meta.dirname, '../..');
export const PRODUCTION_BUILD = join(ROOT, '.output/chrome-mv3');
export const FIXTURES = join(ROOT, 'tests/fixtures/pages');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.png': 'image/png',
  '.json': 'application/json',
};

export interface FixtureServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

/** Serves `tests/fixtures/pages` on 127.0.0.1 at a random port. */
export async function startFixtureServer(root = FIXTURES): Promise<FixtureServer> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p) => `${origin}/${p.replace(/^\//, '')}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  userDataDir: string;
  downloadsDir: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir?: string;
  headless?: boolean;
  env?: Record<string, string>;
  userDataDir?: string;
  viewport?: { width: number; height: number } | null;
  extraArgs?: string[];
  /** Accept a test server's self-signed certificate (site fixtures served under real host names). */
  ignoreHTTPSErrors?: boolean;
}

/** Chromium with the extension loaded, in a fresh profile (or the given one). */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? PRODUCTION_BUILD;
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`No build at ${extensionDir}: run npm run build`);
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'holdfast-profile-'));
  const downloadsDir = mkdtempSync(join(tmpdir(), 'holdfast-downloads-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    acceptDownloads: true,
    downloadsPath: downloadsDir,
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    viewport: options.viewport === undefined ? { width: 1280, height: 800 } : options.viewport,
    env: { ...process.env, ...options.env } as Record<string, string>,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // Lets the test press the toolbar button through CDP (Extensions.triggerAction).
      '--enable-unsafe-extension-debugging',
      ...(options.extraArgs ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    userDataDir,
    downloadsDir,
    async close() {
      await context.close().catch(() => undefined);
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
      rmSync(downloadsDir, { recursive: true, force: true });
    },
  };
}

/**
 * Clicks the extension's toolbar button for the tab showing `page`, as a person would: Chrome
 * opens the popup and grants `activeTab` for that tab. (CDP `Extensions.triggerAction`; the
 * popup it opens is not reachable as a Playwright page, so tests drive popup.html in a window of
 * its own, see `openExtensionWindow`.)
 */
export async function clickToolbarButton(browser: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await browser.context.browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{}] } as never)) as unknown as {
      targetInfos: { type: string; url: string; targetId: string }[];
    };
    const tabs = targetInfos.filter((t) => t.type === 'tab' && t.url === page.url());
    if (tabs.length !== 1) throw new Error(`Expected one tab showing ${page.url()}, found ${tabs.length}`);
    await cdp.send('Extensions.triggerAction' as never, { id: browser.extensionId, targetId: tabs[0].targetId } as never);
  } finally {
    await cdp.detach();
  }
}

/** The extension's service worker, waking it if it went to sleep. */
export async function currentWorker(browser: ExtensionBrowser): Promise<Worker> {
  const live = browser.context.serviceWorkers().find((w) => w.url().includes(browser.extensionId));
  return live ?? browser.context.waitForEvent('serviceworker', { timeout: 15_000 });
}

/** Opens one of the extension's pages in a popup-type window, leaving the page tab active. */
export async function openExtensionWindow(browser: ExtensionBrowser, path: string): Promise<Page> {
  const url = `chrome-extension://${browser.extensionId}/${path}`;
  const pagePromise = browser.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(url), timeout: 15_000 });
  await browser.worker.evaluate(async (u) => {
    await chrome.windows.create({ url: u, type: 'popup', width: 420, height: 640, focused: false });
  }, url);
  const page = await pagePromise;
  await page.setViewportSize({ width: 400, height: 600 });
  await page.waitForLoadState('domcontentloaded');
  return page;
}

/** Opens one of the extension's pages in an ordinary tab. */
export async function openExtensionTab(browser: ExtensionBrowser, path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  return page;
}

export interface LoggedCapture {
  id: string;
  status: string;
  trigger: string;
  pressedAt: string;
  screenshotAt?: string;
  storedAt?: string;
  summary: { url: string; title: string; site: string };
  artifacts: { role: string; name: string; sha256: string; size: number; mediaType: string }[];
  failure?: { code: string; reason: string; detail?: string };
  warnings: string[];
}

/** Every capture in the extension's log, read from its IndexedDB by an extension page or its worker. */
export async function readLog(page: ExtensionContext): Promise<LoggedCapture[]> {
  return (page as Page).evaluate(
    () =>
      new Promise<LoggedCapture[]>((resolveLog, reject) => {
        const open = indexedDB.open('holdfast');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('captures').objectStore('captures').index('pressedAt').getAll();
          request.onsuccess = () => {
            db.close();
            resolveLog(request.result as LoggedCapture[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Waits until the log holds `count` settled captures (done or failed) and returns them. */
export async function waitForSettled(page: ExtensionContext, count: number, timeoutMs = 30_000): Promise<LoggedCapture[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await readLog(page).catch(() => []);
    const settled = log.filter((c) => c.status !== 'pending');
    if (settled.length >= count && log.length === settled.length) return log;
    if (Date.now() > deadline) throw new Error(`Expected ${count} settled captures, log has ${JSON.stringify(log.map((c) => c.status))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Clicks the dashboard's Export control and returns the path of the downloaded zip. */
export async function exportThroughUi(browser: ExtensionBrowser, saveIn = browser.downloadsDir): Promise<{ zipPath: string; fileName: string }> {
  const dashboard = await openExtensionTab(browser, 'dashboard.html#export');
  await dashboard.getByRole('button', { name: 'Export', exact: true }).waitFor();
  await dashboard.waitForFunction(() => !(document.querySelector('.export button') as HTMLButtonElement | null)?.disabled);
  const [download] = await Promise.all([dashboard.waitForEvent('download', { timeout: 60_000 }), dashboard.getByRole('button', { name: 'Export', exact: true }).click()]);
  const zipPath = join(saveIn, download.suggestedFilename());
  await download.saveAs(zipPath);
  await dashboard.close();
  return { zipPath, fileName: download.suggestedFilename() };
}

/** Unzips a bundle into a fresh folder and returns the folder and its files. */
export function unzipBundle(zipPath: string): { dir: string; files: Record<string, Uint8Array> } {
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-bundle-'));
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    const target = join(dir, name);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, bytes);
  }
  return { dir, files };
}

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
