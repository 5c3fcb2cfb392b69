import { describe, expect, it, vi } from 'vitest';
import { forgetFinishedExport, isOwnDownload, type DownloadItemLike } from '@/utils/safety/forget-downloads';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

function downloads(item: DownloadItemLike | undefined) {
  return { search: vi.fn(async () => (item ? [item] : [])), erase: vi.fn(async () => [item?.id ?? 0]) };
}

describe('not keeping exports in the download list', () => {
  it('recognises our own exports and nothing else', () => {
    expect(isOwnDownload({ id: 1, url: `blob:chrome-extension://${ID}/0b7c-uuid` }, ID, ORIGIN)).toBe(true);
    expect(isOwnDownload({ id: 1, byExtensionId: ID, url: 'blob:x' }, ID, ORIGIN)).toBe(true);
    expect(isOwnDownload({ id: 1, url: 'https://example.com/file.zip' }, ID, ORIGIN)).toBe(false);
    expect(isOwnDownload({ id: 1, url: `blob:chrome-extension://${ID}x/evil` }, ID, ORIGIN)).toBe(false);
    expect(isOwnDownload({ id: 1, url: 'blob:chrome-extension://otherextension/uuid' }, ID, ORIGIN)).toBe(false);
  });

  it('erases a finished export when asked to, and only then', async () => {
    const ours = { id: 7, url: `blob:${ORIGIN}uuid`, state: 'complete' };
    const on = { extensionId: ID, extensionOrigin: ORIGIN, enabled: async () => true };
    const api = downloads(ours);
    expect(await forgetFinishedExport(api, { id: 7, state: { current: 'in_progress' } }, on)).toBe(false);
    expect(await forgetFinishedExport(api, { id: 7, state: { current: 'complete' } }, on)).toBe(true);
    expect(api.erase).toHaveBeenCalledWith({ id: 7 });

    const off = downloads(ours);
    expect(await forgetFinishedExport(off, { id: 7, state: { current: 'complete' } }, { ...on, enabled: async () => false })).toBe(false);
    expect(off.erase).not.toHaveBeenCalled();

    const theirs = downloads({ id: 8, url: 'https://example.com/a.zip' });
    expect(await forgetFinishedExport(theirs, { id: 8, state: { current: 'complete' } }, on)).toBe(false);
    expect(theirs.erase).not.toHaveBeenCalled();
  });
});
