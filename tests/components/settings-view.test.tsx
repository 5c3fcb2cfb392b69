// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SettingsView } from '@/components/settings-view';
import { getDb } from '@/utils/db/database';
import { readKeyring } from '@/utils/db/keyring-store';
import { lockLog } from '@/utils/safety/encryption';
import { getSafetySettings } from '@/utils/safety/settings';

const PASSPHRASE = 'violet harbour seven kettles';

beforeEach(async () => {
  await getDb().keyring.clear();
  await getDb().captures.clear();
  Object.assign(fakeBrowser.permissions, {
    getAll: async () => ({ permissions: ['activeTab'], origins: [] }),
    request: vi.fn(async () => false),
    remove: vi.fn(async () => true),
    onAdded: { addListener() {}, removeListener() {} },
    onRemoved: { addListener() {}, removeListener() {} },
  });
  // The Chromium build's permissions (Firefox's has no pageCapture).
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'Holdfast', version: '0.1.0', permissions: ['activeTab', 'scripting', 'storage', 'unlimitedStorage', 'contextMenus', 'alarms', 'pageCapture'] });
  window.print = vi.fn();
});
afterEach(cleanup);

function type(label: string | RegExp, value: string, selector?: string) {
  fireEvent.input(screen.getByLabelText(label, selector ? { selector } : {}), { target: { value } });
}

describe('the settings page', () => {
  it('turns on encryption only with a strong passphrase typed twice, then shows the recovery key to print', async () => {
    render(<SettingsView />);
    const turnOn = await screen.findByRole('button', { name: 'Turn on encryption' });
    fireEvent.click(turnOn);
    expect(await screen.findByText('Choose a passphrase.')).toBeTruthy();

    type('New passphrase', 'password');
    await screen.findByText(/Strength: very weak\. This is one of the most used passwords\./);
    fireEvent.click(turnOn);
    await screen.findByText(/too easy to guess/, { selector: '.field-error' });
    expect(await readKeyring(getDb())).toBeUndefined();

    type('New passphrase', PASSPHRASE);
    type('Type it again', `${PASSPHRASE}x`);
    await screen.findByText(/Strength: very strong/);
    fireEvent.click(turnOn);
    await screen.findByText('The two passphrases are not the same.', { selector: '.fields .field-error' });

    type('Type it again', PASSPHRASE);
    await waitFor(() => expect(screen.queryByText('The two passphrases are not the same.')).toBeNull());
    fireEvent.click(turnOn);
    const key = await screen.findByLabelText('Recovery key', { selector: 'p' }, { timeout: 15_000 });
    expect(key.textContent).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(await readKeyring(getDb())).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(window.print).toHaveBeenCalled();
    const done = screen.getByRole('button', { name: 'Done' }) as HTMLButtonElement;
    expect(done.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('I have printed it or written it down'));
    fireEvent.click(done);
    await screen.findByText('The log is unlocked in this browser.');
    expect(screen.queryByText(key.textContent!)).toBeNull();
  }, 30_000);

  it('unlocks with the right passphrase only, saying plainly when it is wrong', async () => {
    render(<SettingsView />);
    await screen.findByLabelText('New passphrase');
    type('New passphrase', PASSPHRASE);
    type('Type it again', PASSPHRASE);
    await screen.findByText(/Strength: very strong/);
    fireEvent.click(screen.getByRole('button', { name: 'Turn on encryption' }));
    await screen.findByRole('button', { name: 'Print' }, { timeout: 15_000 });
    fireEvent.click(screen.getByLabelText('I have printed it or written it down'));
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await lockLog(fakeBrowser.storage.session);
    await screen.findByText(/The log is locked\. New captures are kept encrypted/);

    type('Passphrase', 'not the passphrase', '#unlock-secret');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByText(/That passphrase does not open this log/, {}, { timeout: 10_000 });
    expect((screen.getByLabelText('Passphrase', { selector: '#unlock-secret' }) as HTMLInputElement).value).toBe('not the passphrase');

    type('Passphrase', PASSPHRASE, '#unlock-secret');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByText('The log is unlocked in this browser.', {}, { timeout: 10_000 });
  }, 40_000);

  it('turns on discreet mode, and takes a neutral page only if it is a web address', async () => {
    render(<SettingsView />);
    fireEvent.click(await screen.findByLabelText('Discreet mode'));
    await waitFor(async () => expect((await getSafetySettings()).discreetMode).toBe(true));
    await waitFor(() => expect(document.title).toBe('Notes'));

    fireEvent.click(screen.getByLabelText('duckduckgo.com'));
    await waitFor(async () => expect((await getSafetySettings()).neutralPage).toBe('https://duckduckgo.com/'));

    fireEvent.click(screen.getByLabelText('Another address'));
    const address = await screen.findByPlaceholderText('https://');
    fireEvent.input(address, { target: { value: 'javascript:alert(1)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this address' }));
    await screen.findByText(/Type a web address that starts with https/);
    expect((await getSafetySettings()).neutralPage).toBe('https://duckduckgo.com/');
    fireEvent.input(address, { target: { value: 'weather.example/madrid' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this address' }));
    await waitFor(async () => expect((await getSafetySettings()).neutralPage).toBe('https://weather.example/madrid'));
  });

  it('asks for the downloads permission only when "do not keep exports" is turned on, and stays off when refused', async () => {
    render(<SettingsView />);
    fireEvent.click(await screen.findByLabelText("Do not keep exports in the browser's download list"));
    await screen.findByText(/The permission was not given/);
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({ permissions: ['downloads'] });
    expect((await getSafetySettings()).forgetExportDownloads).toBe(false);
  });

  it('explains that removing Holdfast deletes the log, and why each permission is asked for', async () => {
    render(<SettingsView />);
    await screen.findByText(/Removing Holdfast from this browser deletes your whole log/);
    expect(screen.getByText(/Lock the log by itself after the time you chose/)).toBeTruthy();
    expect(screen.getByText(/Keep the page itself \(as an MHTML file\)/)).toBeTruthy();
    expect(screen.getByText(/not allowed \(asked for only when you turn on the feature\)/)).toBeTruthy();
  });
});
