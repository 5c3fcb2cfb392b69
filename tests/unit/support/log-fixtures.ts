import { Blob as NodeBlob } from 'node:buffer';
import { HoldfastDb } from '@/utils/db/database';
import type { CaptureRecord } from '@/utils/db/records';
import { sha256Hex } from '@/utils/integrity/sha256';

/** A fresh, empty database of its own. */
export function freshDb(): HoldfastDb {
  return new HoldfastDb(`test-${crypto.randomUUID()}`);
}

export interface StoredCaptureOptions {
  id?: string;
  pressedAt?: string;
  status?: CaptureRecord['status'];
  title?: string;
  url?: string;
  text?: string;
  /** Extra fields of metadata.json, e.g. `{ post: {...} }`. */
  metadata?: Record<string, unknown>;
}

/** Stores a capture with its text.txt and metadata.json blobs, as the queue would. */
export async function storeCapture(db: HoldfastDb, options: StoredCaptureOptions = {}): Promise<CaptureRecord> {
  const id = options.id ?? crypto.randomUUID();
  const url = options.url ?? `https://social.example/post/${id.slice(0, 6)}`;
  const artifacts: CaptureRecord['artifacts'] = [];
  const status = options.status ?? 'done';
  if (status === 'done') {
    const text = new TextEncoder().encode(options.text ?? 'nothing in particular');
    const metadata = new TextEncoder().encode(JSON.stringify({ format: 'holdfast-capture', captureId: id, ...options.metadata }));
    for (const [role, name, bytes, mediaType] of [
      ['text', 'text.txt', text, 'text/plain'],
      ['metadata', 'metadata.json', metadata, 'application/json'],
    ] as const) {
      const sha256 = await sha256Hex(bytes);
      // Node's Blob: fake-indexeddb keeps its bytes; happy-dom's Blob would not survive the round trip.
    await db.blobs.put({ sha256, mediaType, size: bytes.length, data: new NodeBlob([bytes], { type: mediaType }) as unknown as Blob });
      artifacts.push({ role, name, sha256, size: bytes.length, mediaType });
    }
  }
  const record: CaptureRecord = {
    id,
    kind: 'page',
    trigger: 'shortcut',
    status,
    pressedAt: options.pressedAt ?? '2026-11-30T10:00:00.000Z',
    tab: { tabId: 1, windowId: 1 },
    summary: { url, title: options.title ?? 'A post', site: new URL(url).host },
    artifacts,
    attempts: 1,
    warnings: [],
    ...(status === 'failed' ? { failure: { code: 'tab-closed', reason: 'The tab was closed.', at: '2026-11-30T10:00:01.000Z' } } : {}),
  };
  await db.captures.put(record);
  return record;
}

/** Post fields as a site adapter records them in metadata.json. */
export function postMetadata(author: { displayName?: string; handle?: string; accountId?: string; address?: string }, platform = 'x', text = 'post text'): Record<string, unknown> {
  return { post: { platform, kind: 'post', author, text } };
}
