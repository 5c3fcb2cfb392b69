// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DashboardView } from '@/components/dashboard-view';
import { PopupView } from '@/components/popup-view';
import { getDb } from '@/utils/db/database';
import { loadEvidenceCodec } from '@/utils/db/evidence-codec';
import type { CaptureRecord } from '@/utils/db/records';
import { lockLog, turnOnEncryption } from '@/utils/safety/encryption';
import { updateCareState } from '@/utils/safety/settings';
import { emptyLog } from './support';

const PASSPHRASE = 'a long passphrase for the tests';
const session = () => fakeBrowser.storage.session;

function capture(title: string, pressedAt: string): CaptureRecord {
  return {
    id: crypto.randomUUID(),
    kind: 'page',
    trigger: 'shortcut',
    status: 'done',
    pressedAt,
    tab: { tabId: 1, windowId: 1 },
    summary: { url: `https://social.example/${title.replaceAll(' ', '-')}`, title, site: 'social.example' },
    artifacts: [],
    attempts: 1,
    warnings: [],
  };
}

beforeEach(async () => {
  vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
  fakeBrowser.reset();
  await emptyLog();
  await updateCareState({ welcomeDone: true });
  vi.spyOn(fakeBrowser.commands, 'getAll').mockResolvedValue([]);
  const db = getDb();
  // One capture made before encryption was on (stays readable), then one sealed while locked.
  await db.captures.add(capture('Kept in the clear', '2026-11-30T09:00:00.000Z'));
  await turnOnEncryption(db, session(), PASSPHRASE, { now: Date.now(), idleLockMs: null, iterations: 600_000 });
  await lockLog(session());
  const codec = await loadEvidenceCodec(db, session(), Date.now());
  expect(codec.canOpen).toBe(false);
  await db.captures.add(await codec.sealCapture(capture('Threat sealed while locked', '2026-11-30T10:00:00.000Z')));
});
afterEach(cleanup);

async function unlockWithForm() {
  fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: PASSPHRASE } });
  fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
}

describe('the popup with a sealed log', () => {
  it('while locked says how many captures are encrypted, offers the unlock form, and shows no sealed content', async () => {
    render(<PopupView />);
    await screen.findByText('Your log is locked');
    await screen.findByText('1 capture is encrypted. Unlock the log to see it.');
    await screen.findByText('Kept in the clear');
    await screen.findByText('Encrypted capture. Unlock the log to see it.');
    expect(screen.queryByText('Threat sealed while locked')).toBeNull();
    expect(screen.getByLabelText('Passphrase')).toBeTruthy();
  });

  it('after unlocking in place shows the sealed capture; locking hides it again at once', async () => {
    render(<PopupView />);
    await screen.findByText('Your log is locked');
    await unlockWithForm();
    await screen.findByText('Threat sealed while locked', undefined, { timeout: 30_000 });
    expect(screen.queryByText('Your log is locked')).toBeNull();
    expect(screen.queryByText('Encrypted capture. Unlock the log to see it.')).toBeNull();

    await lockLog(session());
    await screen.findByText('Your log is locked');
    await waitFor(() => expect(screen.queryByText('Threat sealed while locked')).toBeNull());
  });

  it('refuses a wrong passphrase and shows nothing sealed', async () => {
    render(<PopupView />);
    await screen.findByText('Your log is locked');
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: 'not the passphrase at all' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('alert', undefined, { timeout: 30_000 });
    await waitFor(() => expect(screen.getByRole('alert').textContent).not.toBe(''));
    expect(screen.queryByText('Threat sealed while locked')).toBeNull();
  });
});

describe('the dashboard with a sealed log', () => {
  it('shows the lock screen instead of the log while locked, and the log after unlocking there', async () => {
    render(<DashboardView />);
    await screen.findByText('1 capture is encrypted. Unlock the log to see it.');
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(screen.queryByText('Threat sealed while locked')).toBeNull();
    await unlockWithForm();
    await screen.findByText('Threat sealed while locked', undefined, { timeout: 30_000 });
    expect(screen.getByText('Kept in the clear')).toBeTruthy();

    await lockLog(session());
    await screen.findByText('1 capture is encrypted. Unlock the log to see it.');
    expect(screen.queryByText('Threat sealed while locked')).toBeNull();
  });
});

describe('the export view with a sealed log', () => {
  it('while locked explains why and offers the unlock form; after unlocking the export can start', async () => {
    history.replaceState(null, '', '#export');
    render(<DashboardView />);
    await screen.findByText('An export holds the captures as they were taken, so the log must be unlocked to make one.');
    const button = screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await unlockWithForm();
    await waitFor(() => expect((screen.getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(false), { timeout: 30_000 });
    expect(screen.queryByText('An export holds the captures as they were taken, so the log must be unlocked to make one.')).toBeNull();
    history.replaceState(null, '', '#log');
  });
});
