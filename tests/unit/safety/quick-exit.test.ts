import { describe, expect, it, vi } from 'vitest';
import { quickExit, type QuickExitBrowser } from '@/utils/safety/quick-exit';

const ORIGIN = 'chrome-extension://abcdefghijklmnop/';

function fakeBrowser(lastFocused: { id?: number; type?: string } | undefined = { id: 1, type: 'normal' }) {
  const calls: string[] = [];
  const browser: QuickExitBrowser = {
    tabs: {
      query: vi.fn(async () => [
        { id: 10, windowId: 1, url: 'https://social.example/thread' },
        { id: 11, windowId: 1, url: `${ORIGIN}dashboard.html` },
        { id: 12, windowId: 2, url: `${ORIGIN}settings.html#encryption` },
        { id: 13, windowId: 1, url: 'chrome-extension://someotherextension/page.html' },
        { id: 14, windowId: 1 },
      ]),
      create: vi.fn(async (p) => calls.push(`create ${p.url} in ${p.windowId}`)),
      remove: vi.fn(async (ids: number[]) => void calls.push(`remove ${ids.join(',')}`)),
    },
    windows: {
      getLastFocused: vi.fn(async () => lastFocused),
      create: vi.fn(async (p) => calls.push(`window ${p.url}`)),
    },
  };
  return { browser, calls };
}

describe('quick exit', () => {
  it('locks first, shows the neutral page, then closes only Holdfast pages', async () => {
    const { browser, calls } = fakeBrowser();
    const lock = vi.fn(async () => void calls.push('lock'));
    const result = await quickExit(browser, { extensionOrigin: ORIGIN, neutralPage: 'https://weather.example/', lock });
    expect(calls).toEqual(['lock', 'create https://weather.example/ in 1', 'remove 11,12']);
    expect(result).toEqual({ closedTabs: 2, shown: 'https://weather.example/' });
  });

  it('opens a window when no ordinary window is left, and never sends a tab to a bad address', async () => {
    const { browser, calls } = fakeBrowser({});
    await quickExit(browser, { extensionOrigin: ORIGIN, neutralPage: 'javascript:alert(1)', lock: async () => undefined });
    expect(calls[0]).toBe('window https://www.google.com/');
  });

  it('still leaves when locking fails', async () => {
    const { browser, calls } = fakeBrowser();
    await quickExit(browser, { extensionOrigin: ORIGIN, neutralPage: 'https://www.bing.com/', lock: () => Promise.reject(new Error('x')) });
    expect(calls).toEqual(['create https://www.bing.com/ in 1', 'remove 11,12']);
  });
});
