/**
 * verify.html in real Chromium, opened from file:// in an unzipped bundle folder: the person
 * chooses the folder and sees every file OK; then one byte of a screenshot changes (CHANGED), a
 * file is deleted (MISSING) and one is added (UNEXPECTED). The page makes no network request and
 * a hostile file name stays text.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHowToVerify } from '../../utils/export/how-to-verify';
import { renderLogCsv } from '../../utils/export/log-csv';
import { renderReportHtml } from '../../utils/export/report-html';
import { VERIFIER_HTML } from '../../utils/export/verifier/verifier-html.generated';
import { assembleBundle, ordinaryBundle } from '../unit/export/report-fixtures';
import { CHROMIUM } from './harness';

const encoder = new TextEncoder();

function writeBundle(dir: string, files: Map<string, Uint8Array>): void {
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

describe('verify.html from file://', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let screenshot: string;
  let fileCount: number;
  let manifestDigest: string;
  const requests: string[] = [];
  const errors: string[] = [];
  let zipPath: string;

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
    manifestDigest = bundle.manifestDigest;
    screenshot = bundle.input.captures[0].files.find((f) => f.path.endsWith('/screenshot.png'))!.path;
    dir = join(mkdtempSync(join(tmpdir(), 'holdfast-verify-')), 'holdfast-evidence-2026-11-30-1100');
    writeBundle(dir, bundle.files);
    fileCount = bundle.files.size - 1; // every file but SHA256SUMS is checked

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    zipPath = join(dirname(dir), 'holdfast-evidence-2026-11-30-1100.zip');
    writeFileSync(zipPath, zipSync(Object.fromEntries(bundle.files)));
    await page.goto(pathToFileURL(join(dir, 'verify.html')).href);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  async function chooseFolder(): Promise<{ verdict: string; rows: { status: string; path: string }[] }> {
    await page.evaluate(() => document.getElementById('results')!.replaceChildren());
    await page.locator('#folder').setInputFiles(dir);
    await page.locator('#verdict').waitFor({ timeout: 30_000 });
    return page.evaluate(() => ({
      verdict: document.getElementById('verdict')!.textContent ?? '',
      rows: [...document.querySelectorAll('section[data-check="files"] tbody tr')].map((tr) => ({
        status: tr.querySelector('td.status')!.textContent ?? '',
        path: tr.querySelector('td.path')!.firstChild?.textContent ?? '',
      })),
    }));
  }

  it('sha256sum -c passes on the folder, as HOW-TO-VERIFY.txt says', () => {
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(out.trim().split('\n')).toHaveLength(fileCount);
    expect(out).not.toMatch(/FAILED/);
  });

  it('says every file is OK and shows the manifest digest', async () => {
    const { verdict, rows } = await chooseFolder();
    expect(verdict).toBe(`All ${fileCount} files are exactly as they were exported. Nothing was changed, added or removed.`);
    expect(rows).toHaveLength(fileCount);
    expect(rows.every((r) => r.status === 'OK')).toBe(true);
    expect(rows.map((r) => r.path)).toEqual(expect.arrayContaining(['manifest.json', 'report.html', 'verify.html', screenshot]));
    expect(await page.locator('dd.hash').first().textContent()).toBe(manifestDigest);

    await page.locator('#digest').fill(manifestDigest);
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('The same: this is the bundle the report describes.');
    await page.locator('#digest').fill('');
  });

  it('checks the .zip as well, when the person chooses it instead of the folder', async () => {
    await page.evaluate(() => document.getElementById('results')!.replaceChildren());
    await page.locator('#zip').setInputFiles(zipPath);
    await page.locator('#verdict').waitFor({ timeout: 30_000 });
    expect(await page.locator('#verdict').textContent()).toBe(`All ${fileCount} files are exactly as they were exported. Nothing was changed, added or removed.`);
  });

  it('names a screenshot with one changed byte CHANGED', async () => {
    const path = join(dir, screenshot);
    const bytes = readFileSync(path);
    bytes[bytes.length - 20] ^= 0x01;
    writeFileSync(path, bytes);
    const { verdict, rows } = await chooseFolder();
    expect(verdict).toBe('Problems found: 1 CHANGED. See the details below.');
    expect(rows[0]).toEqual({ status: 'CHANGED', path: screenshot });
    expect(rows.filter((r) => r.status !== 'OK')).toHaveLength(1);
  });

  it('names a deleted file MISSING', async () => {
    unlinkSync(join(dir, screenshot));
    const { rows } = await chooseFolder();
    expect(rows.find((r) => r.path === screenshot)?.status).toBe('MISSING');
  });

  it('names an added file UNEXPECTED, showing a hostile name as text', async () => {
    const name = '<img src=x onerror="window.__pwned=1">.png';
    writeFileSync(join(dir, 'captures', name), 'added after the export');
    const { verdict, rows } = await chooseFolder();
    expect(rows.find((r) => r.path === `captures/${name}`)?.status).toBe('UNEXPECTED');
    expect(verdict).toBe('Problems found: 1 MISSING, 1 UNEXPECTED. See the details below.');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#results img').count()).toBe(0);
  });

  it('made no request beyond its own file, and reported no error (no CSP violation)', () => {
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    expect(requests).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
