import { describe, expect, it } from 'vitest';
import { HashingTap } from '@/utils/export/hashing-tap';
import { readAhead, readingAhead } from '@/utils/export/read-ahead';
import { sha256Hex } from '@/utils/integrity/sha256';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('reading ahead', () => {
  it('yields every item in order with at most `depth` reads ahead of the consumer', async () => {
    let inFlight = 0;
    let most = 0;
    const read = async (n: number) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await tick();
      inFlight -= 1;
      return n * 10;
    };
    const seen: [number, number][] = [];
    for await (const pair of readAhead([1, 2, 3, 4, 5], read, 2)) {
      seen.push(pair);
      await tick();
      await tick();
    }
    expect(seen).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
      [5, 50],
    ]);
    expect(most).toBe(3);
  });

  it('fails at the item whose read failed, after the ones before it', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const [n] of readAhead([1, 2, 3], async (n) => (n === 2 ? Promise.reject(new Error('gone')) : n), 2)) seen.push(n);
    };
    await expect(run()).rejects.toThrow('gone');
    expect(seen).toEqual([1]);
  });

  it('starts reading the next file when one is asked for, and hands each out once', async () => {
    const reads: string[] = [];
    const reader = readingAhead(['a', 'b', 'c'], async (path) => {
      reads.push(path);
      return new TextEncoder().encode(path);
    });
    expect(new TextDecoder().decode(await reader('a'))).toBe('a');
    expect(reads).toEqual(['a', 'b']);
    expect(new TextDecoder().decode(await reader('b'))).toBe('b');
    expect(reads).toEqual(['a', 'b', 'c']);
    await reader('x');
    await reader('a');
    expect(reads).toEqual(['a', 'b', 'c', 'x', 'a', 'b']);
  });
});

describe('hashing while streaming', () => {
  it('passes every byte through, gathered into pieces, and gives the SHA-256 of the whole', async () => {
    const parts = ['<html>', new Uint8Array(300_000).fill(7), '', 'é'.repeat(10), new Uint8Array(5)];
    const tap = new HashingTap();
    expect(() => tap.sha256).toThrow(/not been written/);
    const out: Uint8Array[] = [];
    for await (const piece of tap.through(parts, 64 * 1024)) out.push(piece);
    const whole = new Uint8Array(await new Blob(out as BlobPart[]).arrayBuffer());
    const expected = new Uint8Array(await new Blob(parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p)) as BlobPart[]).arrayBuffer());
    expect(Buffer.from(whole).equals(Buffer.from(expected))).toBe(true);
    expect(tap.size).toBe(expected.byteLength);
    expect(tap.sha256).toBe(await sha256Hex(expected));
    // The small pieces are gathered; the large one passes as it is, never copied.
    expect(out.map((p) => p.byteLength)).toEqual([6, 300_000, 25]);
    expect(out[1]).toBe(parts[1]);
  });
});
