import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { HoldfastDb } from '../../../utils/db/database';
import { importBundle } from '../../../utils/import/import-bundle';
import { readBundle } from '../../../utils/import/read-bundle';
import { BundleRefused } from '../../../utils/import/refusal';
import { exportBundle, fillLog, freshDb, pathEnding, readManifest, snapshotLog, unpack, zipBytes } from './fixtures';
import { deflatedZeros, findEntry, patchEntry } from './zip-patch';

/** Counts every byte fflate's streaming inflater hands out, to prove a bomb is not unpacked. */
const inflated = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('fflate', async (importOriginal) => {
  const actual = await importOriginal<typeof import('fflate')>();
  class CountingInflate extends actual.Inflate {
    constructor(ondata: (chunk: Uint8Array, final: boolean) => void) {
      super((chunk, final) => {
        inflated.bytes += chunk.length;
        ondata(chunk, final);
      });
    }
  }
  return { ...actual, Inflate: CountingInflate };
});

const MiB = 1024 * 1024;
/** 1 + 258 × 812,850 = 209,715,301 zero bytes (200 MiB) in 1.3 MB of DEFLATE. */
const zeros = deflatedZeros(812_850);

let files: Record<string, Uint8Array>;
let screenshot: string;
let log: HoldfastDb;
let logBefore: unknown;

beforeAll(async () => {
  const source = freshDb();
  await fillLog(source);
  files = await unpack((await exportBundle(source)).zip);
  screenshot = pathEnding(files, '/screenshot.png');
  log = freshDb();
  await fillLog(log, [{ url: 'https://forum.example/t/9', title: 'Thread', text: 'mine' }], Date.parse('2026-10-01T08:00:00.000Z'));
  logBefore = await snapshotLog(log);
});

/** The real bundle with the screenshot's stored bytes replaced by the 200 MiB of zeros, compressed. */
function bundleWithBomb(declaredSize: number): Blob {
  const raw = zipBytes({ ...files, [screenshot]: new Uint8Array(zeros.data.length) });
  patchEntry(raw, screenshot, { method: 8, size: declaredSize, data: zeros.data });
  return new Blob([raw as BlobPart]);
}

async function refusalOf(zip: Blob): Promise<{ refusal: BundleRefused; ms: number; inflatedBytes: number }> {
  inflated.bytes = 0;
  const started = performance.now();
  const refusal = await importBundle(log, zip).then(
    () => undefined,
    (error: unknown) => error,
  );
  const ms = performance.now() - started;
  expect(refusal).toBeInstanceOf(BundleRefused);
  expect(await snapshotLog(log)).toEqual(logBefore);
  return { refusal: refusal as BundleRefused, ms, inflatedBytes: inflated.bytes };
}

describe('zip bombs are refused quickly, without unpacking them', () => {
  it('the deflate stream used here really unpacks to 200 MiB', () => {
    expect(zeros.size).toBe(209_715_301);
    expect(zeros.data.length).toBeLessThan(1.4 * MiB);
  });

  it('refuses 200 MiB of zeros that the zip declares to be a small screenshot, after a few MiB of work', async () => {
    const declared = readManifest(files).files.find((f) => f.path === screenshot)!.size;
    const { refusal, ms, inflatedBytes } = await refusalOf(bundleWithBomb(declared));
    expect(refusal).toMatchObject({ code: 'TOO_LARGE', path: screenshot });
    expect(refusal.message).toMatch(/unpacks to more bytes than the zip says/);
    expect(inflatedBytes).toBeGreaterThan(declared);
    expect(inflatedBytes).toBeLessThan(8 * MiB);
    expect(ms).toBeLessThan(2_000);
  });

  it('refuses the same zeros honestly declared as 200 MiB by their compression ratio, before inflating', async () => {
    const { refusal, inflatedBytes } = await refusalOf(bundleWithBomb(zeros.size));
    expect(refusal).toMatchObject({ code: 'SUSPICIOUS_COMPRESSION', path: screenshot });
    expect(inflatedBytes).toBe(0);
  });

  it('refuses a file declared larger than one file may be, before inflating', async () => {
    const { refusal, inflatedBytes } = await refusalOf(bundleWithBomb(1100 * MiB));
    expect(refusal).toMatchObject({ code: 'TOO_LARGE', path: screenshot });
    expect(inflatedBytes).toBe(0);
  });

  it('refuses files that together declare more than an import may hold, before reading any', async () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 12; i += 1) many[`part-${i}.bin`] = new Uint8Array(16);
    const raw = zipBytes({ ...files, ...many });
    for (let i = 0; i < 12; i += 1) patchEntry(raw, `part-${i}.bin`, { size: 200 * MiB, compressedSize: 200 * MiB });
    const { refusal, inflatedBytes } = await refusalOf(new Blob([raw as BlobPart]));
    expect(refusal).toMatchObject({ code: 'TOO_LARGE' });
    expect(refusal.message).toMatch(/would unpack to more than Holdfast imports/);
    expect(inflatedBytes).toBe(0);
  });

  it('refuses a zip with more entries than any bundle, from its table of contents alone', async () => {
    const many: Record<string, Uint8Array> = { ...files };
    const empty = new Uint8Array(0);
    for (let i = 0; i < 50_001; i += 1) many[`f/${i}`] = empty;
    const { refusal, ms, inflatedBytes } = await refusalOf(new Blob([zipBytes(many) as BlobPart]));
    expect(refusal).toMatchObject({ code: 'TOO_MANY_FILES' });
    expect(refusal.message).toMatch(/50\d{3} files/);
    expect(inflatedBytes).toBe(0);
    expect(ms).toBeLessThan(1_000);
  });

  it('refuses entries that share their bytes (overlapping files, a bomb technique)', async () => {
    const raw = zipBytes(files);
    const text = pathEnding(files, '/text.txt');
    const target = findEntry(raw, screenshot);
    // Point the text file's directory entry at the screenshot's bytes.
    new DataView(raw.buffer, raw.byteOffset).setUint32(findEntry(raw, text).central + 42, target.local, true);
    const { refusal, inflatedBytes } = await refusalOf(new Blob([raw as BlobPart]));
    expect(refusal).toMatchObject({ code: 'DAMAGED_ZIP' });
    expect(refusal.message).toMatch(/share bytes/);
    expect(inflatedBytes).toBe(0);
  });

  it('still reads an honest compressed bundle (the counter sees real inflation)', async () => {
    inflated.bytes = 0;
    const bundle = await readBundle(new Blob([zipBytes(files, 6) as BlobPart]));
    expect(bundle.captures).toHaveLength(4);
    const total = Object.values(files).reduce((sum, b) => sum + b.length, 0);
    expect(inflated.bytes).toBe(total);
  });
});
