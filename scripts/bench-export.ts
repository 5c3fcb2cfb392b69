/**
 * Export benchmark (`npm run bench`, or alone: `tsx scripts/bench-export.ts`): real Chromium,
 * production build, headless. The dashboard page writes N synthetic captures straight into the
 * extension's IndexedDB (a ~200 KB PNG each — distinct bytes, valid 1280×800 RGB — plus text.txt
 * and a realistic metadata.json), then:
 *   - reads every stored blob back once, one at a time (the floor: what any export must read);
 *   - exports everything through the Export button, as a person would, into the browser's
 *     download, sampling the page's JS heap (CDP Performance.getMetrics) and the resident memory
 *     of the extension's renderer and of the browser process (/proc; peak reset before the run).
 * Prints time, throughput against the floor, peak memory next to the bundle and largest file.
 * Figures only; nothing here asserts.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, openExtensionTab, type ExtensionBrowser } from '../tests/e2e/harness';

const COUNT = Number(process.env.BENCH_EXPORT_CAPTURES ?? 1000);
const MiB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;

interface Seeded {
  captures: number;
  storedBytes: number;
  largestFile: number;
  screenshotBytes: number;
}

/** tsx keeps function names with a `__name` helper that a page does not have: give it one. */
async function allowNamedFunctions(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name = (target) => target');
}

/** Writes `count` synthetic captures into the extension's IndexedDB from an extension page. */
export async function benchSeed(page: Page, count: number): Promise<Seeded> {
  return page.evaluate(async (count) => {
    const crcTable = new Uint32Array(256).map((_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc32 = (bytes: Uint8Array) => {
      let c = 0xffffffff;
      for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type: string, data: Uint8Array) => {
      const out = new Uint8Array(12 + data.length);
      const view = new DataView(out.buffer);
      view.setUint32(0, data.length);
      out.set(new TextEncoder().encode(type), 4);
      out.set(data, 8);
      view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
      return out;
    };
    const concat = (parts: Uint8Array[]) => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    // A 1280×800 RGB screenshot: a band of noise (≈200 KB compressed) over a flat page.
    const width = 1280;
    const height = 800;
    const raw = new Uint8Array((width * 3 + 1) * height);
    for (let y = 0; y < height; y++) {
      const row = y * (width * 3 + 1);
      if (y < 52) for (let i = 1; i <= width * 3; i += 65536) crypto.getRandomValues(raw.subarray(row + i, Math.min(row + width * 3 + 1, row + i + 65536)));
      else raw.fill(y % 40 < 20 ? 245 : 230, row + 1, row + width * 3 + 1);
    }
    const idat = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
    const ihdr = new Uint8Array(13);
    new DataView(ihdr.buffer).setUint32(0, width);
    new DataView(ihdr.buffer).setUint32(4, height);
    ihdr[8] = 8;
    ihdr[9] = 2;
    const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const head = concat([signature, chunk('IHDR', ihdr)]);
    const tail = concat([chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
    const words = 'the post says I know where you live and what time you leave the house every morning '.repeat(40);

    const sha = async (bytes: Uint8Array) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('holdfast');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const start = Date.parse('2026-10-01T08:00:00.000Z');
    let storedBytes = 0;
    let largestFile = 0;
    let screenshotBytes = 0;
    const BATCH = 25;
    for (let first = 0; first < count; first += BATCH) {
      const records: unknown[] = [];
      const blobs: unknown[] = [];
      for (let i = first; i < Math.min(count, first + BATCH); i++) {
        const id = crypto.randomUUID();
        const pressedAt = new Date(start + i * 3_600_000).toISOString();
        const png = concat([head, chunk('tEXt', new TextEncoder().encode(`Comment\0synthetic capture ${i} ${id}`)), tail]);
        const text = new TextEncoder().encode(`Page ${i}\n${words}`);
        const shaPng = await sha(png);
        const shaText = await sha(text);
        const metadata = new TextEncoder().encode(
          `${JSON.stringify(
            {
              format: 'holdfast-capture',
              formatVersion: 1,
              captureId: id,
              kind: 'page',
              trigger: 'shortcut',
              status: 'done',
              time: { timeZone: 'Europe/Madrid', utcOffset: '+02:00', utcOffsetMinutes: 120, pressedAt, pageReadAt: pressedAt, screenshotAt: pressedAt },
              page: {
                url: `https://social.example/@someone/status/${1000 + i}`,
                title: `Post ${i} by @someone`,
                language: 'en',
                viewport: { width, height },
                scroll: { x: 0, y: 0 },
                documentSize: { width, height: 4000 },
                devicePixelRatio: 1,
                textLength: text.length,
                textTruncated: false,
                visibleText: words.slice(0, 2500),
                visibleTextTruncated: false,
                selectedText: '',
                selectedTextTruncated: false,
                limitsHit: [],
                timeZone: 'Europe/Madrid',
              },
              tabUrlAtPress: `https://social.example/@someone/status/${1000 + i}`,
              screenshot: { file: 'screenshot.png', mediaType: 'image/png', size: png.length, sha256: shaPng, width, height, devicePixelRatio: 1, method: 'tabs.captureVisibleTab' },
              text: { file: 'text.txt', mediaType: 'text/plain; charset=utf-8', size: text.length, sha256: shaText, truncated: false, originalLength: text.length },
              environment: { browser: { name: 'Chromium', version: '156.0.0.0', userAgent: 'bench' }, os: { name: 'linux', arch: 'x86-64' }, extension: { name: 'Holdfast', version: '0.1.0', id: 'bench', manifestVersion: 3 } },
              failure: null,
              warnings: [],
            },
            null,
            2,
          )}\n`,
        );
        const shaMeta = await sha(metadata);
        const files = [
          { role: 'screenshot', name: 'screenshot.png', mediaType: 'image/png', bytes: png, sha256: shaPng },
          { role: 'text', name: 'text.txt', mediaType: 'text/plain; charset=utf-8', bytes: text, sha256: shaText },
          { role: 'metadata', name: 'metadata.json', mediaType: 'application/json', bytes: metadata, sha256: shaMeta },
        ];
        for (const f of files) {
          blobs.push({ sha256: f.sha256, mediaType: f.mediaType, size: f.bytes.length, data: new Blob([f.bytes], { type: f.mediaType }) });
          storedBytes += f.bytes.length;
          largestFile = Math.max(largestFile, f.bytes.length);
        }
        screenshotBytes += png.length;
        records.push({
          id,
          kind: 'page',
          trigger: 'shortcut',
          status: 'done',
          pressedAt,
          screenshotAt: pressedAt,
          storedAt: pressedAt,
          tab: { tabId: 1, windowId: 1 },
          summary: { url: `https://social.example/@someone/status/${1000 + i}`, title: `Post ${i} by @someone`, site: 'social.example' },
          artifacts: files.map(({ role, name, mediaType, bytes, sha256 }) => ({ role, name, mediaType, size: bytes.length, sha256 })),
          attempts: 1,
          warnings: [],
        });
      }
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['captures', 'blobs'], 'readwrite');
        for (const b of blobs) tx.objectStore('blobs').put(b);
        for (const r of records) tx.objectStore('captures').put(r);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
    return { captures: count, storedBytes, largestFile, screenshotBytes };
  }, count);
}

/** Reads every blob of the log once, one at a time, in capture order: the floor for an export. */
async function readAllBlobs(page: Page): Promise<{ ms: number; bytes: number }> {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open('holdfast');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const started = performance.now();
    const records = await request(db.transaction('captures').objectStore('captures').index('pressedAt').getAll());
    let bytes = 0;
    for (const record of records as { artifacts: { sha256: string }[] }[]) {
      for (const artifact of record.artifacts) {
        const stored = (await request(db.transaction('blobs').objectStore('blobs').get(artifact.sha256))) as { data: Blob };
        bytes += (await stored.data.arrayBuffer()).byteLength;
      }
    }
    db.close();
    return { ms: performance.now() - started, bytes };
  });
}

interface ProcessInfo {
  pid: number;
  kind: string;
}

/** The browser process of this profile and its extension renderer(s), from /proc. */
function processes(browser: ExtensionBrowser): { browser: ProcessInfo; extension: ProcessInfo[] } {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)!;
      return { pid: Number(m[1]), ppid: Number(m[2]), args: m[3] };
    });
  const root = rows.find((r) => r.args.includes(browser.userDataDir) && !r.args.includes('--type='));
  if (!root) throw new Error('browser process not found');
  const family = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) if (!family.has(r.pid) && family.has(r.ppid)) grew = family.add(r.pid) !== undefined;
  }
  const extension = rows.filter((r) => family.has(r.pid) && r.args.includes('--type=renderer') && r.args.includes('--extension-process')).map((r) => ({ pid: r.pid, kind: 'extension renderer' }));
  return { browser: { pid: root.pid, kind: 'browser' }, extension };
}

const status = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return 0;
  }
};
const resetPeak = (pid: number) => {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
};

/** Runs the export benchmark and prints its figures. */
export async function benchExport(count = COUNT): Promise<void> {
  const browser = await launchWithExtension();
  try {
    // The export screen is the dashboard's Export tab.
    const page = await openExtensionTab(browser, 'dashboard.html#export');
    await page.getByRole('button', { name: 'Export', exact: true }).waitFor();
    await allowNamedFunctions(page);
    const seedStarted = Date.now();
    const seeded = await benchSeed(page, count);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    await page.reload();
    await page.getByText(new RegExp(`^${count} captures, `)).waitFor({ timeout: 120_000 });
    await allowNamedFunctions(page);

    const floors = [await readAllBlobs(page), await readAllBlobs(page)];
    const floor = floors.reduce((a, b) => (a.ms < b.ms ? a : b));

    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const procs = processes(browser);
    const watched = [procs.browser, ...procs.extension];
    const baseline = new Map(watched.map((p) => [p.pid, status(p.pid, 'VmRSS')]));
    const peakReset = watched.map((p) => resetPeak(p.pid)).every(Boolean);
    const heapBefore = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
    let heapPeak = heapBefore;
    const rssPeak = new Map(watched.map((p) => [p.pid, baseline.get(p.pid)!]));
    let sampling = true;
    const phases: [string, number][] = [];
    const sampler = (async () => {
      while (sampling) {
        const text = await page.locator('.export__progress span').textContent({ timeout: 50 }).catch(() => null);
        const phase = text?.replace(/….*/, '') ?? null;
        if (phase && phases.at(-1)?.[0] !== phase) phases.push([phase, Date.now()]);
        const metrics = await cdp.send('Performance.getMetrics').catch(() => null);
        const heap = metrics?.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
        if (heap) heapPeak = Math.max(heapPeak, heap);
        for (const p of watched) rssPeak.set(p.pid, Math.max(rssPeak.get(p.pid)!, status(p.pid, 'VmRSS')));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const started = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30 * 60_000 }), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    await page.getByText(/^Saved as holdfast-evidence-/).waitFor({ timeout: 30 * 60_000 });
    const seconds = (Date.now() - started) / 1000;
    sampling = false;
    await sampler;
    const zipPath = join(browser.downloadsDir, 'bench.zip');
    await download.saveAs(zipPath);
    const zipBytes = statSync(zipPath).size;
    const hwm = new Map(watched.map((p) => [p.pid, Math.max(rssPeak.get(p.pid)!, peakReset ? status(p.pid, 'VmHWM') : 0)]));

    const readRate = floor.bytes / (floor.ms / 1000);
    const exportStoredRate = seeded.storedBytes / seconds;
    console.log(`\nHoldfast export benchmark — Chromium, production build, headless, ${count} synthetic captures\n`);
    console.log(`  log: ${count} captures, ${mb(seeded.storedBytes)} stored (${mb(seeded.screenshotBytes)} of ~${mb(seeded.screenshotBytes / count)} PNG screenshots); largest file ${mb(seeded.largestFile)}; seeded in ${seedSeconds.toFixed(1)} s`);
    console.log(`  floor: read every stored blob once from IndexedDB      ${(floor.ms / 1000).toFixed(2)} s   ${mb(readRate)}/s   (runs: ${floors.map((f) => (f.ms / 1000).toFixed(2)).join(', ')} s)`);
    console.log(`  export through the UI, click → "Saved as"             ${seconds.toFixed(2)} s   bundle ${mb(zipBytes)} (${(zipBytes / seeded.storedBytes).toFixed(2)}× the stored bytes: files + the PDF's copy of each screenshot)`);
    console.log(`  throughput: stored bytes ${mb(exportStoredRate)}/s = ${(exportStoredRate / readRate).toFixed(2)}× the floor; bundle bytes ${mb(zipBytes / seconds)}/s = ${(zipBytes / seconds / readRate).toFixed(2)}× the floor   (target ≥ 0.8×)`);
    const ends = [...phases.slice(1).map(([, at]) => at), started + seconds * 1000];
    console.log(`  phases: ${phases.map(([name, at], i) => `${name} ${((ends[i] - at) / 1000).toFixed(1)} s`).join('; ')}`);
    console.log(`  exporting page JS heap: ${mb(heapBefore)} before, peak ${mb(heapPeak)} (+${mb(heapPeak - heapBefore)})   (target < 64 MB + largest file ${mb(seeded.largestFile)})`);
    for (const p of watched) {
      console.log(`  ${p.kind.padEnd(20)} pid ${p.pid}: resident ${mb(baseline.get(p.pid)!)} before, peak ${mb(hwm.get(p.pid)!)} (+${mb(hwm.get(p.pid)! - baseline.get(p.pid)!)})${peakReset ? ' (VmHWM reset before the export, and samples every 100 ms)' : ' (sampled every 100 ms)'}`);
    }
    console.log(`  the zip was collected with new Response(stream).blob() (disk-backed blob storage in Chromium) and downloaded; see utils/export/save-bundle.ts`);
  } finally {
    await browser.close();
  }
}

if (process.argv[1]?.endsWith('bench-export.ts')) {
  benchExport().catch((error) => {
    console.error(`Export benchmark failed: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  });
}
