import { HoldfastDb } from '@/utils/db/database';
import type { CaptureEnvironment } from '@/utils/capture/environment';
import type { PageRead } from '@/utils/capture/page-read';
import type { CaptureServices, TabState } from '@/utils/capture/queue';
import { createPacer } from '@/utils/capture/screenshot';
import { makePng, pngDataUrl } from './png';

export const ENVIRONMENT: CaptureEnvironment = {
  browser: { name: 'Chromium', version: '156.0.0.0', userAgent: 'test' },
  os: { name: 'linux', arch: 'x86-64' },
  extension: { name: 'Holdfast', version: '0.1.0', id: 'test-extension', manifestVersion: 3 },
};

export function pageRead(overrides: Partial<PageRead> = {}): PageRead {
  return {
    url: 'https://social.example/thread/1',
    title: 'A thread',
    language: 'en',
    readAt: '2026-11-30T10:00:00.050Z',
    timeZone: 'Europe/Madrid',
    viewport: { width: 1280, height: 800 },
    scroll: { x: 0, y: 120 },
    documentSize: { width: 1280, height: 4000 },
    devicePixelRatio: 1,
    text: 'Whole page text with a threat in it',
    textLength: 35,
    textTruncated: false,
    visibleText: 'a threat in it',
    visibleTextTruncated: false,
    selectedText: '',
    selectedTextTruncated: false,
    limitsHit: [],
    ...overrides,
  };
}

/** A controllable fake browser for the capture queue, with a clock that only moves when told. */
export function fakeServices(overrides: Partial<CaptureServices> = {}) {
  let clock = Date.parse('2026-11-30T10:00:00.000Z');
  const tabs = new Map<number, TabState>([[7, { windowId: 1, active: true, url: 'https://social.example/thread/1' }]]);
  const screenshotCalls: number[] = [];
  const sleeps: number[] = [];
  const db = new HoldfastDb(`test-${crypto.randomUUID()}`);
  const png = makePng(4, 3);
  const services: CaptureServices = {
    db,
    now: () => clock,
    pacer: createPacer(
      () => clock,
      async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    ),
    takeScreenshot: async (windowId) => {
      screenshotCalls.push(windowId);
      clock += 100;
      return pngDataUrl(png);
    },
    readPage: async () => pageRead(),
    getTab: async (tabId) => tabs.get(tabId),
    environment: async () => ENVIRONMENT,
    ...overrides,
  };
  return {
    services,
    db,
    tabs,
    png,
    screenshotCalls,
    sleeps,
    advance: (ms: number) => {
      clock += ms;
    },
    target: { tabId: 7, windowId: 1, url: 'https://social.example/thread/1', title: 'A thread' },
  };
}
