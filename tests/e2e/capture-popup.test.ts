import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickToolbarButton,
  exportThroughUi,
  launchWithExtension,
  openExtensionWindow,
  sha256,
  startFixtureServer,
  unzipBundle,
  waitForSettled,
  type ExtensionBrowser,
  type FixtureServer,
} from './harness';

describe('capture from the popup, then export (headless, production build)', () => {
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

  it('keeps the screenshot, the page and the times, and exports a bundle that checks out', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('article.html'));
    await page.bringToFront();
    await clickToolbarButton(browser, page);

    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.getByRole('button', { name: 'Capture this page' }).click();
    const [capture] = await waitForSettled(popup, 1);

    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    expect(capture.trigger).toBe('popup');
    expect(capture.summary.url).toBe(server.url('article.html'));
    expect(capture.summary.title).toBe('Community board — a thread about the allotment');
    // the page itself (MHTML) is kept with every capture
    expect(capture.artifacts.map((a) => a.name).sort()).toEqual(['metadata.json', 'page.mhtml', 'screenshot.png', 'text.txt']);
    await popup.getByText('Saved to your log.').waitFor();
    await popup.locator('.capture', { hasText: 'Community board' }).waitFor();

    const { zipPath, fileName } = await exportThroughUi(browser);
    expect(fileName).toMatch(/^holdfast-evidence-\d{4}-\d{2}-\d{2}-\d{4}\.zip$/);
    const { dir, files } = unzipBundle(zipPath);
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(out).toContain('manifest.json: OK');

    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.captureCount).toBe(1);
    for (const file of manifest.files) expect(sha256(readFileSync(join(dir, file.path)))).toBe(file.sha256);
    const folder = manifest.captures[0].folder;
    const metadata = JSON.parse(readFileSync(join(dir, folder, 'metadata.json'), 'utf8'));
    expect(metadata.page.url).toBe(server.url('article.html'));
    expect(metadata.page.visibleText).toContain('HOLDFAST-MARKER-7f3a');
    expect(metadata.page.visibleText).not.toContain('BELOW-FOLD-MARKER');
    expect(readFileSync(join(dir, folder, 'text.txt'), 'utf8')).toContain('BELOW-FOLD-MARKER');
    expect(metadata.screenshot.sha256).toBe(sha256(readFileSync(join(dir, folder, 'screenshot.png'))));
    expect(metadata.screenshot.width).toBeGreaterThan(0);
    expect(metadata.time.pressedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(metadata.time.screenshotAt).toMatch(/Z$/);
    expect(metadata.environment.extension.version).toBe('0.1.0');
    // Chrome declares its screenshot limit; the queue paces to it (Firefox declares none).
    expect(metadata.environment.captureApis.screenshotsPerSecond).toBe(2);
    expect(metadata.environment.captureApis.captureVisibleTab).toBe(true);
  });
});
