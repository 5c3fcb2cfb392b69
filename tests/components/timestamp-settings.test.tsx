// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TimestampSettingsSection } from '@/components/timestamp-settings';
import { getDb } from '@/utils/db/database';
import { getTimestampSettings } from '@/utils/integrity/timestamp-settings';

const request = vi.fn(async (_: { origins: string[] }) => false);
const remove = vi.fn(async (_: { origins: string[] }) => true);

beforeEach(async () => {
  fakeBrowser.reset();
  await getDb().custody.clear();
  request.mockReset().mockResolvedValue(false);
  remove.mockReset().mockResolvedValue(true);
  Object.assign(fakeBrowser.permissions, { request, remove });
});
afterEach(cleanup);

async function chooseCustom(address: string) {
  fireEvent.click(await screen.findByRole('checkbox', { name: 'Get a trusted timestamp for each new capture' }));
  fireEvent.change(screen.getByRole('combobox', { name: 'Timestamp authority' }), { target: { value: 'custom' } });
  fireEvent.input(await screen.findByLabelText('Address of the timestamp authority'), { target: { value: address } });
}

describe('the trusted timestamps section', () => {
  it('is off by default and says only a fingerprint would leave the device', async () => {
    render(<TimestampSettingsSection />);
    expect(await screen.findByText('Trusted timestamps are off. Nothing is sent anywhere.')).toBeTruthy();
    expect(screen.getByText(/Only a fingerprint \(a hash/)).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Get a trusted timestamp for each new capture' }) as HTMLInputElement).checked).toBe(false);
  });

  it('refuses an address that is not https, without asking for anything', async () => {
    render(<TimestampSettingsSection />);
    await chooseCustom('http://tsa.example/tsr');
    fireEvent.click(screen.getByRole('button', { name: 'Use this authority' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/must start with https:\/\//);
    expect(request).not.toHaveBeenCalled();
    expect((await getTimestampSettings()).enabled).toBe(false);
  });

  it('stays off when the browser refuses the permission', async () => {
    render(<TimestampSettingsSection />);
    await chooseCustom('https://tsa.example/tsr');
    fireEvent.click(screen.getByRole('button', { name: 'Use this authority' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/was not allowed to contact this authority/);
    expect(request).toHaveBeenCalledWith({ origins: ['https://tsa.example/*'] });
    expect((await getTimestampSettings()).enabled).toBe(false);
    expect(await getDb().custody.count()).toBe(0);
  });

  it('turns on with the permission for the chosen authority only, records it, and gives the permission back when turned off', async () => {
    request.mockResolvedValue(true);
    render(<TimestampSettingsSection />);
    await chooseCustom('https://tsa.example/tsr');
    fireEvent.click(screen.getByRole('button', { name: 'Use this authority' }));
    expect(await screen.findByText('Saved. New captures will get a trusted timestamp.')).toBeTruthy();
    expect(request).toHaveBeenCalledWith({ origins: ['https://tsa.example/*'] });
    expect(await getTimestampSettings()).toMatchObject({ enabled: true, authorityUrl: 'https://tsa.example/tsr' });
    const events = await getDb().custody.orderBy('seq').toArray();
    expect(events.map((e) => e.payload)).toEqual([
      { setting: 'trustedTimestamps', oldValue: 'off', newValue: 'on' },
      { setting: 'timestampAuthority', oldValue: null, newValue: 'https://tsa.example/tsr' },
    ]);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Get a trusted timestamp for each new capture' }));
    fireEvent.click(screen.getByRole('button', { name: 'Use this authority' }));
    expect(await screen.findByText('Saved. Trusted timestamps are off; the permission was given back.')).toBeTruthy();
    await waitFor(() => expect(remove).toHaveBeenCalledWith({ origins: ['https://tsa.example/*'] }));
    expect((await getTimestampSettings()).enabled).toBe(false);
  });
});
