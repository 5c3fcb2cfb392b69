// @vitest-environment happy-dom
import { Blob as NodeBlob } from 'node:buffer';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureDetail } from '@/components/capture-detail';
import { getDb } from '@/utils/db/database';
import { createIncident, draftIncident } from '@/utils/incidents/incidents';
import { sha256Hex } from '@/utils/integrity/sha256';
import { blurScreenshots } from '@/utils/settings/display';
import { storeCapture } from '../unit/support/log-fixtures';
import { emptyLog } from './support';

beforeEach(emptyLog);
afterEach(cleanup);

function show(captureId: string) {
  const calls = { close: vi.fn(), openIncident: vi.fn() };
  render(<CaptureDetail captureId={captureId} onClose={calls.close} onOpenIncident={calls.openIncident} announce={vi.fn()} />);
  return calls;
}

describe('the detail of a capture', () => {
  it('shows every fact and fingerprint, the post fields, and the incidents it belongs to', async () => {
    const db = getDb();
    const capture = await storeCapture(db, {
      title: 'Post by Night Owl',
      metadata: {
        time: { timeZone: 'Europe/Madrid', utcOffset: '+01:00' },
        post: { platform: 'x', kind: 'post', author: { displayName: 'Night Owl', handle: '@night_owl_77', accountId: '991' }, postedAt: { iso: '2026-11-29T22:00:00Z', displayed: '2h' }, permalink: 'https://x.com/night_owl_77/status/5', text: 'I know where you park' },
      },
    });
    const incident = await createIncident(db, draftIncident([capture], 'Threats about parking'));
    const calls = show(capture.id);
    await screen.findByRole('heading', { name: 'Post by Night Owl', level: 2 });
    await screen.findByText('@night_owl_77');
    expect(screen.getByText('991')).toBeTruthy();
    expect(screen.getByText('https://x.com/night_owl_77/status/5')).toBeTruthy();
    expect(screen.getByText('2026-11-29T22:00:00Z · “2h”')).toBeTruthy();
    expect(screen.getByText('Europe/Madrid (UTC+01:00)')).toBeTruthy();
    for (const artifact of capture.artifacts) expect(screen.getByText(artifact.sha256)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Threats about parking' }));
    expect(calls.openIncident).toHaveBeenCalledWith(incident.id);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the list' }));
    expect(calls.close).toHaveBeenCalled();
  });

  it('saves a note and says so; the earlier text stays available', async () => {
    const capture = await storeCapture(getDb());
    show(capture.id);
    const box = (await screen.findByRole('textbox', { name: /^Note/ })) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'first version' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await screen.findByText('Note saved.');
    fireEvent.input(box, { target: { value: 'second version' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    await waitFor(async () => expect((await getDb().notes.get(capture.id))?.text).toBe('second version'));
    await screen.findByText('Earlier text');
    expect(screen.getByText('first version')).toBeTruthy();
  });

  it('blurs the screenshot until the person chooses to look, when the setting is on', async () => {
    const db = getDb();
    const capture = await storeCapture(db);
    const png = new Uint8Array([137, 80, 78, 71]);
    // The screenshot is shown only when its bytes match the recorded SHA-256.
    const sha256 = await sha256Hex(png);
    await db.blobs.put({ sha256, mediaType: 'image/png', size: 4, data: new NodeBlob([png], { type: 'image/png' }) as unknown as Blob });
    await db.captures.update(capture.id, { artifacts: [...capture.artifacts, { role: 'screenshot', name: 'screenshot.png', sha256, size: 4, mediaType: 'image/png' }] });
    await blurScreenshots.setValue(true);
    show(capture.id);
    await screen.findByRole('button', { name: 'Show the screenshot' });
    expect(document.querySelector('.viewer__frame--blurred')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show the screenshot' }));
    await screen.findByRole('button', { name: 'Zoom in' });
    expect(document.querySelector('.viewer__frame--blurred')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    await screen.findByText('150 %');
  });

  it('says so when the capture is no longer in the log', async () => {
    show('gone');
    await screen.findByText('This capture is no longer in the log.');
  });
});
