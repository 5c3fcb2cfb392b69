import { describe, expect, it } from 'vitest';
import { exportReminder, snoozeUntil } from '@/utils/safety/export-reminder';
import { DEFAULT_SAFETY_SETTINGS } from '@/utils/safety/settings';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const settings = { ...DEFAULT_SAFETY_SETTINGS, exportReminderCaptures: 25, exportReminderDays: 14 };
const notSnoozed = { exportReminderSnoozedUntil: null };

describe('the export reminder', () => {
  it('is quiet with nothing new to export', () => {
    expect(exportReminder(settings, notSnoozed, { now: NOW, capturesSinceExport: 0, oldestUnexportedAt: null })).toEqual({ due: false });
  });

  it('comes after the chosen number of new captures', () => {
    expect(exportReminder(settings, notSnoozed, { now: NOW, capturesSinceExport: 24, oldestUnexportedAt: '2026-11-29T12:00:00.000Z' }).due).toBe(false);
    expect(exportReminder(settings, notSnoozed, { now: NOW, capturesSinceExport: 25, oldestUnexportedAt: '2026-11-29T12:00:00.000Z' })).toEqual({ due: true, reason: 'captures', capturesSinceExport: 25 });
  });

  it('comes after the chosen number of days since the oldest capture not exported', () => {
    expect(exportReminder(settings, notSnoozed, { now: NOW, capturesSinceExport: 2, oldestUnexportedAt: '2026-11-16T12:00:01.000Z' }).due).toBe(false);
    expect(exportReminder(settings, notSnoozed, { now: NOW, capturesSinceExport: 2, oldestUnexportedAt: '2026-11-16T12:00:00.000Z' })).toEqual({ due: true, reason: 'days', capturesSinceExport: 2, days: 14 });
  });

  it('waits after "remind me later", and stays off when turned off', () => {
    const facts = { now: NOW, capturesSinceExport: 40, oldestUnexportedAt: '2026-10-01T00:00:00.000Z' };
    expect(exportReminder(settings, { exportReminderSnoozedUntil: snoozeUntil(NOW) }, facts).due).toBe(false);
    expect(exportReminder(settings, { exportReminderSnoozedUntil: snoozeUntil(NOW) }, { ...facts, now: NOW + 3 * 86_400_000 + 1 }).due).toBe(true);
    expect(exportReminder({ ...settings, exportReminders: false }, notSnoozed, facts).due).toBe(false);
  });
});
