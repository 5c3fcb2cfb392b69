// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { IncidentRecord } from '@/utils/db/log-records';
import { chartSvgMarkup, niceScale } from '@/utils/pattern/chart-svg';
import { ENGLISH_CHART_WORDS, describeCounts, patternCharts } from '@/utils/pattern/charts';
import { buildPattern, weekOf, weeksBetween } from '@/utils/pattern/weekly';
import type { PersonSummary } from '@/utils/people/people';

const at = (local: string) => new Date(local).toISOString();

describe('weekly counts', () => {
  it('starts weeks on Monday in local time and lists every week, empty ones too', () => {
    expect(weekOf(at('2026-11-30T10:00:00'))).toBe('2026-11-30'); // a Monday
    expect(weekOf(at('2026-12-06T23:59:00'))).toBe('2026-11-30'); // the Sunday after
    expect(weekOf(at('2026-12-07T00:00:00'))).toBe('2026-12-07');
    expect(weeksBetween(at('2026-11-04T12:00:00'), at('2026-11-30T12:00:00'))).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
  });

  it('counts captures and incidents per week, by person and by category, so escalation shows', () => {
    const captures = [at('2026-11-03T10:00'), at('2026-11-17T10:00'), at('2026-11-18T10:00'), at('2026-11-19T10:00')].map((pressedAt, i) => ({ pressedAt, id: `c${i}` }));
    const facts = captures.map((c) => ({ captureId: c.id, pressedAt: c.pressedAt, platform: 'x' }));
    const people = [{ id: 'p:1', name: 'Owl', captureIds: ['c1', 'c2', 'c3'] } as PersonSummary, { id: 'p:2', name: 'Nobody', captureIds: [] } as unknown as PersonSummary];
    const incidents = [
      { id: 'i1', title: 'First', occurredAt: at('2026-11-04T10:00'), categories: ['threats'] },
      { id: 'i2', title: 'Second', occurredAt: at('2026-11-18T10:00'), categories: ['threats', 'hate'] },
    ] as IncidentRecord[];
    const pattern = buildPattern({ captures, facts, incidents, people, categoryLabel: (c) => c.toUpperCase() });
    expect(pattern.weeks).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(pattern.captures).toEqual([1, 0, 3]);
    expect(pattern.incidents).toEqual([1, 0, 1]);
    expect(pattern.incidentMarks.map((m) => [m.title, m.week])).toEqual([
      ['First', 0],
      ['Second', 2],
    ]);
    expect(pattern.byPerson).toEqual([{ key: 'p:1', label: 'Owl', counts: [0, 0, 3], total: 3 }]);
    expect(pattern.byCategory.map((s) => [s.label, s.counts])).toEqual([
      ['THREATS', [1, 0, 1]],
      ['HATE', [0, 0, 1]],
    ]);
    const charts = patternCharts(pattern);
    expect(charts.timeline.summary).toBe(
      '4 captures in 3 weeks, from the week of 2026-11-02 to the week of 2026-11-16. The busiest week was the week of 2026-11-16, with 3. Last four weeks: 4; the four weeks before: 0. Incidents marked: 2.',
    );
    expect(charts.byCategory.summary).toContain('3 incidents in 3 weeks');
    expect(charts.byCategory.summary).toContain('Totals: THREATS (2), HATE (1).');
  });

  it('says there is nothing to show for an empty log', () => {
    const pattern = buildPattern({ captures: [], facts: [], incidents: [], people: [], categoryLabel: String });
    expect(pattern.weeks).toEqual([]);
    expect(patternCharts(pattern).timeline.summary).toBe('Nothing to show yet.');
    expect(describeCounts(['2026-11-02'], [0], ENGLISH_CHART_WORDS)).toBe('Nothing to show yet.');
  });
});

describe('the chart as SVG markup for the report', () => {
  it('is a standalone, accessible SVG whose labels are escaped text', () => {
    const hostile = '</title><script>alert(1)</script><foreignObject>';
    const markup = chartSvgMarkup({
      id: 'c',
      title: 'Captures per week',
      summary: `Most from ${hostile}`,
      kind: 'lines',
      xLabels: ['2026-11-02', '2026-11-09'],
      series: [{ label: hostile, values: [1, 4] }],
      marks: [{ index: 1, label: hostile }],
    });
    expect(markup.startsWith('<svg')).toBe(true);
    expect(markup).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(markup).toContain('role="img"');
    expect(markup).toContain('aria-labelledby="c-title c-desc"');
    expect(markup).toContain('<title id="c-title">Captures per week</title>');
    expect(markup).not.toContain('<script');
    expect(markup).not.toContain('<foreignObject');
    expect(markup).toContain('&lt;script>');
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(doc.querySelectorAll('polyline')).toHaveLength(1);
  });

  it('draws one bar per week with a count and rounds its scale', () => {
    const markup = chartSvgMarkup({ id: 't', title: 'T', summary: 'S', kind: 'bars', xLabels: ['a', 'b', 'c'], series: [{ label: 'Captures', values: [2, 0, 7] }] });
    expect(markup.match(/<rect /g)).toHaveLength(2);
    expect(markup).toContain('<title>c: 7</title>');
    expect(niceScale(7)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceScale(230).top).toBe(300);
  });
});
