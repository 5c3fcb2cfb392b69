import { describe, expect, it } from 'vitest';
import { fileStamp, formatOffset, isoUtc, timeZoneAt } from '@/utils/format/time';
import { formatBytes } from '@/utils/format/bytes';

describe('times', () => {
  it('writes UTC ISO 8601 with milliseconds', () => {
    expect(isoUtc(Date.UTC(2026, 10, 30, 5, 51, 39, 7))).toBe('2026-11-30T05:51:39.007Z');
  });
  it('formats UTC offsets with sign, hours and minutes', () => {
    expect(formatOffset(60)).toBe('+01:00');
    expect(formatOffset(-480)).toBe('-08:00');
    expect(formatOffset(330)).toBe('+05:30');
    expect(formatOffset(0)).toBe('+00:00');
  });
  it('reports the time zone and the offset at that instant', () => {
    const facts = timeZoneAt(Date.UTC(2026, 0, 1));
    expect(facts.timeZone.length).toBeGreaterThan(0);
    expect(facts.utcOffset).toBe(formatOffset(facts.utcOffsetMinutes));
    expect(facts.utcOffsetMinutes).toBe(-new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() || 0);
    expect(Object.is(timeZoneAt(0).utcOffsetMinutes, -0)).toBe(false);
  });
  it('makes file-name-safe stamps', () => {
    expect(fileStamp('2026-11-30T05:51:39.123Z')).toBe('2026-11-30T05-51-39-123Z');
  });
  it('formats byte counts', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
