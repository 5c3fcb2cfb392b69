import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import {
  clickToolbarButton,
  currentWorker,
  launchWithExtension,
  openExtensionWindow,
  readLog,
  sha256,
  startFixtureServer,
  waitForSettled,
  type ExtensionBrowser,
  type FixtureServer,
  type LoggedCapture,
} from './harness';
import { X_STYLE, sitePage, startSiteServer, type SiteServer } from './sites-server';
import { clickPointer, findWindow, movePointer, pressKeys, pressSequence, rightClick, startXvfb, type Display } from './xvfb';

/** Gmail declares its per-account key in an inline script; the adapter needs it for "show original". */
const GMAIL_GLOBALS = '<script>var GLOBALS=[null,"a",[1],{"k":"v"},"q","https://mail.google.com/mail/u/1",1,"en",null,"5f2a9c1e7b","alex.morgan.1987@gmail.com"];</script>';
const RAW_MESSAGE_ID = '<CAJp1kE7q0parking4Tuesdays@mail.example.net>';
/** What Gmail's "show original" answers: an HTML page with the raw message in a `<pre>`. */
const SHOW_ORIGINAL = `<!doctype html><html><head><title>Original Message</title></head><body><h1>Original Message</h1><pre class="raw_message_text" id="raw_message_text">Delivered-To: alex.morgan.1987@gmail.com
Received: from mail.example.net (mail.example.net. [203.0.113.25])
        by mx.google.com with ESMTPS id x12si; Mon, 02 Mar 2026 23:47:10 -0800 (PST)
From: Jordan Pike &lt;jpike.mail@example.net&gt;
To: alex.morgan.1987@gmail.com
Subject: you can't hide
Message-ID: ${RAW_MESSAGE_ID.replace('<', '&lt;').replace('>', '&gt;')}
Date: Mon, 2 Mar 2026 23:47:02 -0800

Ignoring me won't work, Alex.
</pre></body></html>`;

type Artifacts = Record<string, Buffer>;

/** Every file of a capture, read from the extension's IndexedDB through its worker. */
async function readArtifacts(worker: Worker, capture: LoggedCapture): Promise<Artifacts> {
  const encoded = await worker.evaluate(async (refs) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('holdfast');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const out: Record<string, string> = {};
    for (const ref of refs) {
      const row = await new Promise<{ data: Blob }>((resolve, reject) => {
        const request = db.transaction('blobs').objectStore('blobs').get(ref.sha256);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const bytes = new Uint8Array(await row.data.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      out[ref.name] = btoa(binary);
    }
    db.close();
    return out;
  }, capture.artifacts);
  return Object.fromEntries(Object.entries(encoded).map(([name, b64]) => [name, Buffer.from(b64, 'base64')]));
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/** Moves the real pointer over the element (its point at `fx`,`fy` of its box) and waits until the page sees it hovered. */
async function pointAt(display: Display, page: Page, selector: string, fx = 0.5, fy = 0.5): Promise<void> {
  const point = await page.evaluate(
    ([sel, x, y]) => {
      // the first line box: a span that wraps has a gap in the middle of its bounding box
      const el = document.querySelector(sel as string)!;
      const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
      const left = Math.max(0, Math.min(r.right - 2, r.left + r.width * (x as number)));
      const top = Math.max(0, Math.min(window.innerHeight - 2, r.top + Math.min(r.height, window.innerHeight) * (y as number)));
      return { x: window.screenX + (window.outerWidth - window.innerWidth) + left, y: window.screenY + (window.outerHeight - window.innerHeight) + top };
    },
    [selector, fx, fy],
  );
  movePointer(display, point.x, point.y);
  await expect.poll(() => page.evaluate((sel) => document.querySelector(sel)!.matches(':hover'), selector), { timeout: 5_000 }).toBe(true);
}

/** The last capture in the log once it and every capture before it have settled. */
async function nextCapture(browser: ExtensionBrowser, before: number, timeoutMs = 30_000): Promise<{ capture: LoggedCapture; worker: Worker }> {
  const worker = await currentWorker(browser);
  const log = await waitForSettled(worker, before + 1, timeoutMs);
  return { capture: log[log.length - 1], worker };
}

function metadataOf(files: Artifacts) {
  return JSON.parse(files['metadata.json'].toString('utf8'));
}

/** Checks every file's SHA-256 against the record and the metadata's own statements. */
function expectHashesHold(capture: LoggedCapture, files: Artifacts) {
  for (const ref of capture.artifacts) expect(sha256(files[ref.name]), ref.name).toBe(ref.sha256);
}

describe('capture the post under the pointer (production build, real keys and pointer under Xvfb)', () => {
  let display: Display;
  let sites: SiteServer;
  let server: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    display = await startXvfb();
    server = await startFixtureServer();
    sites = await startSiteServer(({ host, url, cookie }) => {
      if (host === 'x.com' && url.pathname === '/home') return sitePage('x/timeline.html', X_STYLE);
      if (host === 'www.reddit.com' && url.pathname.startsWith('/r/Leipzig/comments/')) return sitePage('reddit/thread.html');
      if (host === 'mail.google.com' && url.pathname === '/mail/u/1/') {
        if (url.searchParams.get('view') === 'om') {
          // Only the signed-in person (the cookie the page set) gets the original.
          if (!cookie.includes('GMAIL_AT=signed-in')) return { status: 401, type: 'text/plain', body: 'sign in' };
          return { type: 'text/html; charset=utf-8', body: SHOW_ORIGINAL };
        }
        return { ...sitePage('gmail/gmail-thread.html', GMAIL_GLOBALS), headers: { 'set-cookie': 'GMAIL_AT=signed-in; Secure; Path=/' } };
      }
      return undefined;
    });
    browser = await launchWithExtension({
      headless: false,
      env: { DISPLAY: display.name },
      viewport: null,
      ignoreHTTPSErrors: true,
      extraArgs: ['--window-size=1280,900', '--window-position=0,0', '--force-device-scale-factor=1', sites.resolverRules(['x.com', 'mail.google.com', 'www.reddit.com'])],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sites?.close();
    await server?.close();
    await display?.close();
  });

  it('ships the capture-post shortcut assigned, next to the others, still with no access to any site', async () => {
    const commands = (await browser.worker.evaluate(() => chrome.commands.getAll())) as chrome.commands.Command[];
    expect(commands.find((c) => c.name === 'capture-post')?.shortcut).toBe('Alt+Shift+J');
    expect(commands.find((c) => c.name === 'capture-page')?.shortcut).toBe('Alt+Shift+K');
    const permissions = await browser.worker.evaluate(() => chrome.permissions.getAll());
    expect(permissions.origins).toEqual([]);
    expect(permissions.permissions).toContain('pageCapture');
  });

  it('timeline: the second post under the pointer, its fields, its own text, a picture of its size, and the page as MHTML', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/home');
    await page.bringToFront();
    const window = findWindow(display, 'Home / X');
    const before = (await readLog(await currentWorker(browser))).length;
    await pointAt(display, page, '#target-word');
    const tweet = await page.evaluate(() => {
      const r = document.querySelectorAll('article[data-testid="tweet"]')[1].getBoundingClientRect();
      return { width: r.width, height: r.height, dpr: devicePixelRatio };
    });
    pressKeys(display, window, 'alt+shift+j');

    const { capture, worker } = await nextCapture(browser, before);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const files = await readArtifacts(worker, capture);
    const metadata = metadataOf(files);
    expect(metadata.kind).toBe('post');
    expect(metadata.trigger).toBe('shortcut');
    expect(metadata.post.target.method).toBe('hover');
    expect(metadata.post.extraction.adapter).toBe('x');
    const fields = metadata.post.fields;
    expect(fields.author).toEqual({ displayName: 'Night Owl 🦉', handle: '@nightowl_88', profileUrl: 'https://x.com/nightowl_88' });
    expect(fields.postedAt).toEqual({ iso: '2025-11-28T09:14:05.000Z', displayed: '2h' });
    expect(fields.permalink).toBe('https://x.com/nightowl_88/status/1862455123456789012');
    expect(fields.postId).toBe('1862455123456789012');
    // text.txt holds this post's text only, not its neighbours'
    const text = files['text.txt'].toString('utf8');
    expect(text).toBe('Saw you at the station again this morning 👀\nSame coat as yesterday.');
    expect(text).not.toContain('Jonas Weber');
    expect(files['page-text.txt'].toString('utf8')).toContain('Jonas Weber');
    // the summary the popup shows
    expect((capture.summary as Record<string, string>).author).toBe('Night Owl 🦉 @nightowl_88');
    expect((capture.summary as Record<string, string>).postedAt).toBe('2025-11-28T09:14:05.000Z');

    // The post's picture is the post's size, cut from the real screenshot, which is kept whole.
    const post = pngSize(files['post.png']);
    const shot = pngSize(files['screenshot.png']);
    expect(Math.abs(post.width - Math.round(tweet.width * tweet.dpr))).toBeLessThanOrEqual(1);
    expect(Math.abs(post.height - Math.round(tweet.height * tweet.dpr))).toBeLessThanOrEqual(1);
    expect(post.height).toBeLessThan(shot.height);
    expect(metadata.postImage.transformation.method).toBe('crop');
    expect(metadata.postImage.transformation.shots[0].sha256).toBe(metadata.screenshot.sha256);
    expect(metadata.postImage.transformation.shots[0].keptAs).toBe('screenshot.png');

    // The page itself, as MHTML, hashed like the rest.
    expect(metadata.snapshot.method).toBe('pageCapture.saveAsMHTML');
    const mhtml = files['page.mhtml'].toString('utf8');
    expect(mhtml).toMatch(/^From: <Saved by Blink>/);
    expect(mhtml).toContain('nightowl_88');
    expect(metadata.snapshot.sha256).toBe(sha256(files['page.mhtml']));
    expectHashesHold(capture, files);

    // The popup shows who wrote it and when, next to when it was captured.
    const popup = await openExtensionWindow(browser, 'popup.html');
    const row = popup.locator(`.capture[data-capture-id="${capture.id}"]`);
    await row.locator('.capture__author', { hasText: 'Night Owl 🦉 @nightowl_88' }).waitFor();
    await row.locator('.capture__posted').waitFor();
    await popup.close();
    await page.close();
  });

  it('webmail: the second message of a Gmail conversation, with from, subject, date, message id and its raw source', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://mail.google.com/mail/u/1/#inbox/FMfcgzQZTMbvPrrkwbJHkqzXqjJNWLQm');
    await page.bringToFront();
    const title = await page.title();
    const before = (await readLog(await currentWorker(browser))).length;
    const bodyWord = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.nodeValue?.includes('I know where you park')) {
          (n.parentElement as HTMLElement).id ||= 'e2e-target';
          (n.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
          return `#${(n.parentElement as HTMLElement).id}`;
        }
      }
      return '';
    });
    await pointAt(display, page, bodyWord);
    pressKeys(display, findWindow(display, title.slice(0, 20)), 'alt+shift+j');

    const { capture, worker } = await nextCapture(browser, before);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const files = await readArtifacts(worker, capture);
    const metadata = metadataOf(files);
    expect(metadata.post.extraction.adapter).toBe('gmail');
    const fields = metadata.post.fields;
    expect(fields.kind).toBe('email');
    expect(fields.email.from).toBe('Jordan Pike <jpike.mail@example.net>');
    expect(fields.email.subject).toBeTruthy();
    expect(fields.email.date).toBe('Mon, Mar 2, 2026, 11:47 PM');
    expect(fields.email.messageId).toBe('msg-f:1792698566983822168');
    expect(files['text.txt'].toString('utf8')).toBe("Ignoring me won't work, Alex.\nI know where you park on Tuesdays.");
    // the raw source, fetched with the signed-in person's cookie and kept as .eml
    expect(metadata.rawEmail?.from, JSON.stringify(metadata.warnings)).toBe('html-pre');
    expect(metadata.rawEmail.url).toBe('https://mail.google.com/mail/u/1/?ik=5f2a9c1e7b&view=om&permmsgid=msg-f:1792698566983822168');
    const eml = files['message.eml'].toString('utf8');
    expect(eml).toContain(`Message-ID: ${RAW_MESSAGE_ID}`);
    expect(eml).toContain('Received: from mail.example.net');
    expect(metadata.rawEmail.sha256).toBe(sha256(files['message.eml']));
    expect(pngSize(files['post.png']).height).toBeLessThan(pngSize(files['screenshot.png']).height);
    expectHashesHold(capture, files);
    await page.close();
  });

  it('comment thread: the Reddit comment under the pointer, not the post, its reply or its neighbour', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.reddit.com/r/Leipzig/comments/1p8xyzq/someone_keeps_leaving_notes_on_my_bike/');
    await page.bringToFront();
    const title = await page.title();
    await page.evaluate(() => document.getElementById('target-word')!.scrollIntoView({ block: 'center' }));
    const before = (await readLog(await currentWorker(browser))).length;
    await pointAt(display, page, '#target-word');
    pressKeys(display, findWindow(display, title.slice(0, 20)), 'alt+shift+j');

    const { capture, worker } = await nextCapture(browser, before);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const files = await readArtifacts(worker, capture);
    const metadata = metadataOf(files);
    expect(metadata.post.extraction.adapter).toBe('reddit');
    expect(metadata.post.fields.kind).toBe('comment');
    expect(metadata.post.fields.author.handle).toBe('u/quiet_fern');
    expect(metadata.post.fields.author.accountId).toBe('t2_4f7h2q9w');
    expect(metadata.post.fields.postedAt.iso).toBeTruthy();
    expect(metadata.post.fields.permalink).toMatch(/^https:\/\/www\.reddit\.com\/r\/Leipzig\/comments\//);
    const text = files['text.txt'].toString('utf8');
    expect(text).toContain('photograph');
    expect(text).not.toContain('camera blind spot'); // its nested reply
    expect(files['post.png']).toBeDefined();
    expectHashesHold(capture, files);
    await page.close();
  });

  it('a post taller than the window is shot while scrolling and stitched; headers hidden, then the page put back', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('tall-post.html'));
    await page.bringToFront();
    const article = await page.evaluate(() => {
      const r = document.getElementById('long')!.getBoundingClientRect();
      return { width: r.width, height: r.height, top: r.top, viewport: innerHeight, dpr: devicePixelRatio };
    });
    expect(article.height).toBeGreaterThan(article.viewport * 2);
    const before = (await readLog(await currentWorker(browser))).length;
    await pointAt(display, page, '#long-start');
    const scrollBefore = await page.evaluate(() => scrollY);
    pressKeys(display, findWindow(display, 'Neighbourhood forum'), 'alt+shift+j');

    const { capture, worker } = await nextCapture(browser, before);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const files = await readArtifacts(worker, capture);
    const metadata = metadataOf(files);
    expect(metadata.post.extraction.adapter).toBe('generic');
    expect(metadata.post.fields.author.displayName ?? metadata.post.fields.author.handle).toContain('watcher_77');
    const transformation = metadata.postImage.transformation;
    expect(transformation.method).toBe('scroll-and-stitch');
    expect(transformation.shots.length).toBeGreaterThanOrEqual(3);
    expect(transformation.hiddenFixedElements).toBeGreaterThanOrEqual(1);
    expect(transformation.truncated).toBe(false);
    const png = pngSize(files['post.png']);
    expect(Math.abs(png.height - Math.round(article.height * article.dpr))).toBeLessThanOrEqual(2);
    expect(Math.abs(png.width - Math.round(article.width * article.dpr))).toBeLessThanOrEqual(2);
    expect(png.height).toBeGreaterThan(pngSize(files['screenshot.png']).height);
    // shots are placed one under the other, each new one below the last
    const ys = transformation.shots.map((s: { placedAt: { y: number } }) => s.placedAt.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);

    // The fixed header did not end up inside the stitched picture (it was hidden for the shots).
    const headerInside = await page.evaluate(
      async ({ b64, rows }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return rows.some((y: number) => {
          const [r, g, b] = ctx.getImageData(Math.floor(img.width / 2), y + 10, 1, 1).data;
          return r === 0x22 && g === 0x33 && b === 0x44;
        });
      },
      { b64: files['post.png'].toString('base64'), rows: ys.slice(1) },
    );
    expect(headerInside).toBe(false);

    // Put back: scroll position and the header.
    expect(await page.evaluate(() => scrollY)).toBe(scrollBefore);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('header.site')!).visibility)).toBe('visible');
    expect(await page.evaluate(() => document.querySelector('header.site')!.getAttribute('style'))).toBeNull();
    await page.close();
  });

  it('a tall message in a box that scrolls inside the page (as webmail does) is stitched by scrolling the box', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('inner-scroll.html'));
    await page.bringToFront();
    const article = await page.evaluate(() => {
      const r = document.getElementById('long')!.getBoundingClientRect();
      return { width: r.width, height: r.height, dpr: devicePixelRatio, box: document.querySelector('.conversation')!.clientHeight };
    });
    expect(article.height).toBeGreaterThan(article.box * 1.5);
    const before = (await readLog(await currentWorker(browser))).length;
    await pointAt(display, page, '#long-start');
    pressKeys(display, findWindow(display, 'Webmail-like app'), 'alt+shift+j');
    const { capture, worker } = await nextCapture(browser, before);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const files = await readArtifacts(worker, capture);
    const metadata = metadataOf(files);
    const t = metadata.postImage.transformation;
    expect(t.method).toBe('scroll-and-stitch');
    expect(t.missingRows, t.note).toBe(0);
    expect(t.shots.length).toBeGreaterThanOrEqual(3);
    // every shot was taken with the window itself unscrolled: the box inside the page moved
    expect(t.shots.every((s: { scroll: { y: number } }) => s.scroll.y === 0)).toBe(true);
    const png = pngSize(files['post.png']);
    expect(Math.abs(png.height - Math.round(article.height * article.dpr))).toBeLessThanOrEqual(2);
    expect(Math.abs(png.width - Math.round(article.width * article.dpr))).toBeLessThanOrEqual(2);
    expect(files['post-rendering.png']).toBeUndefined();
    // the box is put back where the person left it
    expect(await page.evaluate(() => document.querySelector('.conversation')!.scrollTop)).toBe(0);
    expectHashesHold(capture, files);
    await page.close();
  });

  it('a message cut off by a box that cannot scroll: the real pixels it can, plus a rendering labelled as one', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('inner-scroll.html?clipped'));
    await page.bringToFront();
    await page.evaluate(() => document.getElementById('clipped')!.scrollIntoView({ block: 'start' }));
    const article = await page.evaluate(() => {
      const r = document.getElementById('clipped')!.getBoundingClientRect();
      return { width: r.width, height: r.height, dpr: devicePixelRatio, scrollTop: document.querySelector('.conversation')!.scrollTop };
    });
    const before = (await readLog(await currentWorker(browser))).length;
    await pointAt(display, page, '#clipped-start');
    pressKeys(display, findWindow(display, 'Webmail-like app'), 'alt+shift+j');
    const { capture, worker } = await nextCapture(browser, before);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const files = await readArtifacts(worker, capture);
    const metadata = metadataOf(files);
    // The box shows only the top of the message: that part is kept as real pixels, the rest is
    // said to be missing …
    expect(metadata.postImage.transformation.missingRows).toBeGreaterThan(0);
    // … and a rendering of the whole message is added, labelled as a rendering.
    expect(metadata.postRendering.transformation.method).toBe('dom-rendering');
    expect(metadata.postRendering.transformation.shots).toEqual([]);
    expect(metadata.postRendering.transformation.note).toMatch(/not a screenshot/);
    expect(capture.warnings.join(' ')).toMatch(/rendering of the post's markup by html2canvas-pro, not a screenshot/);
    const rendering = pngSize(files['post-rendering.png']);
    expect(Math.abs(rendering.height - Math.round(article.height * article.dpr))).toBeLessThanOrEqual(2);
    expect(Math.abs(rendering.width - Math.round(article.width * article.dpr))).toBeLessThanOrEqual(2);
    expect(metadata.postRendering.sha256).toBe(sha256(files['post-rendering.png']));
    expect(await page.evaluate(() => document.querySelector('.conversation')!.scrollTop)).toBe(article.scrollTop);
    expectHashesHold(capture, files);
    await page.close();
  });

  it('"Capture this post" in the right-click menu captures the post that was right-clicked', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://x.com/home');
    await page.bringToFront();
    const worker = await currentWorker(browser);
    await expect.poll(() => worker.evaluate(() => chrome.contextMenus.update('capture-post', {}).then(() => true, () => false))).toBe(true);
    const before = (await readLog(worker)).length;
    await pointAt(display, page, '#target-word');
    const point = await page.evaluate(() => {
      const r = document.getElementById('target-word')!.getClientRects()[0];
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 + (window.outerHeight - window.innerHeight) };
    });
    rightClick(display, findWindow(display, 'Home / X'), point.x, point.y);
    await new Promise((r) => setTimeout(r, 500));
    // Holdfast's items sit in a "Holdfast" submenu, third from the bottom of the page's menu:
    // open it, go down to the second item ("Capture this post").
    await pressSequence(display, ['Up', 'Up', 'Up', 'Right', 'Down', 'Return']);
    const { capture, worker: w } = await nextCapture(browser, before);
    expect(capture.trigger).toBe('context-menu');
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const metadata = metadataOf(await readArtifacts(w, capture));
    expect(metadata.kind).toBe('post');
    expect(metadata.post.fields.author.handle).toBe('@nightowl_88');
    await page.close();
  });

  it('pick mode from the popup: a real click chooses the post; clicks the page fakes are ignored', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('tall-post.html?pick'));
    await page.bringToFront();
    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    const before = (await readLog(popup)).length;
    await popup.getByRole('button', { name: 'Choose a post to capture' }).click();
    await popup.getByText('Click the post, comment, message or email on the page. Esc cancels.').waitFor();
    await popup.close();
    await page.bringToFront();

    // The page tries to pick for the person: synthetic events are not trusted, nothing happens.
    const followed = await page.evaluate(() => {
      let clicked = false;
      document.getElementById('third')!.addEventListener('click', () => (clicked = true));
      document.getElementById('third')!.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 100, clientY: 100 }));
      return clicked;
    });
    expect(followed).toBe(true); // the page's own listener ran; the picker ignored it
    await new Promise((r) => setTimeout(r, 300));
    expect((await readLog(await currentWorker(browser))).length).toBe(before);

    await pointAt(display, page, '#first p');
    clickPointer(display);
    const { capture, worker } = await nextCapture(browser, before);
    expect(capture.trigger).toBe('pick');
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const metadata = metadataOf(await readArtifacts(worker, capture));
    expect(metadata.post.target.method).toBe('picked');
    expect(metadata.post.fields.text).toContain('Has anyone seen a grey cat?');
    expect(metadata.post.fields.text).not.toContain('I know your routine');
    await page.close();
  });

  it('the whole page from the popup: ten screens scrolled and stitched, the sticky header only at the top, lazy content loaded', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('long-page.html'));
    await page.bringToFront();
    const size = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, viewport: innerHeight, dpr: devicePixelRatio }));
    expect(size.height).toBeGreaterThanOrEqual(size.viewport * 10);
    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    const before = (await readLog(popup)).length;
    await popup.getByRole('button', { name: 'Capture the whole page' }).click();
    await popup.close(); // an extension page in front of the tab would hide it from the screenshots
    await page.bringToFront();
    const { capture, worker } = await nextCapture(browser, before, 60_000);
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    expect(capture.trigger).toBe('popup');
    const files = await readArtifacts(worker, capture);
    const metadata = metadataOf(files);
    expect(metadata.kind).toBe('full-page');
    const transformation = metadata.fullPage.transformation;
    expect(transformation.method).toBe('scroll-and-stitch');
    expect(transformation.truncated, transformation.note).toBe(false);
    expect(transformation.shots).toHaveLength(10);
    // the first shot is the kept viewport screenshot, not a second picture of the same thing
    expect(transformation.shots[0].keptAs).toBe('screenshot.png');
    expect(transformation.settleMs).toBeGreaterThan(0);
    const png = pngSize(files['full-page.png']);
    expect(png.height).toBe(Math.round(size.height * size.dpr));
    expect(png.width).toBe(pngSize(files['screenshot.png']).width);
    expect(metadata.snapshot, JSON.stringify(metadata.warnings)).not.toBeNull();
    expect(metadata.snapshot.sha256).toBe(sha256(files['page.mhtml']));
    expectHashesHold(capture, files);

    // The sticky header is at the top of the picture and nowhere else.
    const headerRows = await page.evaluate(
      async ({ b64, rows }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return rows.map((y: number) => {
          const [r, g, b] = ctx.getImageData(Math.floor(img.width / 2), y + 10, 1, 1).data;
          return r === 0x55 && g === 0x22 && b === 0x22;
        });
      },
      { b64: files['full-page.png'].toString('base64'), rows: transformation.shots.map((s: { placedAt: { y: number } }) => s.placedAt.y) },
    );
    expect(headerRows).toEqual([true, false, false, false, false, false, false, false, false, false]);
    // lazy content was reached, and the page is back where the person left it
    expect(await page.evaluate(() => document.querySelector('.screen:last-child')!.textContent)).toBe('Screen 10 LAZY-LOADED');
    expect(await page.evaluate(() => scrollY)).toBe(0);
    expect(await page.evaluate(() => document.querySelector('header.bar')!.getAttribute('style'))).toBeNull();
    await page.close();
  });

  it('"Capture the whole page" in the right-click menu', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('long-page.html?menu'));
    await page.bringToFront();
    const worker = await currentWorker(browser);
    const before = (await readLog(worker)).length;
    rightClick(display, findWindow(display, 'A long page of ten screens'), 600, 500);
    await new Promise((r) => setTimeout(r, 500));
    await pressSequence(display, ['Up', 'Up', 'Up', 'Right', 'Down', 'Down', 'Return']);
    const { capture, worker: w } = await nextCapture(browser, before, 60_000);
    expect(capture.trigger).toBe('context-menu');
    expect(capture.status, JSON.stringify(capture.failure)).toBe('done');
    const files = await readArtifacts(w, capture);
    expect(metadataOf(files).kind).toBe('full-page');
    expect(pngSize(files['full-page.png']).height).toBeGreaterThan(pngSize(files['screenshot.png']).height * 9);
    await page.close();
  });
});
