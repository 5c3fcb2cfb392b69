import { describe, expect, it } from 'vitest';
import { buildReportView, formatReportTime, linkableUrl, revealInvisible, zoneAtInstant } from '@/utils/export/report-model';
import { makeBundle } from './report-fixtures';

describe('formatReportTime', () => {
  it('gives local time with its offset and zone, and UTC, the same on every computer', () => {
    expect(formatReportTime('2026-07-01T22:30:15.999Z', { timeZone: 'America/Los_Angeles', utcOffsetMinutes: -420 })).toEqual({
      local: 'Wed 1 Jul 2026, 15:30:15 (UTC-07:00, America/Los_Angeles)',
      utc: 'Wed 1 Jul 2026, 22:30:15 UTC',
      valid: true,
    });
    expect(formatReportTime('2026-12-31T20:00:00.000Z', { timeZone: 'Asia/Kolkata', utcOffsetMinutes: 330 }).local).toBe('Fri 1 Jan 2027, 01:30:00 (UTC+05:30, Asia/Kolkata)');
  });

  it('shows an unreadable time as it was stored', () => {
    expect(formatReportTime('yesterday', null)).toEqual({ local: 'yesterday', utc: 'yesterday', valid: false });
  });
});

describe('zoneAtInstant', () => {
  it('finds the offset of the zone at that instant (summer time), else keeps the recorded one', () => {
    const madrid = { timeZone: 'Europe/Madrid', utcOffset: '+01:00', utcOffsetMinutes: 60 };
    expect(zoneAtInstant(madrid, '2026-07-15T12:00:00.000Z')).toEqual({ timeZone: 'Europe/Madrid', utcOffsetMinutes: 120 });
    expect(zoneAtInstant(madrid, '2026-01-15T12:00:00.000Z')).toEqual({ timeZone: 'Europe/Madrid', utcOffsetMinutes: 60 });
    expect(zoneAtInstant({ timeZone: 'Not/AZone', utcOffset: '+03:00', utcOffsetMinutes: 180 }, '2026-07-15T12:00:00.000Z')).toEqual({ timeZone: 'Not/AZone', utcOffsetMinutes: 180 });
  });
});

describe('buildReportView', () => {
  it('orders captures by key press, unreadable times last, and uses the zone recorded at capture', () => {
    const { input } = makeBundle([
      { url: 'https://a.example/3', title: 'third', pressedAt: '2026-11-28T10:00:00.000Z', timeZone: { timeZone: 'Asia/Tokyo', utcOffsetMinutes: 540 } },
      { url: 'https://a.example/1', title: 'first', pressedAt: '2026-11-28T08:00:00.000Z' },
      { url: 'https://a.example/2', title: 'second', pressedAt: '2026-11-28T09:00:00.000Z' },
    ]);
    input.captures[2].entry.pressedAt = 'garbage';
    const view = buildReportView(input);
    expect(view.captures.map((c) => c.heading)).toEqual(['first', 'third', 'second']);
    expect(view.captures[1].summary.timeLocal).toBe('Sat 28 Nov 2026, 19:00:00 (UTC+09:00, Asia/Tokyo)');
  });

  it('falls back to the export zone at that instant when a capture has no metadata', () => {
    const { input } = makeBundle([{ url: 'https://a.example/', title: 'failed in summer', pressedAt: '2026-07-15T12:00:00.000Z', status: 'failed' }]);
    expect(buildReportView(input).captures[0].summary.timeLocal).toBe('Wed 15 Jul 2026, 14:00:00 (UTC+02:00, Europe/Madrid)');
  });
});

describe('linkableUrl and revealInvisible', () => {
  it('links only absolute http(s) addresses', () => {
    expect(linkableUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(linkableUrl('HTTP://EXAMPLE.COM')).toBe('http://example.com/');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example', 'file:///etc/passwd', 'https//x', '']) expect(linkableUrl(bad)).toBeNull();
  });

  it('makes bidi and zero-width characters visible and leaves scripts alone', () => {
    expect(revealInvisible('a\u202Eb\u200Dc\u2066')).toBe('a⟨U+202E⟩b⟨U+200D⟩c⟨U+2066⟩');
    expect(revealInvisible('山田 مرحبا')).toBe('山田 مرحبا');
  });
});
