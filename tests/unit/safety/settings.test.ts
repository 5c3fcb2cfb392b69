import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SAFETY_SETTINGS,
  getCareState,
  getSafetySettings,
  isAcceptableNeutralPage,
  noteExportMade,
  updateCareState,
  updateSafetySettings,
  watchSafetySettings,
} from '@/utils/safety/settings';

beforeEach(() => fakeBrowser.reset());

describe('safety settings', () => {
  it('starts from the defaults: not discreet, locks after 15 minutes, reminds to export', async () => {
    expect(await getSafetySettings()).toEqual(DEFAULT_SAFETY_SETTINGS);
    expect(DEFAULT_SAFETY_SETTINGS).toMatchObject({ discreetMode: false, autoLockMinutes: 15, exportReminders: true, forgetExportDownloads: false });
  });

  it('keeps what is changed and tells every page', async () => {
    const seen: boolean[] = [];
    const stop = watchSafetySettings((s) => seen.push(s.discreetMode));
    await updateSafetySettings({ discreetMode: true, neutralPage: 'https://weather.example/madrid' });
    expect(await getSafetySettings()).toMatchObject({ discreetMode: true, neutralPage: 'https://weather.example/madrid', autoLockMinutes: 15 });
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toContain(true);
    stop();
  });

  it('refuses a value it cannot use and writes nothing', async () => {
    await expect(updateSafetySettings({ neutralPage: 'javascript:alert(1)' })).rejects.toThrow();
    await expect(updateSafetySettings({ autoLockMinutes: 0 })).rejects.toThrow();
    await expect(updateSafetySettings({ exportReminderDays: 1.5 })).rejects.toThrow();
    expect(await getSafetySettings()).toEqual(DEFAULT_SAFETY_SETTINGS);
  });

  it('reads a damaged or older stored value field by field, falling back to the defaults', async () => {
    await fakeBrowser.storage.local.set({ safetySettings: { discreetMode: true, neutralPage: 'data:text/html,<b>x</b>', autoLockMinutes: 'soon', extra: 1 } });
    expect(await getSafetySettings()).toEqual({ ...DEFAULT_SAFETY_SETTINGS, discreetMode: true });
    await fakeBrowser.storage.local.set({ safetySettings: 'not an object' });
    expect(await getSafetySettings()).toEqual(DEFAULT_SAFETY_SETTINGS);
  });

  it('keeps no secret in storage.local', async () => {
    await updateSafetySettings({ discreetMode: true });
    await noteExportMade(new Date('2026-11-30T10:00:00Z'), 3);
    const everything = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(everything).not.toMatch(/pkcs8|privateKey|passphrase|recovery/i);
  });
});

describe('the quick-exit address', () => {
  it('accepts http and https pages and nothing that could run code or read files', () => {
    for (const ok of ['https://www.google.com/', 'http://weather.example/today?city=Madrid']) expect(isAcceptableNeutralPage(ok), ok).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'chrome://settings', 'https://user:pw@bank.example/', 'not a url', `https://x.example/${'a'.repeat(2100)}`]) {
      expect(isAcceptableNeutralPage(bad), bad).toBe(false);
    }
  });
});

describe('care state (first run, last export)', () => {
  it('remembers the first run was done and the last export, which clears a snoozed reminder', async () => {
    expect(await getCareState()).toEqual({ welcomeDone: false, lastExport: null, exportReminderSnoozedUntil: null });
    await updateCareState({ welcomeDone: true, exportReminderSnoozedUntil: '2026-12-03T10:00:00.000Z' });
    await noteExportMade(new Date('2026-11-30T10:00:00Z'), 12);
    expect(await getCareState()).toEqual({ welcomeDone: true, lastExport: { at: '2026-11-30T10:00:00.000Z', captureCount: 12 }, exportReminderSnoozedUntil: null });
  });
});
