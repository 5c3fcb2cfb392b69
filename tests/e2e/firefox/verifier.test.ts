/**
 * The bundle's verify.html in Firefox (a clerk may open it in any browser), from file:// in an
 * unzipped bundle: the .zip checks out, one changed byte is named CHANGED, a hostile file name
 * stays text, and the page asks for nothing beyond its own file.
 *
 * Choosing the unzipped *folder* is tested in Chromium only (tests/e2e/verifier.test.ts):
 * Firefox 153's WebDriver BiDi `input.setFiles` refuses directories (NS_ERROR_FILE_IS_DIRECTORY),
 * so no test driver can pick a folder there.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHowToVerify } from '../../../utils/export/how-to-verify';
import { renderLogCsv } from '../../../utils/export/log-csv';
import { renderReportHtml } from '../../../utils/export/report-html';
import { VERIFIER_HTML } from '../../../utils/export/verifier/verifier-html.generated';
import { assembleBundle, ordinaryBundle } from '../../unit/export/report-fixtures';
import { launchFirefox } from './harness';

const encoder = new TextEncoder();

describe('Firefox: verify.html from file://', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let zipPath: string;
  let screenshot: string;
  let fileCount: number;
  let files: Map<string, Uint8Array>;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    const base = ordinaryBundle();
    const listed = assembleBundle(base, {
      listed: {
        'log.csv': renderLogCsv(base.input),
        'HOW-TO-VERIFY.txt': renderHowToVerify({ tool: 'Holdfast 0.1.0', exportedAt: base.input.manifest.exportedAt }),
        'verify.html': encoder.encode(VERIFIER_HTML),
      },
    });
    const bundle = assembleBundle(listed, { sumsOnly: { 'report.html': encoder.encode(renderReportHtml(listed.input)) } });
    screenshot = bundle.input.captures[0].files.find((f) => f.path.endsWith('/screenshot.png'))!.path;
    dir = join(mkdtempSync(join(tmpdir(), 'holdfast-ff-verify-')), 'holdfast-evidence-2026-11-30-1100');
    for (const [path, bytes] of bundle.files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), bytes);
    }
    fileCount = bundle.files.size - 1; // every file but SHA256SUMS is checked
    zipPath = join(dirname(dir), 'holdfast-evidence-2026-11-30-1100.zip');
    writeFileSync(zipPath, zipSync(Object.fromEntries(bundle.files)));
    files = bundle.files;

    browser = await launchFirefox();
    page = await browser.newPage();
    page.on('request', (request) => {
      requests.push(request.url());
    });
    page.on('pageerror', (error) => {
      errors.push(String(error));
    });
    await page.goto(pathToFileURL(join(dir, 'verify.html')).href);
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  async function choose(input: '#zip', path: string): Promise<{ verdict: string; rows: { status: string; path: string }[] }> {
    await page.evaluate(() => document.getElementById('results')!.replaceChildren());
    await (await page.$(`input${input}`))!.uploadFile(path);
    await page.waitForSelector('#verdict', { timeout: 30_000 });
    return page.evaluate(() => ({
      verdict: document.getElementById('verdict')!.textContent ?? '',
      rows: [...document.querySelectorAll('section[data-check="files"] tbody tr')].map((tr) => ({
        status: tr.querySelector('td.status')!.textContent ?? '',
        path: tr.querySelector('td.path')!.firstChild?.textContent ?? '',
      })),
    }));
  }

  it('says every file of the .zip is OK', async () => {
    const { verdict, rows } = await choose('#zip', zipPath);
    expect(verdict).toBe(`All ${fileCount} files are exactly as they were exported. Nothing was changed, added or removed.`);
    expect(rows).toHaveLength(fileCount);
    expect(rows.every((r) => r.status === 'OK')).toBe(true);
  });

  it('names a screenshot with one changed byte CHANGED, and an added file with a hostile name UNEXPECTED, as text', async () => {
    const tampered = Object.fromEntries(files);
    const bytes = tampered[screenshot].slice();
    bytes[bytes.length - 20] ^= 0x01;
    tampered[screenshot] = bytes;
    const name = 'captures/<img src=x onerror="window.__pwned=1">.png';
    tampered[name] = encoder.encode('added after the export');
    const tamperedZip = join(dirname(dir), 'tampered.zip');
    writeFileSync(tamperedZip, zipSync(tampered));

    const { verdict, rows } = await choose('#zip', tamperedZip);
    expect(verdict).toBe('Problems found: 1 CHANGED, 1 UNEXPECTED. See the details below.');
    expect(rows.find((r) => r.path === screenshot)?.status).toBe('CHANGED');
    expect(rows.find((r) => r.path === name)?.status).toBe('UNEXPECTED');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval('#results img', (images) => images.length)).toBe(0);
  });

  it('made no network request (only its inline data: font), and reported no error', () => {
    expect(requests.every((url) => url.startsWith('file://') || url.startsWith('data:')), JSON.stringify(requests.map((u) => u.slice(0, 60)))).toBe(true);
    expect(errors).toEqual([]);
  });
});
