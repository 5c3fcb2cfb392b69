import { describe, expect, it } from 'vitest';
import type { PostRead } from '@/utils/capture/post-read';
import { createCaptureQueue, type CaptureServices } from '@/utils/capture/queue';
import type { ImageComposer } from '@/utils/capture/stitch';
import { STITCH_LIMITS } from '@/utils/capture/stitch';
import { sha256Hex } from '@/utils/integrity/sha256';
import { fakeServices, pageRead } from '../support/capture-services';
import { makePng, pngDataUrl } from '../support/png';

/** A window of 100×80 CSS pixels shot at a device pixel ratio of 2 (200×160 image pixels). */
const VIEWPORT = { width: 100, height: 80 };
const SHOT = makePng(200, 160);

function postRead(overrides: Partial<PostRead> = {}): PostRead {
  return {
    target: { method: 'hover', element: 'span#w' },
    fields: {
      platform: 'x',
      kind: 'post',
      author: { displayName: 'Night Owl', handle: '@nightowl_88' },
      postedAt: { iso: '2025-11-28T09:14:05.000Z', displayed: '2h' },
      permalink: 'https://x.com/nightowl_88/status/1',
      text: 'Saw you at the station again',
    },
    extraction: { adapter: 'x', notes: [] },
    rect: { x: 10, y: 20, width: 50, height: 30 },
    text: 'Saw you at the station again',
    textTruncated: false,
    ...overrides,
  };
}

interface Draw {
  size: { width: number; height: number };
  source: { x: number; y: number; width: number; height: number };
  at: { x: number; y: number };
}

/** The browser's post-capture services, faked: the page scrolls where asked, images are real PNGs of the right size. */
function postServices(options: { post?: PostRead | null; documentHeight?: number; scroll?: { x: number; y: number }; extra?: Partial<CaptureServices> } = {}) {
  const draws: Draw[] = [];
  const scrolledTo: number[] = [];
  const screenshotCalls: number[] = [];
  let restored = 0;
  let scrollY = options.scroll?.y ?? 0;
  const documentHeight = options.documentHeight ?? 400;
  const page = pageRead({ viewport: VIEWPORT, scroll: options.scroll ?? { x: 0, y: 0 }, documentSize: { width: 100, height: documentHeight }, devicePixelRatio: 2 });
  const f = fakeServices({
    takeScreenshot: async (windowId) => {
      screenshotCalls.push(windowId);
      return pngDataUrl(SHOT);
    },
    readPost: async (_tabId, request) => ({ page, post: request.mode === 'full-page' ? null : options.post === undefined ? postRead() : options.post }),
    scrollForShot: async (_tabId, y) => {
      scrollY = Math.min(y, documentHeight - VIEWPORT.height);
      scrolledTo.push(y);
      return { scroll: { x: 0, y: scrollY }, viewport: VIEWPORT, documentSize: { width: 100, height: documentHeight }, hiddenFixed: 1 };
    },
    scrollPostRow: async (_tabId, row) => {
      // the window scrolls so that the row comes to its top, as far as the document lets it
      const rect = (options.post === undefined ? postRead() : options.post)!.rect!;
      const postTop = rect.y + (options.scroll?.y ?? 0);
      scrollY = Math.max(0, Math.min(postTop + row, documentHeight - VIEWPORT.height));
      scrolledTo.push(postTop + row);
      return { rect: { ...rect, y: postTop - scrollY }, clip: { x: 0, y: 0, ...VIEWPORT }, viewport: VIEWPORT, scroll: { x: 0, y: scrollY }, hiddenFixed: 1 };
    },
    restorePage: async () => {
      restored += 1;
    },
    composeImage: (size): ImageComposer => ({
      draw: async (_png, source, at) => {
        draws.push({ size, source, at });
      },
      finish: async () => makePng(size.width, size.height),
    }),
    snapshotPage: async () => ({ bytes: new TextEncoder().encode('From: <Saved by Blink>\r\n'), method: 'pageCapture.saveAsMHTML', mediaType: 'multipart/related', truncated: false }),
    ...options.extra,
  });
  return { ...f, draws, scrolledTo, screenshotCalls, restored: () => restored };
}

async function filesOf(f: ReturnType<typeof postServices>, id: string) {
  const capture = (await f.db.captures.get(id))!;
  const files: Record<string, Uint8Array> = {};
  for (const ref of capture.artifacts) files[ref.name] = new Uint8Array(await (await f.db.blobs.get(ref.sha256))!.data.arrayBuffer());
  const metadata = JSON.parse(new TextDecoder().decode(files['metadata.json']));
  return { capture, files, metadata };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const size = (png: Uint8Array) => ({ width: new DataView(png.buffer, png.byteOffset).getUint32(16), height: new DataView(png.buffer, png.byteOffset).getUint32(20) });

describe('capture queue: a post', () => {
  it('cuts the post out of the real screenshot, keeps both, and keeps the post\'s own text apart from the page\'s', async () => {
    const f = postServices();
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target, { kind: 'post' });
    await queue.drain();
    const { capture, files, metadata } = await filesOf(f, id);
    expect(capture.status).toBe('done');
    expect(capture.kind).toBe('post');
    expect(capture.artifacts.map((a) => [a.role, a.name])).toEqual([
      ['screenshot', 'screenshot.png'],
      ['text', 'text.txt'],
      ['page-text', 'page-text.txt'],
      ['post-image', 'post.png'],
      ['page-snapshot', 'page.mhtml'],
      ['metadata', 'metadata.json'],
    ]);
    expect(text(files['text.txt'])).toBe('Saw you at the station again');
    expect(text(files['page-text.txt'])).toBe('Whole page text with a threat in it');
    expect(f.screenshotCalls).toHaveLength(1);
    // rect 10,20 50×30 CSS pixels at a ratio of 2
    expect(f.draws).toEqual([{ size: { width: 100, height: 60 }, source: { x: 20, y: 40, width: 100, height: 60 }, at: { x: 0, y: 0 } }]);
    expect(size(files['post.png'])).toEqual({ width: 100, height: 60 });
    expect(metadata.postImage.transformation).toMatchObject({ method: 'crop', scale: 2, region: { x: 10, y: 20, width: 50, height: 30 }, truncated: false });
    expect(metadata.postImage.transformation.shots).toEqual([
      { sha256: await sha256Hex(SHOT), keptAs: 'screenshot.png', takenAt: metadata.time.screenshotAt, scroll: { x: 0, y: 0 }, source: { x: 20, y: 40, width: 100, height: 60 }, placedAt: { x: 0, y: 0 } },
    ]);
    expect(metadata.postImage.sha256).toBe(capture.artifacts[3].sha256);
    expect(metadata.post.fields.author).toEqual({ displayName: 'Night Owl', handle: '@nightowl_88' });
    expect(metadata.post.target).toEqual({ method: 'hover', element: 'span#w' });
    expect(metadata.snapshot).toMatchObject({ file: 'page.mhtml', method: 'pageCapture.saveAsMHTML', mediaType: 'multipart/related' });
    expect(capture.summary).toMatchObject({ platform: 'x', author: 'Night Owl @nightowl_88', postedAt: '2025-11-28T09:14:05.000Z' });
    expect(await f.db.pendingPageReads.count()).toBe(0);
  });

  it('stitches a post taller than the window from paced shots, puts the page back, and records each shot', async () => {
    // 10,30 in a window scrolled to 100: the post spans document rows 130–330, the window is 80 tall
    const f = postServices({ post: postRead({ rect: { x: 10, y: 30, width: 50, height: 200 } }), scroll: { x: 0, y: 100 }, documentHeight: 1000 });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target, { kind: 'post' });
    await queue.drain();
    const { capture, files, metadata } = await filesOf(f, id);
    expect(capture.status).toBe('done');
    expect(f.scrolledTo).toEqual([130, 210, 290]);
    expect(f.screenshotCalls).toHaveLength(4); // the viewport, then three while scrolling
    expect(f.sleeps.every((ms) => ms > 0)).toBe(true);
    expect(f.sleeps.length).toBeGreaterThanOrEqual(3); // every shot waited for its slot
    expect(f.restored()).toBe(1);
    const t = metadata.postImage.transformation;
    expect(t).toMatchObject({ method: 'scroll-and-stitch', region: { x: 10, y: 130, width: 50, height: 200 }, hiddenFixedElements: 1, settleMs: STITCH_LIMITS.postSettleMs, truncated: false });
    expect(t.shots.map((s: { placedAt: { y: number }; keptAs: string | null }) => [s.placedAt.y, s.keptAs])).toEqual([
      [0, null],
      [160, null],
      [320, null],
    ]);
    expect(size(files['post.png'])).toEqual({ width: 100, height: 400 });
  });

  it('still keeps the capture when the shots stop half way, and says what is missing', async () => {
    let calls = 0;
    const f = postServices({ post: postRead({ rect: { x: 0, y: 0, width: 100, height: 300 } }), documentHeight: 1000 });
    const take = f.services.takeScreenshot;
    f.services.takeScreenshot = async (w) => {
      calls += 1;
      if (calls === 3) throw new Error('Tabs cannot be edited right now');
      return take(w);
    };
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target, { kind: 'post' });
    await queue.drain();
    const { capture, metadata } = await filesOf(f, id);
    expect(capture.status).toBe('done');
    expect(f.restored()).toBe(1);
    expect(metadata.postImage.transformation.truncated).toBe(true);
    expect(capture.warnings.join(' ')).toMatch(/The post's own picture: the last \d+ CSS pixel rows of the post could not be brought on screen and are left blank; the shots stopped early: Tabs cannot be edited/);
  });

  it('adds a rendering, labelled as one, only when the screenshots could not show all of the post', async () => {
    let renders = 0;
    const renderPost = async () => {
      renders += 1;
      return { ok: true, dataUrl: pngDataUrl(makePng(100, 600)), width: 100, height: 600, scale: 2 };
    };
    // the window cannot scroll (the page scrolls inside a box): only the top of the post is shown
    const boxed = postServices({ post: postRead({ rect: { x: 0, y: 10, width: 50, height: 300 } }), documentHeight: 80, extra: { renderPost } });
    const queue = createCaptureQueue(boxed.services);
    const { id } = await queue.request('shortcut', boxed.target, { kind: 'post' });
    await queue.drain();
    const { capture, files, metadata } = await filesOf(boxed, id);
    expect(renders).toBe(1);
    expect(metadata.postImage.transformation.missingRows).toBe(230);
    expect(metadata.postRendering).toMatchObject({ file: 'post-rendering.png', width: 100, height: 600, transformation: { method: 'dom-rendering', shots: [], scale: 2 } });
    expect(metadata.postRendering.transformation.note).toMatch(/^A rendering of the post's markup by html2canvas-pro, not a screenshot/);
    expect(capture.artifacts.find((a) => a.name === 'post-rendering.png')?.role).toBe('post-rendering');
    expect(size(files['post-rendering.png'])).toEqual({ width: 100, height: 600 });
    expect(capture.warnings.some((w) => w.startsWith("The rendering of the post's markup: A rendering"))).toBe(true);

    // a post the screenshots show whole is never rendered
    const shown = postServices({ extra: { renderPost } });
    const q2 = createCaptureQueue(shown.services);
    const second = await q2.request('shortcut', shown.target, { kind: 'post' });
    await q2.drain();
    expect(renders).toBe(1);
    expect((await filesOf(shown, second.id)).metadata).not.toHaveProperty('postRendering');
  });

  it('a refused or malformed rendering is a warning, never a lost capture', async () => {
    const f = postServices({
      post: postRead({ rect: { x: 0, y: 10, width: 50, height: 300 } }),
      documentHeight: 80,
      extra: { renderPost: async () => ({ ok: true, dataUrl: 'javascript:alert(1)', width: 1, height: 1, scale: 1 }) },
    });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target, { kind: 'post' });
    await queue.drain();
    const { capture, files, metadata } = await filesOf(f, id);
    expect(capture.status).toBe('done');
    expect(files['post-rendering.png']).toBeUndefined();
    expect(metadata.postRendering).toBeNull();
    expect(capture.warnings.some((w) => w.startsWith("The rendering of the post's markup could not be made"))).toBe(true);
  });

  it('keeps the raw email it was offered, and a warning when the site refused it', async () => {
    const raw = 'Message-ID: <a@b>\r\n\r\nhello';
    const email = postRead({ fields: { platform: 'gmail', kind: 'email', email: { from: 'Jordan <j@example.net>', date: 'Mon, Mar 2' }, rawSourceUrl: 'https://mail.google.com/mail/u/1/?view=om' } });
    const f = postServices({
      post: email,
      extra: { fetchRawSource: async () => ({ ok: true, base64: btoa(raw), mediaType: 'message/rfc822', url: 'https://mail.google.com/mail/u/1/?view=om', from: 'response' }) },
    });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target, { kind: 'post' });
    await queue.drain();
    const { capture, files, metadata } = await filesOf(f, id);
    expect(text(files['message.eml'])).toBe(raw);
    expect(metadata.rawEmail).toMatchObject({ file: 'message.eml', mediaType: 'message/rfc822', from: 'response', url: 'https://mail.google.com/mail/u/1/?view=om' });
    expect(capture.summary).toMatchObject({ platform: 'gmail', author: 'Jordan <j@example.net>', postedAt: 'Mon, Mar 2' });

    const refused = postServices({ post: email, extra: { fetchRawSource: async () => ({ ok: false, reason: 'The site answered 401 when asked for the raw message.' }) } });
    const q2 = createCaptureQueue(refused.services);
    const second = await q2.request('shortcut', refused.target, { kind: 'post' });
    await q2.drain();
    const out = await filesOf(refused, second.id);
    expect(out.capture.status).toBe('done');
    expect(out.files['message.eml']).toBeUndefined();
    expect(out.capture.warnings).toContain("The email's raw source could not be kept: The site answered 401 when asked for the raw message.");
  });

  it('refuses a reading that breaks the schema but keeps the screenshot: nothing the page said is stored', async () => {
    const f = postServices({ post: postRead({ fields: { platform: 'x', kind: 'post', permalink: 'javascript:alert(1)' } }) });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target, { kind: 'post' });
    await queue.drain();
    const { capture, files, metadata } = await filesOf(f, id);
    expect(capture.status).toBe('done');
    expect(files['post.png']).toBeUndefined();
    expect(metadata.post).toBeNull();
    expect(capture.warnings[0]).toMatch(/could not be read: The page returned an unexpected reading \(post\.fields\.permalink/);
  });

  it('keeps the whole window and says so when no post was recognised', async () => {
    const f = postServices({ post: postRead({ fields: null, rect: null, text: '' }) });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target, { kind: 'post' });
    await queue.drain();
    const { capture, files } = await filesOf(f, id);
    expect(capture.status).toBe('done');
    expect(files['screenshot.png']).toBeDefined();
    expect(files['post.png']).toBeUndefined();
    expect(capture.warnings).toContain('No post, comment, message or email was recognised around the element; the capture keeps the whole window.');
  });

  it('finishes a post capture after a worker restart from the reading kept in IndexedDB', async () => {
    const f = postServices();
    let release!: (url: string) => void;
    f.services.takeScreenshot = () => new Promise((r) => (release = r));
    const first = createCaptureQueue(f.services);
    const { id } = await first.request('shortcut', f.target, { kind: 'post' });
    await new Promise((r) => setTimeout(r, 20));
    const kept = await f.db.pendingPageReads.get(id);
    expect(kept && 'post' in kept ? kept.post?.fields?.author?.handle : undefined).toBe('@nightowl_88');
    // the worker stops: a new queue, a browser that answers, and the page is not read again
    let readAgain = false;
    const second = createCaptureQueue({ ...f.services, takeScreenshot: async () => pngDataUrl(SHOT), readPost: async () => ((readAgain = true), null) });
    await second.drain();
    release(pngDataUrl(SHOT));
    const { capture, files } = await filesOf(f, id);
    expect(readAgain).toBe(false);
    expect(capture.status).toBe('done');
    expect(text(files['text.txt'])).toBe('Saw you at the station again');
    expect(capture.summary.author).toBe('Night Owl @nightowl_88');
  });
});

describe('capture queue: the whole page', () => {
  it('scrolls from the top, reuses the viewport screenshot as the first shot, and stitches the rest', async () => {
    const f = postServices({ documentHeight: 400 });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('popup', f.target, { kind: 'full-page' });
    await queue.drain();
    const { capture, files, metadata } = await filesOf(f, id);
    expect(capture.status).toBe('done');
    expect(capture.kind).toBe('full-page');
    expect(f.scrolledTo).toEqual([80, 160, 240, 320]);
    expect(f.screenshotCalls).toHaveLength(5); // 400 / 80: the viewport and four more
    expect(size(files['full-page.png'])).toEqual({ width: 200, height: 800 });
    const t = metadata.fullPage.transformation;
    expect(t.shots).toHaveLength(5);
    expect(t.shots[0]).toMatchObject({ keptAs: 'screenshot.png', placedAt: { x: 0, y: 0 } });
    expect(t.settleMs).toBe(STITCH_LIMITS.fullPageSettleMs);
    expect(metadata).not.toHaveProperty('post');
    expect(capture.artifacts.map((a) => a.name)).toEqual(['screenshot.png', 'text.txt', 'full-page.png', 'page.mhtml', 'metadata.json']);
    expect(f.restored()).toBe(1);
  });

  it('cuts a page taller than the cap and records the cut', async () => {
    const f = postServices({ documentHeight: 20_000 }); // 40,000 image rows at a ratio of 2
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('popup', f.target, { kind: 'full-page' });
    await queue.drain();
    const { capture, files, metadata } = await filesOf(f, id);
    expect(size(files['full-page.png']).height).toBe(STITCH_LIMITS.maxHeightPx);
    expect(metadata.fullPage.transformation).toMatchObject({ truncated: true, region: { height: STITCH_LIMITS.maxHeightPx / 2 } });
    expect(capture.warnings.some((w) => /cut at 10000 of 20000 CSS pixels/.test(w))).toBe(true);
  });
});

describe('capture queue: the page itself', () => {
  it('keeps a snapshot that could not be saved as a warning, not a lost capture', async () => {
    const f = postServices({ extra: { snapshotPage: async () => Promise.reject(new Error('The tab was closed')) } });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target);
    await queue.drain();
    const { capture, metadata } = await filesOf(f, id);
    expect(capture.status).toBe('done');
    expect(metadata.snapshot).toBeNull();
    expect(capture.warnings).toContain('The page itself (MHTML snapshot) could not be saved: The tab was closed');
  });

  it('keeps a serialised DOM where the browser has no MHTML, hashed like the rest', async () => {
    const html = '<!DOCTYPE html>\n<html><body>hello</body></html>';
    const f = postServices({ extra: { snapshotPage: async () => ({ bytes: new TextEncoder().encode(html), method: 'serialised-dom', mediaType: 'text/html; charset=utf-8', truncated: false }) } });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', f.target);
    await queue.drain();
    const { capture, files, metadata } = await filesOf(f, id);
    expect(text(files['page.html'])).toBe(html);
    expect(metadata.snapshot).toMatchObject({ file: 'page.html', method: 'serialised-dom', sha256: await sha256Hex(files['page.html']) });
    expect(capture.artifacts.find((a) => a.name === 'page.html')?.role).toBe('page-snapshot');
  });
});
