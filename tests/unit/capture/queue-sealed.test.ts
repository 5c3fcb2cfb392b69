import { beforeAll, describe, expect, it } from 'vitest';
import { createCaptureQueue } from '@/utils/capture/queue';
import { createKeyring, publicKeyOf } from '@/utils/crypto/keyring';
import { createEvidenceCodec, type OpeningKey, type SealingKey } from '@/utils/db/evidence-codec';
import { sha256Hex } from '@/utils/integrity/sha256';
import { indexOfBytes } from '../crypto/helpers';
import { fakeServices, pageRead } from '../support/capture-services';

const MARKER = 'LOCKED-CAPTURE-MARKER-91b';
let sealTo: SealingKey;
let openWith: OpeningKey;

beforeAll(async () => {
  const { keyring, privateKey } = await createKeyring('passphrase for the queue tests');
  sealTo = { keyId: keyring.keyId, publicKey: await publicKeyOf(keyring) };
  openWith = { keyId: keyring.keyId, privateKey };
}, 60_000);

const page = () => pageRead({ url: `https://social.example/${MARKER}`, title: `Title ${MARKER}`, text: `Text ${MARKER}`, visibleText: MARKER });

describe('the capture queue with encryption on (log locked)', () => {
  it('captures while locked: every artifact, the summary and the preview are sealed, and open with the key', async () => {
    const f = fakeServices({
      readPage: async () => page(),
      makeThumbnail: async (png) => png,
      evidenceCodec: async () => createEvidenceCodec({ sealTo }),
    });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', { ...f.target, url: `https://social.example/${MARKER}` });
    const pending = (await f.db.captures.get(id))!;
    expect(pending.status).toBe('pending');
    expect(pending.summary.url).toBe('');
    expect(pending.sealed).toBeDefined();
    await queue.drain();
    await new Promise((r) => setTimeout(r, 20)); // the preview is written after the capture settles

    const stored = (await f.db.captures.get(id))!;
    expect(stored.status).toBe('done');
    expect(stored.summary).toEqual({ url: '', title: '', site: '' });
    expect(stored.artifacts).toEqual([]);
    expect(await f.db.blobs.count()).toBe(0);
    expect(await f.db.sealedBlobs.count()).toBe(3);
    expect(await f.db.pendingPageReads.count()).toBe(0);
    const marker = new TextEncoder().encode(MARKER);
    for (const row of await f.db.sealedBlobs.toArray()) {
      const bytes = new Uint8Array(await row.data.arrayBuffer());
      expect(indexOfBytes(bytes, marker)).toBe(-1);
      expect(indexOfBytes(bytes, f.png.subarray(0, 16))).toBe(-1);
    }
    expect(JSON.stringify(stored)).not.toContain(MARKER);
    expect(JSON.stringify(stored)).not.toContain(await sha256Hex(f.png));
    const thumbnail = (await f.db.thumbnails.get(id))!;
    expect(thumbnail.keyId).toBe(sealTo.keyId);

    const reading = createEvidenceCodec({ sealTo, openWith });
    const opened = await reading.openCapture(stored);
    expect(opened.state).toBe('opened');
    expect(opened.record.summary).toEqual({ url: `https://social.example/${MARKER}`, title: `Title ${MARKER}`, site: 'social.example' });
    const screenshot = opened.record.artifacts.find((a) => a.role === 'screenshot')!;
    expect(await reading.openArtifact(f.db, id, screenshot)).toEqual(f.png);
    const metadataRef = opened.record.artifacts.find((a) => a.role === 'metadata')!;
    const metadata = JSON.parse(new TextDecoder().decode(await reading.openArtifact(f.db, id, metadataRef)));
    expect(metadata.screenshot.sha256).toBe(await sha256Hex(f.png));
    expect(metadata.tabUrlAtPress).toBe(`https://social.example/${MARKER}`);
    expect(new Uint8Array(await (await reading.openThumbnail(thumbnail))!.arrayBuffer())).toEqual(f.png);
  });

  it('seals a failed capture too, keeping only our own words about the failure in the clear', async () => {
    const f = fakeServices({ evidenceCodec: async () => createEvidenceCodec({ sealTo }) });
    const queue = createCaptureQueue(f.services);
    const { id } = await queue.request('shortcut', { ...f.target, url: 'chrome://settings/' + MARKER });
    const stored = (await f.db.captures.get(id))!;
    expect(stored.status).toBe('failed');
    expect(stored.failure).toMatchObject({ code: 'restricted-page' });
    expect(stored.failure).not.toHaveProperty('detail');
    expect(JSON.stringify(stored)).not.toContain(MARKER);
    const opened = await createEvidenceCodec({ sealTo, openWith }).openCapture(stored);
    expect(opened.record.failure?.detail).toContain(MARKER);
  });

  it('finishes a capture left pending by a worker that stopped while the log was locked, and says what it could not read', async () => {
    const f = fakeServices({ readPage: async () => page(), evidenceCodec: async () => createEvidenceCodec({ sealTo }) });
    let release!: (value: string) => void;
    const first = createCaptureQueue({ ...f.services, takeScreenshot: () => new Promise((r) => (release = r)) });
    const { id } = await first.request('shortcut', { ...f.target, url: `https://social.example/${MARKER}` });
    void release; // the worker "stops" here: the screenshot never comes back
    await new Promise((r) => setTimeout(r, 10));

    const second = createCaptureQueue(f.services); // a new worker, still locked
    await second.drain();
    const stored = (await f.db.captures.get(id))!;
    expect(stored.status).toBe('done');
    const opened = await createEvidenceCodec({ sealTo, openWith }).openCapture(stored);
    expect(opened.record.summary.url).toBe(`https://social.example/${MARKER}`);
    expect(opened.record.warnings.join(' ')).toMatch(/encrypted and could not be read when the capture resumed/);
  });
});
