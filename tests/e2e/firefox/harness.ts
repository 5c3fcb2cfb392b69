/**
 * Real-Firefox test harness, the counterpart of `../harness.ts` for Chromium: Debian's
 * firefox-esr driven by puppeteer-core over WebDriver BiDi, with the production Firefox build
 * (`.output/firefox-mv3`) installed as a temporary add-on in a fresh profile.
 *
 * What differs from Chromium, and how it is handled here (recipe in STACK.md):
 * - the extension's `moz-extension://<uuid>/` host is random per profile: the
 *   `extensions.webextensions.uuids` pref pins it to a uuid chosen by the test;
 * - extension pages send no load events to BiDi, so `page.goto` times out on them: they are
 *   opened with `browsingContext.navigate(url, 'complete')`;
 * - Firefox's background is an event page that BiDi does not expose: the log is read, and
 *   extension APIs are called, from one of the extension's own pages kept open in a background
 *   tab (`control`), so the page under test stays the tab in front;
 * - a shortcut is fired through Firefox's own key handling: the `<key>` element Firefox made
 *   for the command in the browser window's `ext-keyset-id-…` keyset gets `doCommand()`, run in
 *   the browser's chrome context by a raw BiDi `script.evaluate` (needs
 *   `--remote-allow-system-access`). Real key presses: headed under Xvfb with `../xvfb.ts`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT, type LoggedCapture } from '../harness';

export { sha256, startFixtureServer, unzipBundle, type FixtureServer, type LoggedCapture } from '../harness';

export const FIREFOX_BUILD = join(ROOT, '.output/firefox-mv3');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxWithExtension {
  browser: Browser;
  /** The add-on id from the manifest's `browser_specific_settings.gecko.id`. */
  extensionId: string;
  /** `moz-extension://<uuid>` of this run. */
  origin: string;
  /**
   * One of the extension's pages (popup.html) in a background tab: reads the log and calls
   * extension APIs without covering the page being captured.
   */
  control: Page;
  downloadsDir: string;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions {
  extensionDir?: string;
  headless?: boolean;
  env?: Record<string, string>;
  /** Window size of the first window (also the size of the screenshots). */
  width?: number;
  height?: number;
}

/** Firefox without the extension, e.g. for the bundle's verify.html opened from file://. */
export async function launchFirefox(options: { headless?: boolean } = {}): Promise<Browser> {
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: run "sudo apt-get install -y --no-install-recommends firefox-esr" or set FIREFOX_PATH.`);
  return puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', executablePath: FIREFOX, headless: options.headless ?? true });
}

/** Where the build is missing or Firefox is not installed, say exactly what to run. */
export function assertFirefoxReady(extensionDir = FIREFOX_BUILD): void {
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`No Firefox build at ${extensionDir}: run "npm run build:firefox" (npm test does it).`);
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: run "sudo apt-get install -y --no-install-recommends firefox-esr" or set FIREFOX_PATH.`);
}

/** Firefox with the extension installed as a temporary add-on, in a fresh profile. */
export async function launchFirefoxWithExtension(options: FirefoxLaunchOptions = {}): Promise<FirefoxWithExtension> {
  const extensionDir = options.extensionDir ?? FIREFOX_BUILD;
  assertFirefoxReady(extensionDir);
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));
  const extensionId: string = manifest.browser_specific_settings.gecko.id;
  const uuid = crypto.randomUUID();
  const downloadsDir = mkdtempSync(join(tmpdir(), 'holdfast-ff-downloads-'));
  const width = options.width ?? 1280;
  const height = options.height ?? 900;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: options.headless ?? true,
    env: { ...process.env, ...options.env },
    args: ['--remote-allow-system-access', `--width=${width}`, `--height=${height}`],
    defaultViewport: null,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [extensionId]: uuid }),
      // Downloads land in downloadsDir without a dialog or the downloads panel.
      'browser.download.dir': downloadsDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      // A first-run or "what's new" tab would change which tab is in front.
      'browser.startup.homepage_override.mstone': 'ignore',
      'startup.homepage_welcome_url': 'about:blank',
      'browser.aboutwelcome.enabled': false,
    },
  });
  const installed = await browser.installExtension(extensionDir);
  if (installed !== extensionId) throw new Error(`Installed ${installed}, expected ${extensionId}`);
  const origin = `moz-extension://${uuid}`;
  const control = await browser.newPage({ background: true });
  await navigateByBidi(control, `${origin}/popup.html`);
  return {
    browser,
    extensionId,
    origin,
    control,
    downloadsDir,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(downloadsDir, { recursive: true, force: true });
    },
  };
}

/**
 * Navigates a page to an extension or `about:` URL. `page.goto` waits for load events that
 * Firefox does not send to WebDriver BiDi for those pages; `browsingContext.navigate` with
 * `complete` works.
 */
export async function navigateByBidi(page: Page, url: string): Promise<void> {
  await (page.mainFrame() as unknown as BidiFrame).browsingContext.navigate(url, 'complete');
  // A privileged about: page cannot be scripted by the test; an extension page is waited for.
  if (url.startsWith('moz-extension:')) await page.waitForFunction((u) => location.href === u && document.readyState === 'complete', { timeout: 15_000 }, url);
}

/** Opens one of the extension's pages in a new tab of the first window (it becomes the tab in front). */
export async function openExtensionTab(ff: FirefoxWithExtension, path: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await navigateByBidi(page, `${ff.origin}/${path}`);
  return page;
}

/**
 * Opens one of the extension's pages in a popup-type window, as the Chromium harness does: the
 * page tab stays the active tab of its normal window, as it is while the real toolbar popup is open.
 */
export async function openExtensionWindow(ff: FirefoxWithExtension, path: string): Promise<Page> {
  const url = `${ff.origin}/${path}`;
  const known = new Set(await ff.browser.pages());
  await ff.control.evaluate(async (u) => {
    await browser.windows.create({ url: u, type: 'popup', width: 420, height: 640 });
  }, url);
  const deadline = Date.now() + 15_000;
  for (;;) {
    for (const page of await ff.browser.pages()) {
      if (known.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href === url) {
        await page.waitForFunction(() => document.readyState === 'complete');
        return page;
      }
    }
    if (Date.now() > deadline) throw new Error(`No window showing ${url}`);
    await sleep(100);
  }
}

/** Evaluates an expression in the browser window's chrome (privileged) context. */
export async function evaluateInChrome<T = unknown>(ff: FirefoxWithExtension, expression: string): Promise<T> {
  const connection = (ff.browser as unknown as { connection: BidiConnection }).connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const chromeWindow = tree.result.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (!chromeWindow) throw new Error('No browser window in the chrome context (is --remote-allow-system-access set?)');
  const { result } = await connection.send('script.evaluate', {
    expression,
    target: { context: chromeWindow.context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (result.type === 'exception') throw new Error(`Chrome-context script failed: ${JSON.stringify(result.exceptionDetails?.text ?? result)}`);
  return fromRemoteValue(result.result) as T;
}

/**
 * Fires a command of the extension through Firefox's own shortcut handling: finds the `<key>`
 * Firefox registered for the command's current shortcut and runs it, as a key press would.
 */
export async function fireCommand(ff: FirefoxWithExtension, command: string): Promise<void> {
  const commands = await ff.control.evaluate(() => browser.commands.getAll());
  const shortcut = commands.find((c) => c.name === command)?.shortcut;
  if (!shortcut) throw new Error(`Command ${command} has no shortcut: ${JSON.stringify(commands)}`);
  const parts = shortcut.split('+');
  const key = parts.pop()!;
  const modifiers = parts.map((p) => ({ Alt: 'alt', Shift: 'shift', Ctrl: 'accel', Command: 'accel', MacCtrl: 'control' })[p] ?? p.toLowerCase()).join(',');
  const keysetId = `ext-keyset-id-${ff.extensionId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`;
  const fired = await evaluateInChrome<boolean>(
    ff,
    `(() => {
      const keys = [...document.querySelectorAll(${JSON.stringify(`#${keysetId} > key`)})];
      const key = keys.find((k) => k.getAttribute('key') === ${JSON.stringify(key)} && k.getAttribute('modifiers') === ${JSON.stringify(modifiers)});
      if (!key) return false;
      key.doCommand();
      return true;
    })()`,
  );
  if (!fired) throw new Error(`No <key> for ${command} (${shortcut}) in #${keysetId}`);
}

/**
 * Right-clicks a point of the page (a real context menu opens) and chooses the extension's item
 * with the given label from Firefox's page context menu (inside the extension's submenu when
 * Firefox groups its items there).
 */
export async function chooseContextMenuItem(ff: FirefoxWithExtension, page: Page, x: number, y: number, label: string): Promise<void> {
  await page.mouse.click(x, y, { button: 'right' });
  const prefix = `${ff.extensionId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-menuitem-`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const outcome = await evaluateInChrome<string>(
      ff,
      `(() => {
        const menu = document.getElementById('contentAreaContextMenu');
        if (menu.state !== 'open') return 'closed';
        const item = [...menu.querySelectorAll('menuitem')].find((i) => i.id.startsWith(${JSON.stringify(prefix)}) && i.label === ${JSON.stringify(label)});
        if (!item) return 'no item';
        // With more than one item, Firefox puts an extension's items in a submenu named after it:
        // open that submenu first, then choose the item inside it.
        const popup = item.parentElement;
        if (popup !== menu) {
          const submenu = popup.parentElement;
          if (popup.state !== 'open') {
            submenu.openMenu(true);
            return 'opening submenu';
          }
        }
        popup.activateItem(item);
        return 'chosen';
      })()`,
    );
    if (outcome === 'chosen') return;
    if (Date.now() > deadline) throw new Error(`Context menu item "${label}": ${outcome}`);
    await sleep(100);
  }
}

/** Every capture in the extension's log, read from its IndexedDB by the control page. */
export async function readLog(ff: FirefoxWithExtension): Promise<LoggedCapture[]> {
  return ff.control.evaluate(
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
export async function waitForSettled(ff: FirefoxWithExtension, count: number, timeoutMs = 30_000): Promise<LoggedCapture[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await readLog(ff).catch(() => []);
    const settled = log.filter((c) => c.status !== 'pending');
    if (settled.length >= count && log.length === settled.length) return log;
    if (Date.now() > deadline) throw new Error(`Expected ${count} settled captures, log has ${JSON.stringify(log.map((c) => c.status))}`);
    await sleep(100);
  }
}

/** The text on the extension's toolbar badge. */
export function badgeText(ff: FirefoxWithExtension): Promise<string> {
  return ff.control.evaluate(() => browser.action.getBadgeText({}));
}

/**
 * Clicks the dashboard's Export button and returns the zip Firefox saved. Firefox writes a
 * download to `<name>.part` and renames it when complete, so the finished file is the one
 * without `.part` whose size no longer changes.
 */
export async function exportThroughUi(ff: FirefoxWithExtension): Promise<{ zipPath: string; fileName: string }> {
  const before = new Set(readdirSync(ff.downloadsDir));
  const dashboard = await openExtensionTab(ff, 'dashboard.html#export');
  const exportButton = 'xpath///section[contains(@class,"export")]//button[normalize-space()="Export"]';
  await dashboard.waitForSelector(exportButton);
  await dashboard.waitForFunction(() => !(document.querySelector('.export button') as HTMLButtonElement | null)?.disabled);
  await (await dashboard.$(exportButton))!.click();
  const deadline = Date.now() + 60_000;
  let seen = { name: '', size: -1 };
  for (;;) {
    const fresh = readdirSync(ff.downloadsDir).filter((n) => !before.has(n) && n.endsWith('.zip'));
    const entries = readdirSync(ff.downloadsDir);
    if (fresh.length === 1 && !entries.some((n) => n.endsWith('.part'))) {
      const size = readFileSync(join(ff.downloadsDir, fresh[0])).byteLength;
      if (size > 0 && seen.name === fresh[0] && seen.size === size) break;
      seen = { name: fresh[0], size };
    }
    if (Date.now() > deadline) throw new Error(`No finished download in ${ff.downloadsDir}: ${JSON.stringify(entries)}`);
    await sleep(200);
  }
  await dashboard.waitForSelector('xpath///*[@role="status" and contains(., ".zip")]');
  await dashboard.close();
  return { zipPath: join(ff.downloadsDir, seen.name), fileName: seen.name };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface BidiConnection {
  send(method: 'browsingContext.getTree', params: Record<string, unknown>): Promise<{ result: { contexts: { context: string; url: string }[] } }>;
  send(
    method: 'script.evaluate',
    params: Record<string, unknown>,
  ): Promise<{ result: { type: 'success' | 'exception'; result: RemoteValue; exceptionDetails?: { text?: string } } }>;
}

interface RemoteValue {
  type: string;
  value?: unknown;
}

/** The plain value of a WebDriver BiDi remote value (primitives, arrays and objects). */
function fromRemoteValue(remote: RemoteValue): unknown {
  switch (remote.type) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'array':
      return (remote.value as RemoteValue[]).map(fromRemoteValue);
    case 'object':
      return Object.fromEntries((remote.value as [string, RemoteValue][]).map(([k, v]) => [k, fromRemoteValue(v)]));
    default:
      return remote.value;
  }
}

/** The part of puppeteer's BiDi frame this harness uses (not in its public types). */
interface BidiFrame {
  browsingContext: { navigate(url: string, wait?: 'none' | 'interactive' | 'complete'): Promise<void> };
}
