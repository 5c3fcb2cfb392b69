/**
 * When to remind the person to export: a log that lives only in this browser is lost with the
 * browser (a reset, a removed extension, a lost device). The rule is plain: after a number of new
 * captures, or a number of days with captures not yet exported, unless "later" was chosen.
 */
import type { CareState, SafetySettings } from './settings';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ExportReminderFacts {
  now: number;
  /** Kept captures (done) pressed after the last export; all of them if there was none. */
  capturesSinceExport: number;
  /** When the oldest capture not yet exported was pressed (UTC ISO), or `null` when there is none. */
  oldestUnexportedAt: string | null;
}

export type ExportReminder =
  | { due: false }
  | { due: true; reason: 'captures'; capturesSinceExport: number }
  | { due: true; reason: 'days'; capturesSinceExport: number; days: number };

/** Whether to show the export reminder now, and why. */
export function exportReminder(
  settings: Pick<SafetySettings, 'exportReminders' | 'exportReminderDays' | 'exportReminderCaptures'>,
  care: Pick<CareState, 'exportReminderSnoozedUntil'>,
  facts: ExportReminderFacts,
): ExportReminder {
  if (!settings.exportReminders || facts.capturesSinceExport === 0) return { due: false };
  if (care.exportReminderSnoozedUntil && Date.parse(care.exportReminderSnoozedUntil) > facts.now) return { due: false };
  if (facts.capturesSinceExport >= settings.exportReminderCaptures) {
    return { due: true, reason: 'captures', capturesSinceExport: facts.capturesSinceExport };
  }
  if (facts.oldestUnexportedAt) {
    const days = Math.floor((facts.now - Date.parse(facts.oldestUnexportedAt)) / DAY_MS);
    if (days >= settings.exportReminderDays) return { due: true, reason: 'days', capturesSinceExport: facts.capturesSinceExport, days };
  }
  return { due: false };
}

/** "Remind me later": three days from now. */
export function snoozeUntil(now: number): string {
  return new Date(now + 3 * DAY_MS).toISOString();
}
