/**
 * The Firefox half of `npm run bench -- --browser firefox`: the same measurements as the
 * Chromium benchmark in `bench.ts`, in Debian's firefox-esr headed under Xvfb with the production
 * Firefox build and real key presses (xdotool), and a table of both browsers side by side.
 * Figures only; nothing here asserts a time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchFirefoxWithExtension, readLog, startFixtureServer, waitForSettled, FIREFOX_BUILD, type LoggedCapture } from '../tests/e2e/firefox/harness';
import { FIXTURES, ROOT } from '../tests/e2e/harness';
import { findWindow, pressKeys, pressRepeatedly, startXvfb } from '../tests/e2e/xvfb';

/** One browser's figures, raw, so that they can be printed alone or side by side. */
export interface BenchFigures {
  browser: string;
  rounds: number;
  /** Bare `captureVisibleTab` calls, ms. */
  floor: number[];
  /** From the command handler (pressedAt) to the capture stored and hashed (storedAt), ms. */
  commandToStored: number[];
  /** From xdotool sending the key to the capture stored, ms. */
  keyToStored: number[];
  burst: { presses: number; kept: number; pressesPerSecond: number; capturesPerSecond: number; allStoredAfterSeconds: number };
  /** The browser's own screenshot limit, in words. */
  screenshotLimit: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Burst figures from the captures of one burst, the same way for every browser. */
export function burstFigures(burst: LoggedCapture[]): BenchFigures['burst'] {
  const shots = burst.map((c) => Date.parse(c.screenshotAt ?? c.pressedAt));
  const pressed = burst.map((c) => Date.parse(c.pressedAt));
  return {
    presses: burst.length,
    kept: burst.filter((c) => c.status === 'done').length,
    pressesPerSecond: (burst.length - 1) / ((pressed[pressed.length - 1] - pressed[0]) / 1000),
    capturesPerSecond: (burst.length - 1) / ((shots[shots.length - 1] - shots[0]) / 1000),
    allStoredAfterSeconds: (Date.parse(burst[burst.length - 1].storedAt!) - Date.parse(burst[0].pressedAt)) / 1000,
  };
}

/** Runs the capture benchmark in Firefox. */
export async function benchFirefox(rounds: number): Promise<BenchFigures> {
  execFileSync('node', ['scripts/ensure-browsers.mjs', 'firefox'], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(join(FIREFOX_BUILD, 'manifest.json')) || process.env.BENCH_REBUILD !== '0') {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: ROOT, stdio: 'ignore' });
  }
  const display = await startXvfb();
  const server = await startFixtureServer(FIXTURES);
  const ff = await launchFirefoxWithExtension({ headless: false, env: { DISPLAY: display.name } });
  try {
    const [page] = await ff.browser.pages();
    await page.goto(server.url('article.html'));
    await page.bringToFront();
    const window = findWindow(display, 'Community board');

    // Warm-up press: grants activeTab for this tab (so the bare calls below are allowed) and
    // wakes the event page.
    pressKeys(display, window, 'alt+shift+k');
    await waitForSettled(ff, 1);
    await sleep(800);

    const floor: number[] = [];
    for (let i = 0; i < rounds; i++) {
      floor.push(
        await ff.control.evaluate(async () => {
          const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
          const started = performance.now();
          await chrome.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
          return performance.now() - started;
        }),
      );
      await sleep(600);
    }

    const commandToStored: number[] = [];
    const keyToStored: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const before = (await readLog(ff)).length;
      const sent = Date.now();
      pressKeys(display, window, 'alt+shift+k');
      const log = await waitForSettled(ff, before + 1);
      const capture = log[log.length - 1];
      if (capture.status !== 'done') throw new Error(`capture failed: ${capture.failure?.reason}`);
      commandToStored.push(Date.parse(capture.storedAt!) - Date.parse(capture.pressedAt));
      keyToStored.push(Date.parse(capture.storedAt!) - sent);
      await sleep(700);
    }

    await sleep(1200);
    const before = (await readLog(ff)).length;
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await pressRepeatedly(display, window, 'alt+shift+k', 10, 250);
    const burst = (await waitForSettled(ff, before + 10, 60_000)).slice(before);
    const version = (await ff.browser.version()).replace(/^firefox\//i, '');
    return { browser: `Firefox ${version}`, rounds, floor, commandToStored, keyToStored, burst: burstFigures(burst), screenshotLimit: 'no limit' };
  } finally {
    await ff.close();
    await server.close();
    await display.close();
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Prints several browsers' figures in columns, one row per figure. */
export function printSideBySide(all: BenchFigures[]): void {
  const rows: [string, (f: BenchFigures) => string][] = [
    ['bare captureVisibleTab (floor), median', (f) => ms(median(f.floor))],
    ['command → stored and hashed, median', (f) => ms(median(f.commandToStored))],
    ['  … as a multiple of the floor', (f) => `${(median(f.commandToStored) / median(f.floor)).toFixed(2)}×`],
    ['key press (xdotool) → stored, median', (f) => ms(median(f.keyToStored))],
    ['burst of 10 presses at 4/s: kept', (f) => `${f.burst.kept} of ${f.burst.presses}`],
    ['  presses/s as the extension received them', (f) => f.burst.pressesPerSecond.toFixed(2)],
    ['  captures/s, first to last screenshot', (f) => `${f.burst.capturesPerSecond.toFixed(2)} (${f.screenshotLimit})`],
    ['  all stored after the first press', (f) => `${f.burst.allStoredAfterSeconds.toFixed(2)} s`],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
  const columnWidth = Math.max(24, ...all.map((f) => f.browser.length + 2));
  console.log(`\nHoldfast capture benchmark — side by side, production builds, real key presses under Xvfb, ${all[0]?.rounds ?? 0} rounds each\n`);
  console.log(`  ${''.padEnd(labelWidth)}${all.map((f) => f.browser.padEnd(columnWidth)).join('')}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(labelWidth)}${all.map((f) => value(f).padEnd(columnWidth)).join('')}`);
  for (const f of all) {
    console.log(`\n  ${f.browser} raw (ms): floor ${f.floor.map((v) => v.toFixed(0)).join(' ')}`);
    console.log(`  ${' '.repeat(f.browser.length)}           command→stored ${f.commandToStored.join(' ')}`);
  }
}
