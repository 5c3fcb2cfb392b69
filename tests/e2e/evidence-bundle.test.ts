/**
 * The court-ready evidence bundle in real Chromium with the production build: captures on
 * fixture pages (one of them hostile), export through the dashboard, unzip, `sha256sum -c`, open
 * report.html and verify.html from file://, tamper with the folder, export a selection, and the
 * import round trip into a second fresh profile, with every refusal case leaving that log as it was.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync, type Zippable } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCrossReferences, readPdf } from '../unit/export/pdf-inspect';
import {
  clickToolbarButton,
  exportThroughUi,
  launchWithExtension,
  openExtensionTab,
  openExtensionWindow,
  readLog,
  sha256,
  startFixtureServer,
  unzipBundle,
  waitForSettled,
  type ExtensionBrowser,
  type ExtensionContext,
  type FixtureServer,
  type LoggedCapture,
} from './harness';

const HOSTILE_QUERY = '?q=%3Cscript%3Ewindow.__pwned%3D10%3C%2Fscript%3E&r=javascript:window.__pwned=11#%22%3E%3Csvg%20onload%3Dwindow.__pwned%3D12%3E';
const HOSTILE_TITLE = '=HYPERLINK("http://evil.example/x","open") <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3">';

interface Manifest {
  captureCount: number;
  notListedHere: string[];
  captures: { id: string; folder: string; title: string; status: string }[];
  files: { path: string; sha256: string; size: number }[];
}

/** Captures the page at `url` with the popup's button, as a person would after clicking the toolbar button. */
async function captureWithPopup(browser: ExtensionBrowser, url: string, expected: number): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.bringToFront();
  await clickToolbarButton(browser, page);
  const popup = await openExtensionWindow(browser, 'popup.html');
  await popup.getByRole('button', { name: 'Capture this page' }).click();
  await waitForSettled(popup, expected);
  await popup.close();
}

/** Things a hostile string could have done to a page of ours; all must stay empty. */
async function injections(page: Page, allowedImageSrc: string): Promise<string[]> {
  return page.evaluate((allowed) => {
    const found: string[] = [];
    if ((window as unknown as { __pwned?: number }).__pwned !== undefined) found.push(`__pwned=${(window as unknown as { __pwned?: number }).__pwned}`);
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`);
      // The report's own pattern charts are SVG drawn by Holdfast, one per figure.chart; any other is injected.
      const ownChart = element.tagName.toUpperCase() === 'SVG' && element.parentElement?.matches('figure.chart') && element.getAttribute('role') === 'img';
      if (['SVG', 'IFRAME', 'OBJECT', 'EMBED'].includes(element.tagName.toUpperCase()) && !ownChart) found.push(element.tagName);
    }
    for (const link of document.querySelectorAll('a[href]')) {
      if (!/^(https?:|#|captures\/|chrome-extension:)/i.test(link.getAttribute('href') ?? '')) found.push(`a href=${link.getAttribute('href')}`);
    }
    for (const img of document.querySelectorAll('img')) if (!new RegExp(allowed).test(img.getAttribute('src') ?? '')) found.push(`img src=${img.getAttribute('src')}`);
    if ([...document.querySelectorAll('h1')].some((h) => h.textContent === 'Injected heading')) found.push('injected h1');
    return found;
  }, allowedImageSrc);
}
/** Screenshots in the report (relative paths) and previews in the extension's pages (blob: URLs). */
const OUR_IMAGES = '^(captures/|blob:chrome-extension:)';
const NO_IMAGES = '(?!)';

async function readCustody(page: ExtensionContext): Promise<{ seq: number; type: string; payload: Record<string, unknown> }[]> {
  return (page as Page).evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('holdfast');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('custody').objectStore('custody').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

describe('the evidence bundle, end to end', () => {
  let server: FixtureServer;
  let a: ExtensionBrowser;
  let b: ExtensionBrowser | undefined;
  let zipPath: string;
  let fileName: string;
  let dir: string;
  let files: Record<string, Uint8Array>;
  let manifest: Manifest;
  let logA: LoggedCapture[];
  const work = mkdtempSync(join(tmpdir(), 'holdfast-e2e-bundle-'));
  const dialogs: string[] = [];

  beforeAll(async () => {
    server = await startFixtureServer();
    a = await launchWithExtension();
    a.context.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('captures fixture pages, exports through the dashboard, and sha256sum -c SHA256SUMS passes', async () => {
    await captureWithPopup(a, server.url('article.html'), 1);
    await captureWithPopup(a, server.url(`hostile.html${HOSTILE_QUERY}`), 2);
    await captureWithPopup(a, server.url('scrolling.html'), 3);
    const worker = a.worker;
    logA = await waitForSettled(worker, 3);
    expect(logA.map((c) => c.status)).toEqual(['done', 'done', 'done']);
    expect(logA[1].summary.title).toBe(HOSTILE_TITLE);

    ({ zipPath, fileName } = await exportThroughUi(a, work));
    expect(fileName).toMatch(/^holdfast-evidence-\d{4}-\d{2}-\d{2}-\d{4}\.zip$/);
    ({ dir, files } = unzipBundle(zipPath));
    manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(Object.keys(files).filter((p) => !p.startsWith('captures/')).sort()).toEqual([
      'HOW-TO-VERIFY.txt',
      'SHA256SUMS',
      'custody/chain-head.json',
      'custody/chain-head.sig',
      'custody/events.json',
      'custody/statement-signatures.json',
      'custody/statements.json',
      'log.csv',
      'manifest.json',
      'manifest.sha256',
      'manifest.sig',
      'report.html',
      'report.pdf',
      'signing-key.jwk.json',
      'verify.html',
    ]);

    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(Object.keys(files).length - 1);
    expect(lines.every((line) => line.endsWith(': OK'))).toBe(true);
    expect(out).toContain('report.pdf: OK');
    const digest = sha256(files['manifest.json']);
    expect(execFileSync('sha256sum', ['-c', 'manifest.sha256'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('manifest.json: OK');
    expect(new TextDecoder().decode(files['manifest.sha256'])).toBe(`${digest}  manifest.json\n`);
    expect(manifest.captures.map((c) => c.id)).toEqual(logA.map((c) => c.id));
    for (const capture of logA) {
      const entry = manifest.captures.find((c) => c.id === capture.id)!;
      for (const artifact of capture.artifacts) expect(sha256(files[`${entry.folder}/${artifact.name}`])).toBe(artifact.sha256);
    }
  });

  it('report.html from file:// shows each capture with its screenshot and the manifest digest; page content stays text', async () => {
    const page = await a.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const sections = page.locator('section.capture');
    await expect.poll(() => sections.count()).toBe(3);
    const headings = await page.locator('section.capture h2 bdi').allTextContents();
    expect(headings).toEqual(logA.map((c) => c.summary.title));
    expect(await page.locator('dl.facts').first().textContent()).toContain(sha256(files['manifest.json']));
    // Every screenshot loads from the folder (relative path, offline; lazily, as it scrolls into view).
    const images = page.locator('section.capture img');
    expect(await images.count()).toBe(3);
    for (const image of await images.all()) {
      await image.scrollIntoViewIfNeeded();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    }
    expect(await injections(page, OUR_IMAGES)).toEqual([]);
    const hostile = page.locator('section.capture').nth(1);
    expect(await hostile.textContent()).toContain('<img src=x onerror="window.__pwned=2">');
    expect(await hostile.textContent()).toContain('HOSTILE-MARKER-91c2');
    expect(await hostile.textContent()).toContain('%3Cscript%3E');
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('log.csv neutralises the hostile title as a formula', () => {
    const csv = new TextDecoder().decode(files['log.csv']);
    expect([...files['log.csv'].subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/x"",""open"")`);
    expect(csv).not.toMatch(/(^|,)"[=+\-@]/m);
    expect(csv.trim().split('\r\n')).toHaveLength(4);
  });

  it('report.pdf has the digest on its cover, each capture with its screenshot, and page numbers', async () => {
    checkCrossReferences(files['report.pdf']);
    const pdf = await readPdf(files['report.pdf']);
    expect(pdf.pages[0].text).toContain(sha256(files['manifest.json']));
    expect(pdf.pages.reduce((n, p) => n + p.images, 0)).toBe(3);
    const all = pdf.pages.map((p) => p.text).join('\n');
    for (const n of [1, 2, 3]) expect(all).toContain(`Capture ${n} of 3`);
    expect(all).toContain(`Page ${pdf.pageCount} of ${pdf.pageCount}`);
  });

  it('verify.html from file:// says all OK, then names a changed screenshot CHANGED and a deleted one MISSING', async () => {
    const copy = join(work, 'tampered');
    cpSync(dir, copy, { recursive: true });
    const page = await a.context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(copy, 'verify.html')).href);
    const check = async () => {
      await page.evaluate(() => document.getElementById('results')!.replaceChildren());
      await page.locator('#folder').setInputFiles(copy);
      await page.locator('#verdict').waitFor({ timeout: 60_000 });
      return page.evaluate(() => ({
        verdict: document.getElementById('verdict')!.textContent ?? '',
        digest: document.querySelector('dd.hash')?.textContent ?? '',
        rows: [...document.querySelectorAll('section[data-check="files"] tbody tr')].map((tr) => ({
          status: tr.querySelector('td.status')!.textContent ?? '',
          path: tr.querySelector('td.path')!.firstChild?.textContent ?? '',
        })),
      }));
    };
    const fileCount = Object.keys(files).length - 1;
    const ok = await check();
    expect(ok.verdict).toBe(`All ${fileCount} files are exactly as they were exported. Nothing was changed, added or removed.`);
    expect(ok.rows.map((r) => r.path)).toEqual(expect.arrayContaining(['report.html', 'report.pdf', 'log.csv', 'manifest.sha256', `${manifest.captures[1].folder}/screenshot.png`]));
    expect(ok.digest).toBe(sha256(files['manifest.json']));

    const changed = `${manifest.captures[0].folder}/screenshot.png`;
    const bytes = readFileSync(join(copy, changed));
    bytes[bytes.length - 30] ^= 0x01;
    writeFileSync(join(copy, changed), bytes);
    const missing = `${manifest.captures[2].folder}/screenshot.png`;
    unlinkSync(join(copy, missing));
    const hostileName = 'captures/<img src=x onerror="window.__pwned=13">.png';
    writeFileSync(join(copy, hostileName), 'added later');
    const bad = await check();
    expect(bad.verdict).toBe('Problems found: 1 CHANGED, 1 MISSING, 1 UNEXPECTED. See the details below.');
    expect(bad.rows.filter((r) => r.status !== 'OK')).toEqual(
      expect.arrayContaining([
        { status: 'CHANGED', path: changed },
        { status: 'MISSING', path: missing },
        { status: 'UNEXPECTED', path: hostileName },
      ]),
    );
    expect(await injections(page, NO_IMAGES)).toEqual([]);
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    await page.close();
  });

  it('the popup and the dashboard show the hostile title as text', async () => {
    const popup = await openExtensionWindow(a, 'popup.html');
    await popup.locator('.capture').nth(2).waitFor();
    expect(await popup.locator('.capture__title').allTextContents()).toContain(HOSTILE_TITLE);
    expect(await injections(popup, OUR_IMAGES)).toEqual([]);
    await popup.close();
    const dashboard = await openExtensionTab(a, 'dashboard.html');
    await dashboard.locator('.log-row').nth(2).waitFor();
    expect(await dashboard.getByRole('checkbox', { name: `Select: ${HOSTILE_TITLE}` }).count()).toBe(1);
    expect(await injections(dashboard, OUR_IMAGES)).toEqual([]);
    await dashboard.close();
    expect(dialogs).toEqual([]);
  });

  it('records the export in the chain of custody and lists it under "Exports and imports"', async () => {
    const dashboard = await openExtensionTab(a, 'dashboard.html#export');
    const custody = await readCustody(dashboard);
    const exported = custody.filter((e) => e.type === 'bundle-exported');
    expect(exported).toHaveLength(1);
    expect(exported[0].payload).toMatchObject({ fileName, bundleSha256: sha256(files['manifest.json']), captureCount: 3, captureIds: logA.map((c) => c.id) });
    await expect.poll(() => dashboard.locator('.history li').first().textContent()).toContain(`Exported ${fileName} — 3 captures`);
    await dashboard.close();
  });

  it('exports only the capture ticked in the list', async () => {
    const dashboard = await openExtensionTab(a, 'dashboard.html');
    const chosen = logA[0];
    await dashboard.getByRole('checkbox', { name: `Select: ${chosen.summary.title}` }).check();
    await dashboard.getByRole('button', { name: 'Export these' }).click();
    expect(await dashboard.getByRole('radio', { name: '1 capture you selected (1 capture)' }).isChecked()).toBe(true);
    await expect.poll(() => dashboard.locator('.export__summary').textContent()).toMatch(/^1 capture, /);
    const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.getByRole('button', { name: 'Export', exact: true }).click()]);
    const path = join(work, `selected-${download.suggestedFilename()}`);
    await download.saveAs(path);
    await dashboard.getByText(/^Saved as holdfast-evidence-/).waitFor();
    const selected = unzipBundle(path);
    const selectedManifest: Manifest = JSON.parse(new TextDecoder().decode(selected.files['manifest.json']));
    expect(selectedManifest.captures.map((c) => c.id)).toEqual([chosen.id]);
    expect(execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: selected.dir, encoding: 'utf8' })).toBe('');
    rmSync(selected.dir, { recursive: true, force: true });
    await dashboard.close();
  });

  it('imports the bundle into a second fresh profile: same captures, same hashes; importing again adds nothing', async () => {
    b = await launchWithExtension();
    const dashboard = await openExtensionTab(b, 'dashboard.html#export');
    const importBundle = async (path: string) => {
      await dashboard.locator('.import input[type=file]').setInputFiles(path);
      await dashboard.getByRole('button', { name: 'Import', exact: true }).click();
      const status = dashboard.locator('.import [role=status]');
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/Imported|Not imported|failed/);
      return (await status.textContent()) ?? '';
    };
    expect(await importBundle(zipPath)).toBe(`Imported ${fileName}: 3 captures added, 0 already in your log.`);
    const logB = await readLog(dashboard);
    expect(logB.map((c) => [c.id, c.status, c.pressedAt, c.artifacts.map((x) => [x.name, x.sha256])])).toEqual(
      logA.map((c) => [c.id, c.status, c.pressedAt, c.artifacts.map((x) => [x.name, x.sha256])]),
    );
    const log = await openExtensionTab(b, 'dashboard.html#log');
    await expect.poll(() => log.locator('.log-row').count()).toBe(3);
    await log.close();

    expect(await importBundle(zipPath)).toBe(`Imported ${fileName}: 0 captures added, 3 already in your log.`);
    expect(await readLog(dashboard)).toEqual(logB);
    const custody = await readCustody(dashboard);
    expect(custody.map((e) => [e.type, (e.payload.captureIds as string[]).length])).toEqual([
      ['bundle-imported', 3],
      ['bundle-imported', 0],
    ]);
    expect(custody[0].payload.bundleSha256).toBe(sha256(files['manifest.json']));

    // Export from the second profile: the same evidence files, byte for byte.
    const again = await exportThroughUi(b, join(work, 'from-b'));
    const fromB = unzipBundle(again.zipPath);
    for (const file of manifest.files.filter((f) => f.path.startsWith('captures/'))) expect(sha256(fromB.files[file.path])).toBe(file.sha256);
    rmSync(fromB.dir, { recursive: true, force: true });
    await dashboard.close();
  });

  it('refuses a changed, missing or unexpected file, a ../ path, a zip bomb and a file that is not a bundle, leaving the log as it was', async () => {
    const target = b ?? (b = await launchWithExtension());
    const dashboard = await openExtensionTab(target, 'dashboard.html#export');
    const before = { log: await readLog(dashboard), custody: await readCustody(dashboard) };
    const screenshot = `${manifest.captures[0].folder}/screenshot.png`;
    const flipped = files[screenshot].slice();
    flipped[flipped.length - 30] ^= 0x01;
    const zipOf = (entries: Zippable, name: string) => {
      const path = join(work, name);
      writeFileSync(path, zipSync(entries, { level: 0 }));
      return path;
    };
    const without = (path: string) => Object.fromEntries(Object.entries(files).filter(([p]) => p !== path));
    const cases: { name: string; path: string; reason: RegExp }[] = [
      { name: 'changed', path: zipOf({ ...files, [screenshot]: flipped }, 'changed.zip'), reason: /A file of the bundle was changed after it was exported\./ },
      { name: 'missing', path: zipOf(without(screenshot), 'missing.zip'), reason: /A file of the bundle was removed after it was exported\./ },
      { name: 'unexpected', path: zipOf({ ...files, 'captures/extra.exe': new Uint8Array([1, 2, 3]) }, 'unexpected.zip'), reason: /A file was added to the bundle after it was exported\./ },
      { name: '../ path', path: zipOf({ ...files, '../outside.txt': new TextEncoder().encode('escape') }, 'escape.zip'), reason: /points outside the bundle/ },
      {
        name: 'zip bomb',
        path: (() => {
          const path = join(work, 'bomb.zip');
          writeFileSync(path, zipSync({ ...files, 'bomb.bin': [new Uint8Array(64 * 1024 * 1024), { level: 9 }] }, { level: 0 }));
          return path;
        })(),
        reason: /zip bomb/,
      },
      { name: 'not our bundle', path: zipOf({ 'holiday/photo.txt': new TextEncoder().encode('not evidence') }, 'holiday.zip'), reason: /This file is not a Holdfast evidence bundle\./ },
      {
        name: 'not a zip',
        path: (() => {
          const path = join(work, 'notes.zip');
          writeFileSync(path, 'just some notes');
          return path;
        })(),
        reason: /This file is not a \.zip file\./,
      },
    ];
    for (const refusal of cases) {
      await dashboard.locator('.import input[type=file]').setInputFiles(refusal.path);
      await dashboard.getByRole('button', { name: 'Import', exact: true }).click();
      const status = dashboard.locator('.import [role=status]');
      await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/Not imported|Imported|failed/);
      const text = (await status.textContent()) ?? '';
      expect(text, refusal.name).toMatch(/^Not imported: your log is unchanged\./);
      expect(text, refusal.name).toMatch(refusal.reason);
      expect(await readLog(dashboard), refusal.name).toEqual(before.log);
      expect(await readCustody(dashboard), refusal.name).toEqual(before.custody);
    }
    await dashboard.close();
  });
});
