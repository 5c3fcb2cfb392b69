/**
 * A real X display (Xvfb) and real key presses (xdotool), so that the browser's own shortcut
 * handling fires `commands.onCommand` and grants `activeTab` exactly as for a person.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Display {
  name: string;
  close(): Promise<void>;
}

/** Starts Xvfb on the first free display number from :90. */
export async function startXvfb(width = 1400, height = 1000): Promise<Display> {
  for (const tool of ['Xvfb', 'xdotool']) {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: run "sudo apt-get install -y xvfb xdotool"`);
    }
  }
  let n = 90;
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n += 1;
  const name = `:${n}`;
  const child: ChildProcess = spawn('Xvfb', [name, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(`/tmp/.X11-unix/X${n}`)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Xvfb did not start on ${name}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    name,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function xdotool(display: Display, args: string[]): string {
  return execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: display.name }, encoding: 'utf8', timeout: 15_000 }).trim();
}

/** The X window whose title contains `title` (the browser puts the page title in it). */
export function findWindow(display: Display, title: string): string {
  const ids = xdotool(display, ['search', '--sync', '--onlyvisible', '--name', title]).split('\n').filter(Boolean);
  if (!ids.length) throw new Error(`No window titled ${title}`);
  return ids[ids.length - 1];
}

/** Focuses the window and presses a key chord on the real keyboard, e.g. `alt+shift+k`. */
export function pressKeys(display: Display, windowId: string, chord: string): void {
  xdotool(display, ['windowfocus', '--sync', windowId]);
  xdotool(display, ['key', '--clearmodifiers', chord]);
}

/** Presses a chord several times at a steady pace (focus once, then keys). */
export async function pressRepeatedly(display: Display, windowId: string, chord: string, times: number, intervalMs: number): Promise<number[]> {
  xdotool(display, ['windowfocus', '--sync', windowId]);
  const at: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = Date.now();
    at.push(started);
    xdotool(display, ['key', '--clearmodifiers', chord]);
    const wait = intervalMs - (Date.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return at;
}

/** Right-clicks at a point of the window (window coordinates), opening the page's context menu. */
export function rightClick(display: Display, windowId: string, x: number, y: number): void {
  xdotool(display, ['windowfocus', '--sync', windowId]);
  xdotool(display, ['mousemove', '--window', windowId, String(x), String(y)]);
  xdotool(display, ['click', '3']);
}

/** Presses single keys one after the other, e.g. `['Up', 'Up', 'Return']`. */
export async function pressSequence(display: Display, keys: string[], gapMs = 120): Promise<void> {
  for (const key of keys) {
    xdotool(display, ['key', key]);
    await new Promise((r) => setTimeout(r, gapMs));
  }
}

/** Moves the real mouse pointer to a point of the screen (screen coordinates). */
export function movePointer(display: Display, x: number, y: number): void {
  xdotool(display, ['mousemove', '--sync', String(Math.round(x)), String(Math.round(y))]);
}

/** Clicks the left button where the pointer is. */
export function clickPointer(display: Display): void {
  xdotool(display, ['click', '1']);
}
