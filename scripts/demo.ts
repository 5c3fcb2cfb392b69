/**
 * `npm run demo`: the main job, headless, on a bundled sample page. Builds nothing itself (the npm
 * script builds first), starts Chromium with the production build, opens the sample page served
 * from 127.0.0.1, clicks Holdfast's toolbar button and "Capture this page" as a person would,
 * exports the log through the dashboard's Export button, checks every hash of the bundle, and
 * prints where the zip and a PNG of the popup are.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  clickToolbarButton,
  currentWorker,
  exportThroughUi,
  launchWithExtension,
  openExtensionWindow,
  sha256,
  startFixtureServer,
  unzipBundle,
  waitForSettled,
} from '../tests/e2e/harness';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'demo-output');

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const server = await startFixtureServer(join(root, 'scripts/demo-site'));
  const browser = await launchWithExtension();
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url('index.html'));
    step(`Opened the sample page ${page.url()}`);

    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.getByRole('button', { name: 'Capture this page' }).click();
    const [capture] = await waitForSettled(await currentWorker(browser), 1);
    if (capture.status !== 'done') throw new Error(`The capture failed: ${capture.failure?.reason} (${capture.failure?.detail ?? ''})`);
    const screenshot = capture.artifacts.find((a) => a.role === 'screenshot')!;
    step(`Captured "${capture.summary.title}" at ${capture.pressedAt} (screenshot SHA-256 ${screenshot.sha256.slice(0, 16)}…)`);

    await popup.locator('.capture img.thumb').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    const popupPng = join(outDir, 'popup.png');
    await popup.screenshot({ path: popupPng });

    const { zipPath } = await exportThroughUi(browser, outDir);
    const { dir, files } = unzipBundle(zipPath);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    for (const file of manifest.files) {
      if (sha256(readFileSync(join(dir, file.path))) !== file.sha256) throw new Error(`Hash mismatch in ${file.path}`);
    }
    try {
      execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir });
      step(`Exported ${manifest.captureCount} capture(s); all ${manifest.files.length} files match manifest.json, and sha256sum -c SHA256SUMS passes`);
    } catch {
      throw new Error('sha256sum -c SHA256SUMS failed on the exported bundle');
    }
    rmSync(dir, { recursive: true, force: true });

    console.log(`\nEvidence bundle: ${zipPath}\nPopup screenshot: ${popupPng}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

function step(message: string) {
  console.log(`✓ ${message}`);
}

main().catch((error) => {
  console.error(`Demo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
