/**
 * Inputs for the report, CSV, PDF and verifier tests: a small evidence bundle described the way
 * the export describes it, with a corpus of hostile strings where a web page could put them.
 */
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { CaptureMetadata } from '@/utils/capture/metadata';
import type { BundleCaptureEntry, BundleFileEntry, BundleManifest } from '@/utils/export/layout';
import type { ReportCapture, ReportInput } from '@/utils/export/report-model';
import type { PostFields } from '@/utils/sites/types';

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Markup and script payloads a page title, URL, text or author name can carry. */
export const HOSTILE = {
  script: '<script>window.__pwned = 1</script>',
  img: '<img src=x onerror="window.__pwned=2">',
  svg: '<svg onload="window.__pwned=3"><script>alert(1)</script></svg>',
  attrBreak: '" autofocus onfocus="window.__pwned=4" x="',
  singleQuote: "' onmouseover='window.__pwned=5",
  javascriptUrl: 'javascript:window.__pwned=6//https://example.com/',
  dataUrl: 'data:text/html,<script>window.__pwned=7</script>',
  entity: '&lt;b&gt;not bold&lt;/b&gt; &amp;',
  closeTags: '</dd></dl></section><h1>Injected heading</h1>',
  styleBreak: '</style><style>body{display:none}</style>',
  bidi: 'invoice\u202Egnp.exe',
  longLine: `https://example.com/${'a'.repeat(12_000)}`,
  emoji: 'Threat 😡🔪 from 山田太郎 — مرحبا',
};

/** A valid 8-bit PNG of `width` × `height` (a simple gradient), RGB unless `alpha`. */
export function makePng(width: number, height: number, seed = 0, options: { alpha?: boolean; interlaced?: boolean } = {}): Uint8Array {
  const channels = options.alpha ? 4 : 3;
  const raw = Buffer.alloc((width * channels + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * channels + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x += 1) {
      raw[row + 1 + x * channels] = (x + seed) & 0xff;
      raw[row + 2 + x * channels] = (y * 2 + seed) & 0xff;
      raw[row + 3 + x * channels] = (x ^ y) & 0xff;
      if (options.alpha) raw[row + 4 + x * channels] = 128;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = options.alpha ? 6 : 2; // RGBA or RGB
  ihdr[12] = options.interlaced ? 1 : 0;
  return new Uint8Array(
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]),
  );
}

export interface FixtureCapture {
  url: string;
  title: string;
  pressedAt: string;
  status?: 'done' | 'failed';
  failure?: string;
  text?: string;
  visibleText?: string;
  notes?: string[];
  post?: PostFields;
  screenshot?: { width: number; height: number } | null;
  timeZone?: { timeZone: string; utcOffsetMinutes: number };
}

export interface FixtureBundle {
  input: ReportInput;
  /** Every file of the bundle so far (captures, manifest.json, SHA256SUMS). */
  files: Map<string, Uint8Array>;
}

function offset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Builds the captures' files, their metadata and the manifest, as the export would. */
export function makeBundle(captures: FixtureCapture[], options: { exportedAt?: string; exporterName?: string } = {}): FixtureBundle {
  const files = new Map<string, Uint8Array>();
  const listed: BundleFileEntry[] = [];
  const reportCaptures: ReportCapture[] = [];
  const entries: BundleCaptureEntry[] = [];
  const encoder = new TextEncoder();
  captures.forEach((c, index) => {
    const id = `${String(index + 1).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const folder = `captures/${String(index + 1).padStart(4, '0')}_${c.pressedAt.replace(/[:.]/g, '-')}_${id.slice(0, 8)}`;
    const status = c.status ?? 'done';
    const zone = c.timeZone ?? { timeZone: 'Europe/Madrid', utcOffsetMinutes: 60 };
    const own: BundleFileEntry[] = [];
    const add = (name: string, mediaType: string, bytes: Uint8Array) => {
      const entry = { path: `${folder}/${name}`, size: bytes.byteLength, mediaType, sha256: sha256(bytes) };
      files.set(entry.path, bytes);
      own.push(entry);
      return entry;
    };
    let metadata: CaptureMetadata | null = null;
    if (status === 'done') {
      const shot = c.screenshot === null ? null : (c.screenshot ?? { width: 64, height: 40 });
      const png = shot ? add('screenshot.png', 'image/png', makePng(shot.width, shot.height, index)) : null;
      const text = add('text.txt', 'text/plain; charset=utf-8', encoder.encode(c.text ?? `Text of ${c.title}`));
      metadata = {
        format: 'holdfast-capture',
        formatVersion: 1,
        captureId: id,
        kind: 'page',
        trigger: 'shortcut',
        status: 'done',
        time: { timeZone: zone.timeZone, utcOffset: offset(zone.utcOffsetMinutes), utcOffsetMinutes: zone.utcOffsetMinutes, pressedAt: c.pressedAt, pageReadAt: c.pressedAt, screenshotAt: c.pressedAt },
        page: {
          url: c.url,
          title: c.title,
          language: 'en',
          viewport: { width: 1280, height: 800 },
          scroll: { x: 0, y: 0 },
          documentSize: { width: 1280, height: 2000 },
          devicePixelRatio: 1,
          textLength: (c.text ?? '').length,
          textTruncated: false,
          visibleText: c.visibleText ?? `Visible text of ${c.title}`,
          visibleTextTruncated: false,
          selectedText: '',
          selectedTextTruncated: false,
          limitsHit: [],
          timeZone: zone.timeZone,
        },
        tabUrlAtPress: c.url,
        screenshot: png && shot ? { file: 'screenshot.png', mediaType: 'image/png', size: png.size, sha256: png.sha256, width: shot.width, height: shot.height, devicePixelRatio: 1, method: 'tabs.captureVisibleTab' } : null,
        text: { file: 'text.txt', mediaType: text.mediaType, size: text.size, sha256: text.sha256, truncated: false, originalLength: text.size },
        environment: {
          browser: { name: 'Chromium', version: '156.0.0.0', userAgent: 'Mozilla/5.0' },
          os: { name: 'linux', arch: 'x86-64' },
          extension: { name: 'Holdfast', version: '0.1.0', id: 'abcdefghijklmnop', manifestVersion: 3 },
        },
        failure: null,
        warnings: [],
      };
      add('metadata.json', 'application/json', encoder.encode(`${JSON.stringify(metadata, null, 2)}\n`));
    }
    const entry: BundleCaptureEntry = {
      id,
      folder,
      status,
      kind: 'page',
      trigger: 'shortcut',
      pressedAt: c.pressedAt,
      screenshotAt: status === 'done' ? c.pressedAt : null,
      url: c.url,
      title: c.title,
      site: safeHost(c.url),
      failure: status === 'done' ? null : (c.failure ?? 'The tab was closed before the screenshot could be taken.'),
      files: own.map((f) => f.path),
    };
    entries.push(entry);
    listed.push(...own);
    reportCaptures.push({ entry, metadata, files: own, ...(c.notes ? { notes: c.notes } : {}), ...(c.post ? { post: c.post } : {}) });
  });
  const manifest: BundleManifest = {
    format: 'holdfast-evidence-bundle',
    formatVersion: 1,
    exportedAt: options.exportedAt ?? '2026-11-30T10:00:00.000Z',
    timeZone: { timeZone: 'Europe/Madrid', utcOffset: '+01:00', utcOffsetMinutes: 60 },
    tool: { name: 'Holdfast', version: '0.1.0', extensionId: 'abcdefghijklmnop' },
    notListedHere: ['manifest.json', 'SHA256SUMS'],
    captureCount: entries.length,
    captures: entries,
    files: listed,
  };
  const manifestBytes = encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
  files.set('manifest.json', manifestBytes);
  const sums = [...listed, { path: 'manifest.json', sha256: sha256(manifestBytes) }].map((f) => `${f.sha256}  ${f.path}\n`).join('');
  files.set('SHA256SUMS', encoder.encode(sums));
  return {
    input: { manifest, manifestDigest: sha256(manifestBytes), captures: reportCaptures, ...(options.exporterName !== undefined ? { exporterName: options.exporterName } : {}) },
    files,
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Three ordinary captures (given out of order), one failed. */
export function ordinaryBundle(): FixtureBundle {
  return makeBundle(
    [
      { url: 'https://social.example/@troll/status/2', title: 'Second post', pressedAt: '2026-11-29T21:15:00.000Z', notes: ['He posted this after I blocked him.'] },
      {
        url: 'https://social.example/@troll/status/1',
        title: 'First post',
        pressedAt: '2026-11-28T08:00:05.250Z',
        post: {
          platform: 'x',
          kind: 'post',
          author: { displayName: 'Troll Account', handle: '@troll', accountId: '12345' },
          postedAt: { iso: '2026-11-28T07:58:00.000Z', displayed: '2m' },
          permalink: 'https://social.example/@troll/status/1',
          text: 'I know where you live.',
        },
      },
      { url: 'https://mail.example/inbox', title: 'Inbox', pressedAt: '2026-11-30T09:00:00.000Z', status: 'failed', failure: 'The tab was closed before the screenshot could be taken.' },
    ],
    { exporterName: 'Ana García' },
  );
}

/**
 * The bundle as the export finishes it: `listed` files go into manifest.json's list, `sumsOnly`
 * files (the reports, which carry the manifest digest) only into SHA256SUMS and `notListedHere`.
 * manifest.json and SHA256SUMS are written again.
 */
export function assembleBundle(base: FixtureBundle, extra: { listed?: Record<string, Uint8Array>; sumsOnly?: Record<string, Uint8Array> }): FixtureBundle & { manifestDigest: string } {
  const encoder = new TextEncoder();
  const files = new Map(base.files);
  const manifest: BundleManifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
  const entry = (path: string, bytes: Uint8Array): BundleFileEntry => ({ path, size: bytes.byteLength, mediaType: 'application/octet-stream', sha256: sha256(bytes) });
  for (const [path, bytes] of Object.entries(extra.listed ?? {})) {
    files.set(path, bytes);
    manifest.files.push(entry(path, bytes));
  }
  manifest.notListedHere = ['manifest.json', 'SHA256SUMS', ...Object.keys(extra.sumsOnly ?? {})];
  const manifestBytes = encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
  files.set('manifest.json', manifestBytes);
  const sumsOnly = Object.entries(extra.sumsOnly ?? {}).map(([path, bytes]) => {
    files.set(path, bytes);
    return entry(path, bytes);
  });
  const listed = [...manifest.files, entry('manifest.json', manifestBytes), ...sumsOnly];
  files.set('SHA256SUMS', encoder.encode(listed.map((f) => `${f.sha256}  ${f.path}\n`).join('')));
  const manifestDigest = sha256(manifestBytes);
  return { input: { ...base.input, manifest, manifestDigest }, files, manifestDigest };
}
