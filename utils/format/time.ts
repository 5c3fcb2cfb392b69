/**
 * Times in the log are always UTC ISO 8601 with milliseconds (`2026-11-30T05:51:39.123Z`), next
 * to the IANA time zone and UTC offset of the device at that moment, so a reader anywhere can
 * turn them into local time without guessing.
 */
export interface TimeZoneFacts {
  /** IANA name, e.g. `Europe/Madrid`; `UTC` when the runtime does not say. */
  timeZone: string;
  /** Offset from UTC at the given instant, e.g. `+01:00`. */
  utcOffset: string;
  /** The same offset in minutes east of UTC (+60 for `+01:00`). */
  utcOffsetMinutes: number;
}

/** `2026-11-30T05:51:39.123Z` for the given instant. */
export function isoUtc(at: Date | number = Date.now()): string {
  return new Date(at).toISOString();
}

/** The device's time zone and its offset from UTC at the given instant. */
export function timeZoneAt(at: Date | number = Date.now()): TimeZoneFacts {
  const date = new Date(at);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const minutes = -date.getTimezoneOffset() || 0; // never -0 in UTC
  return { timeZone, utcOffset: formatOffset(minutes), utcOffsetMinutes: minutes };
}

/** `+05:30`, `-08:00`, `+00:00`. */
export function formatOffset(minutesEastOfUtc: number): string {
  const sign = minutesEastOfUtc < 0 ? '-' : '+';
  const abs = Math.abs(minutesEastOfUtc);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

/** A file-name-safe stamp from an ISO time: `2026-11-30T05-51-39-123Z`. */
export function fileStamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}

/** Short local date and time for lists, e.g. `30 Nov 2026, 06:51`. */
export function formatLocal(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Full local time with seconds and zone, for hover titles: `30/11/2026, 06:51:39.123 GMT+1`. */
export function formatLocalFull(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    timeZoneName: 'short',
  });
}
