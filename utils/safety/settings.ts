/**
 * The person's safety settings, kept in `storage.local` (no secret is ever kept there: the keyring
 * lives in IndexedDB, the unlocked key only in `storage.session`). Read through a schema, so a
 * damaged or older value falls back field by field to the defaults instead of breaking a page.
 */
import * as v from 'valibot';
import { getDb } from '../db/database';
import { recordSettingsDiff } from '../integrity/custody-log';
import { storage } from 'wxt/utils/storage';

/** Neutral pages the quick exit can show; the person may also type their own address. */
export const NEUTRAL_PAGE_PRESETS = [
  'https://www.google.com/',
  'https://duckduckgo.com/',
  'https://www.bing.com/',
  'https://www.wikipedia.org/',
  'https://www.accuweather.com/',
] as const;

/** Choices offered for locking after a time without activity, in minutes; `null` is "only when the browser closes". */
export const AUTO_LOCK_CHOICES = [5, 15, 30, 60, 240, null] as const;
export const EXPORT_REMINDER_DAY_CHOICES = [7, 14, 30] as const;
export const EXPORT_REMINDER_CAPTURE_CHOICES = [10, 25, 50] as const;

/** True for an address a tab may be sent to on quick exit: http(s), no credentials, not too long. */
export function isAcceptableNeutralPage(value: string): boolean {
  if (typeof value !== 'string' || value.length > 2_000) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const SafetySettingsSchema = v.object({
  /** Neutral toolbar title and icon, no text in the badge, neutral page titles and menu item. */
  discreetMode: v.boolean(),
  /** Where quick exit goes. */
  neutralPage: v.pipe(v.string(), v.check(isAcceptableNeutralPage, 'not an http(s) address')),
  /** Erase finished exports from the browser's download list (needs the optional `downloads` permission). */
  forgetExportDownloads: v.boolean(),
  /** Lock after this many minutes without activity; `null`: only on "Lock now", quick exit or browser exit. */
  autoLockMinutes: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60))),
  /** Remind to export after this many days… */
  exportReminderDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
  /** …or this many new captures since the last export. */
  exportReminderCaptures: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
  exportReminders: v.boolean(),
});

export type SafetySettings = v.InferOutput<typeof SafetySettingsSchema>;

export const DEFAULT_SAFETY_SETTINGS: SafetySettings = Object.freeze({
  discreetMode: false,
  neutralPage: NEUTRAL_PAGE_PRESETS[0],
  forgetExportDownloads: false,
  autoLockMinutes: 15,
  exportReminderDays: 14,
  exportReminderCaptures: 25,
  exportReminders: true,
});

/** What the person has seen and done that the safety notices depend on. Nothing secret. */
export const CareStateSchema = v.object({
  /** The first-run card was completed or skipped. */
  welcomeDone: v.boolean(),
  /** The last export that completed: when, and how many captures the log had then. */
  lastExport: v.nullable(v.object({ at: v.pipe(v.string(), v.isoTimestamp()), captureCount: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
  /** "Remind me later" on the export reminder: not before this time. */
  exportReminderSnoozedUntil: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
});

export type CareState = v.InferOutput<typeof CareStateSchema>;

export const DEFAULT_CARE_STATE: CareState = Object.freeze({ welcomeDone: false, lastExport: null, exportReminderSnoozedUntil: null });

const settingsItem = storage.defineItem<Record<string, unknown>>('local:safetySettings', { fallback: {}, version: 1 });
const careItem = storage.defineItem<Record<string, unknown>>('local:safetyCare', { fallback: {}, version: 1 });

/** Each field that passes its schema is kept; any other falls back to its default. */
function fieldByField<T extends Record<string, unknown>>(schema: v.ObjectSchema<v.ObjectEntries, undefined>, defaults: T, stored: unknown): T {
  const out: Record<string, unknown> = { ...defaults };
  if (stored && typeof stored === 'object') {
    for (const [key, entry] of Object.entries(schema.entries)) {
      const value = (stored as Record<string, unknown>)[key];
      if (value !== undefined && v.is(entry, value)) out[key] = value;
    }
  }
  return out as T;
}

/** The settings as they are now. */
export async function getSafetySettings(): Promise<SafetySettings> {
  return fieldByField(SafetySettingsSchema, DEFAULT_SAFETY_SETTINGS, await settingsItem.getValue());
}

/** Changes some settings; throws a `ValiError` (nothing written) when a value is not acceptable. */
export async function updateSafetySettings(patch: Partial<SafetySettings>): Promise<SafetySettings> {
  const before = await getSafetySettings();
  const next = v.parse(SafetySettingsSchema, { ...before, ...patch });
  await settingsItem.setValue(next);
  // One custody event per changed setting (none of these settings is a secret).
  await recordSettingsDiff(getDb(), before, next).catch(() => undefined);
  return next;
}

/** Calls `onChange` with the new settings whenever they change (in any page or the worker). */
export function watchSafetySettings(onChange: (settings: SafetySettings) => void): () => void {
  return settingsItem.watch((value) => onChange(fieldByField(SafetySettingsSchema, DEFAULT_SAFETY_SETTINGS, value)));
}

export async function getCareState(): Promise<CareState> {
  return fieldByField(CareStateSchema, DEFAULT_CARE_STATE, await careItem.getValue());
}

export async function updateCareState(patch: Partial<CareState>): Promise<CareState> {
  const next = v.parse(CareStateSchema, { ...(await getCareState()), ...patch });
  await careItem.setValue(next);
  return next;
}

export function watchCareState(onChange: (state: CareState) => void): () => void {
  return careItem.watch((value) => onChange(fieldByField(CareStateSchema, DEFAULT_CARE_STATE, value)));
}

/** Records a completed export (the export panel calls it), for the export reminder. */
export async function noteExportMade(at: Date, captureCount: number): Promise<void> {
  await updateCareState({ lastExport: { at: at.toISOString(), captureCount }, exportReminderSnoozedUntil: null });
}
