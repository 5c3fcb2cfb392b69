import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, createCaptureQueue } from '@/utils/capture/queue';
import { sha256Hex } from '@/utils/integrity/sha256';
import { fakeServices, pageRead } from '../support/capture-services';
import { makePng, pngDataUrl } from '../support/png';

async function blobText(blob: Blob): Promise<string> {
  return new TextDecoder().decode(await blob.arrayBuffer());
}

describe('capture queue', () => {
  it('writes the press to IndexedDB before the screenshot is taken', async () => {
    let release!: (url: string) => void;
    const f = fakeServices({ takeScreenshot: () => new Promise((r) => (release = r)) });
    const queue = createCaptureQueue(f.services);
    const record = await queue.request('shortcut', f.target);
    const stored = await f.db.captures.get(record.id);
    expect(stored?.status).toBe('pending');
    expect(stored?.pressedAt).toBe('2026-11-30T10:00:00.000Z');
    await new Promise((r) => setTimeout(r, 10));
    release(pngDataUrl(f.png));
    await queue.drain();
    expect((await f.db.captures.get(record.id))?.status).toBe('done');
  });

  it('hashes and stores every artifact and records what was captured', async () => {
    const f = fakeServices();
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target);
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('done');
    expect(capture.screenshotAt).toBe('2026-11-30T10:00:00.100Z');
    expect(capture.summary).toEqual({ url: 'https://social.example/thread/1', title: 'A thread', site: 'social.example' });
    expect(capture.artifacts.map((a) => a.name)).toEqual(['screenshot.png', 'text.txt', 'metadata.json']);

    for (const artifact of capture.artifacts) {
      const blob = (await f.db.blobs.get(artifact.sha256))!;
      expect(await sha256Hex(blob.data)).toBe(artifact.sha256);
      expect(blob.size).toBe(artifact.size);
    }
    const screenshot = capture.artifacts[0];
    expect(screenshot.sha256).toBe(await sha256Hex(f.png));

    const metadata = JSON.parse(await blobText((await f.db.blobs.get(capture.artifacts[2].sha256))!.data));
    expect(metadata.captureId).toBe(id);
    expect(metadata.trigger).toBe('shortcut');
    expect(metadata.time).toMatchObject({ pressedAt: '2026-11-30T10:00:00.000Z', pageReadAt: '2026-11-30T10:00:00.050Z', screenshotAt: '2026-11-30T10:00:00.100Z' });
    expect(metadata.time.timeZone).toBeTypeOf('string');
    expect(metadata.time.utcOffset).toMatch(/^[+-]\d{2}:\d{2}$/);
    expect(metadata.screenshot).toMatchObject({ width: 4, height: 3, devicePixelRatio: 1, sha256: screenshot.sha256, method: 'tabs.captureVisibleTab' });
    expect(metadata.text).toMatchObject({ sha256: capture.artifacts[1].sha256, truncated: false, originalLength: 35 });
    expect(metadata.page).toMatchObject({ url: 'https://social.example/thread/1', visibleText: 'a threat in it', scroll: { x: 0, y: 120 } });
    expect(metadata.page).not.toHaveProperty('text');
    expect(metadata.environment.extension).toMatchObject({ name: 'Holdfast', version: '0.1.0' });
    expect(await blobText((await f.db.blobs.get(capture.artifacts[1].sha256))!.data)).toBe('Whole page text with a threat in it');
    expect(await f.db.pendingPageReads.count()).toBe(0);
  });

  it('keeps every press of a burst, in order, spacing screenshots to the browser limit', async () => {
    const f = fakeServices();
    const queue = createCaptureQueue(f.services);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push((await queue.request('shortcut', f.target)).id);
      f.advance(250);
    }
    await queue.drain();
    const log = await f.db.captures.orderBy('pressedAt').toArray();
    expect(log.map((c) => c.id)).toEqual(ids);
    expect(log.every((c) => c.status === 'done')).toBe(true);
    const shots = log.map((c) => Date.parse(c.screenshotAt!));
    for (let i = 1; i < shots.length; i++) expect(shots[i] - shots[i - 1]).toBeGreaterThanOrEqual(500);
    for (const c of log) expect(Date.parse(c.screenshotAt!)).toBeGreaterThanOrEqual(Date.parse(c.pressedAt));
  });

  it('retries when the browser refuses a screenshot for exceeding its per-second quota', async () => {
    let refusals = 2;
    const png = makePng(2, 2);
    const f = fakeServices({
      takeScreenshot: async () => {
        if (refusals-- > 0) throw new Error('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.');
        return pngDataUrl(png);
      },
    });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('popup', f.target);
    await queue.drain();
    expect((await f.db.captures.get(id))?.status).toBe('done');
    expect(f.sleeps.length).toBeGreaterThanOrEqual(2);
  });

  it('stores identical bytes once while each press stays its own entry', async () => {
    const f = fakeServices();
    const queue = createCaptureQueue(f.services);
    await queue.request('shortcut', f.target);
    await queue.request('shortcut', f.target);
    await queue.drain();
    const log = await f.db.captures.toArray();
    expect(log).toHaveLength(2);
    expect(log[0].artifacts[0].sha256).toBe(log[1].artifacts[0].sha256);
    // screenshot and text are shared; each capture has its own metadata.json
    expect(await f.db.blobs.count()).toBe(4);
  });

  it('resumes a capture left pending when the worker was stopped', async () => {
    const f = fakeServices({ takeScreenshot: () => new Promise(() => undefined) });
    const first = createCaptureQueue(f.services);
    const { id } = await first.request('shortcut', f.target);
    await new Promise((r) => setTimeout(r, 20)); // page read kept, screenshot never answered
    expect(await f.db.pendingPageReads.count()).toBe(1);

    // A new worker: fresh module state, same database.
    let reads = 0;
    const restarted = createCaptureQueue({
      ...f.services,
      takeScreenshot: async () => pngDataUrl(f.png),
      readPage: async () => {
        reads += 1;
        return pageRead();
      },
    });
    await restarted.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('done');
    expect(capture.attempts).toBe(2);
    expect(reads).toBe(0); // the reading taken at the key press was kept, not taken again
    expect(capture.warnings).toEqual([]);
  });

  it('reads the page again, and says so, when the worker stopped before the reading was kept', async () => {
    const f = fakeServices();
    const id = crypto.randomUUID();
    await f.db.captures.add({
      id,
      kind: 'page',
      trigger: 'shortcut',
      status: 'pending',
      pressedAt: '2026-11-30T09:59:59.000Z',
      tab: { tabId: 7, windowId: 1 },
      summary: { url: 'https://social.example/thread/1', title: '', site: 'social.example' },
      artifacts: [],
      attempts: 1,
      warnings: [],
    });
    const queue = createCaptureQueue(f.services);
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('done');
    expect(capture.warnings.join(' ')).toMatch(/read when the capture resumed/);
  });

  it('gives up, visibly, on a capture that keeps being interrupted', async () => {
    const f = fakeServices();
    const id = crypto.randomUUID();
    await f.db.captures.add({
      id,
      kind: 'page',
      trigger: 'shortcut',
      status: 'pending',
      pressedAt: '2026-11-30T09:59:59.000Z',
      tab: { tabId: 7, windowId: 1 },
      summary: { url: 'https://social.example/thread/1', title: '', site: 'social.example' },
      artifacts: [],
      attempts: MAX_ATTEMPTS,
      warnings: [],
    });
    await createCaptureQueue(f.services).drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('failed');
    expect(capture.failure?.code).toBe('gave-up');
    expect(f.screenshotCalls).toHaveLength(0);
  });

  it('ends a capture of a browser page as a failed entry with its reason, without trying', async () => {
    const f = fakeServices();
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', { tabId: 7, windowId: 1, url: 'chrome://settings/', title: 'Settings' });
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('failed');
    expect(capture.failure?.code).toBe('restricted-page');
    expect(capture.failure?.reason).toMatch(/does not let extensions capture/);
    expect(f.screenshotCalls).toHaveLength(0);
    expect(capture.artifacts.map((a) => a.name)).toEqual(['metadata.json']);
  });

  it('fails with a reason when the tab was closed, keeping the text read at the press', async () => {
    const f = fakeServices();
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target);
    f.tabs.delete(7);
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('failed');
    expect(capture.failure?.code).toBe('tab-closed');
    expect(capture.artifacts.map((a) => a.name)).toEqual(['text.txt', 'metadata.json']);
  });

  it('does not capture another tab when the person switched away before the screenshot', async () => {
    const f = fakeServices();
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target);
    f.tabs.set(7, { windowId: 1, active: false, url: f.target.url });
    await queue.drain();
    expect((await f.db.captures.get(id))?.failure?.code).toBe('tab-hidden');
    expect(f.screenshotCalls).toHaveLength(0);
  });

  it('discards a screenshot when another tab came to the front while it was taken', async () => {
    let calls = 0;
    const f = fakeServices();
    const getTab = f.services.getTab;
    f.services.getTab = async (tabId) => {
      calls += 1;
      const tab = await getTab(tabId);
      return calls === 1 ? tab : tab && { ...tab, active: false };
    };
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target);
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(f.screenshotCalls).toHaveLength(1);
    expect(capture.failure?.code).toBe('tab-hidden');
    expect(capture.artifacts.some((a) => a.role === 'screenshot')).toBe(false);
  });

  it('fails a capture of a page the browser does not let extensions read, even if it let it take a picture', async () => {
    const f = fakeServices({
      readPage: async () => {
        throw new Error('Cannot access a chrome:// URL');
      },
    });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', { tabId: 7, windowId: 1 });
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('failed');
    expect(capture.failure).toMatchObject({ code: 'restricted-page', detail: 'Cannot access a chrome:// URL' });
    expect(capture.artifacts.map((a) => a.name)).toEqual(['metadata.json']);
  });

  it('names missing access as the reason when the browser refuses', async () => {
    const f = fakeServices({
      takeScreenshot: async () => {
        throw new Error("Either the '<all_urls>' or 'activeTab' permission is required.");
      },
      readPage: async () => {
        throw new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.');
      },
    });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('popup', f.target);
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.failure?.code).toBe('no-access');
    expect(capture.failure?.detail).toMatch(/activeTab/);
    expect(capture.warnings.join(' ')).toMatch(/text could not be read/);
  });

  it('refuses a page reading that does not match the schema and still keeps the screenshot', async () => {
    const f = fakeServices({ readPage: async () => ({ url: 42, title: '<script>' }) });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target);
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('done');
    expect(capture.artifacts.map((a) => a.name)).toEqual(['screenshot.png', 'metadata.json']);
    expect(capture.warnings.join(' ')).toMatch(/unexpected reading/);
  });

  it('writes nothing half-way when the disk is full, and says so', async () => {
    const f = fakeServices();
    const queue = createCaptureQueue(f.services);
    const original = f.db.blobs.bulkAdd.bind(f.db.blobs);
    f.db.blobs.bulkAdd = (async () => {
      const error = new Error('Encountered full disk while opening backing store');
      error.name = 'QuotaExceededError';
      throw error;
    }) as unknown as typeof original;
    const { id } = await queue.request('shortcut', f.target);
    await queue.drain();
    const capture = (await f.db.captures.get(id))!;
    expect(capture.status).toBe('failed');
    expect(capture.failure?.code).toBe('storage-full');
    expect(capture.artifacts).toEqual([]);
    expect(await f.db.blobs.count()).toBe(0);
  });
});
