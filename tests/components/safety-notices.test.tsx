// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafetyNotices } from '@/components/safety-notices';
import { getDb } from '@/utils/db/database';
import type { CaptureRecord } from '@/utils/db/records';
import { getCareState, noteExportMade, updateCareState } from '@/utils/safety/settings';

function capture(overrides: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    id: crypto.randomUUID(), kind: 'page', trigger: 'shortcut', status: 'done', pressedAt: new Date().toISOString(), tab: { tabId: 1, windowId: 1 },
    summary: { url: 'https://x.example/', title: 'A post', site: 'x.example' }, artifacts: [], attempts: 1, warnings: [], ...overrides,
  };
}

beforeEach(async () => {
  await getDb().captures.clear();
  await getDb().keyring.clear();
});
afterEach(cleanup);

describe('safety notices (popup and dashboard)', () => {
  it('offers protection at first run, and can be skipped', async () => {
    render(<SafetyNotices place="popup" />);
    await screen.findByText('Before you start');
    expect(screen.getByText(/Removing Holdfast or resetting the browser deletes them/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Set up protection' }).getAttribute('href')).toMatch(/settings\.html#encryption$/);
    fireEvent.click(screen.getByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(screen.queryByText('Before you start')).toBeNull());
    expect((await getCareState()).welcomeDone).toBe(true);
  });

  it('says when the last capture was lost to a full disk', async () => {
    await updateCareState({ welcomeDone: true });
    await getDb().captures.add(capture({ status: 'failed', failure: { code: 'storage-full', reason: 'The device ran out of space for the log.', at: new Date().toISOString() } }));
    render(<SafetyNotices place="dashboard" />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/could not be saved because this device is out of space/);
  });

  it('reminds to export after enough new captures, until "remind me later" or an export', async () => {
    await updateCareState({ welcomeDone: true });
    await getDb().captures.bulkAdd(Array.from({ length: 25 }, (_, i) => capture({ pressedAt: new Date(Date.now() - i * 60_000).toISOString() })));
    const { unmount } = render(<SafetyNotices place="popup" />);
    await screen.findByText(/25 captures are not in any export yet/);
    expect(screen.getByRole('link', { name: 'Export now' }).getAttribute('href')).toMatch(/dashboard\.html$/);
    fireEvent.click(screen.getByRole('button', { name: 'Remind me later' }));
    await waitFor(() => expect(screen.queryByText(/not in any export yet/)).toBeNull());
    unmount();

    await noteExportMade(new Date(), 25);
    render(<SafetyNotices place="popup" />);
    await screen.findByText('Safety and privacy settings');
    expect(screen.queryByText(/not in any export yet/)).toBeNull();
  });
});
