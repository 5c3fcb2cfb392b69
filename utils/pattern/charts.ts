/**
 * The three pattern charts built from the weekly counts: the timeline of captures with incidents
 * marked, captures per week by person, and incidents per week by behaviour category. The words
 * are passed in (the dashboard gives its locale's; the report can use `ENGLISH_CHART_WORDS`).
 */
import type { ChartModel } from './chart-svg';
import type { PatternData, WeeklySeries } from './weekly';

export interface ChartWords {
  timelineTitle: string;
  byPersonTitle: string;
  byCategoryTitle: string;
  captures: string;
  /** "N captures in W weeks, from the week of A to the week of B." */
  span: (count: number, weeks: number, from: string, to: string) => string;
  /** The same for incidents. */
  incidentSpan: (count: number, weeks: number, from: string, to: string) => string;
  /** "The busiest week was the week of A, with N." */
  busiest: (week: string, count: number) => string;
  /** "Last four weeks: N; the four weeks before: M." */
  trend: (recent: number, before: number) => string;
  /** "Incidents: N." */
  incidents: (count: number) => string;
  /** "Most: name (N)." */
  seriesTotals: (parts: string) => string;
  empty: string;
}

export const ENGLISH_CHART_WORDS: ChartWords = {
  timelineTitle: 'Captures per week, with incidents marked',
  byPersonTitle: 'Captures per week, by person',
  byCategoryTitle: 'Incidents per week, by kind of behaviour',
  captures: 'Captures',
  span: (count, weeks, from, to) => `${count} ${count === 1 ? 'capture' : 'captures'} in ${weeks} ${weeks === 1 ? 'week' : 'weeks'}, from the week of ${from} to the week of ${to}.`,
  incidentSpan: (count, weeks, from, to) => `${count} ${count === 1 ? 'incident' : 'incidents'} in ${weeks} ${weeks === 1 ? 'week' : 'weeks'}, from the week of ${from} to the week of ${to}.`,
  busiest: (week, count) => `The busiest week was the week of ${week}, with ${count}.`,
  trend: (recent, before) => `Last four weeks: ${recent}; the four weeks before: ${before}.`,
  incidents: (count) => `Incidents marked: ${count}.`,
  seriesTotals: (parts) => `Totals: ${parts}.`,
  empty: 'Nothing to show yet.',
};

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Words that say what a weekly count shows: its span, busiest week and the recent trend. */
export function describeCounts(weeks: string[], counts: number[], words: ChartWords, of: 'captures' | 'incidents' = 'captures'): string {
  const total = sum(counts);
  if (!total) return words.empty;
  let busiest = 0;
  counts.forEach((c, i) => {
    if (c > counts[busiest]) busiest = i;
  });
  const recent = sum(counts.slice(-4));
  const before = sum(counts.slice(-8, -4));
  const span = of === 'captures' ? words.span : words.incidentSpan;
  return [span(total, weeks.length, weeks[0], weeks.at(-1)!), words.busiest(weeks[busiest], counts[busiest]), words.trend(recent, before)].join(' ');
}

function seriesChart(id: string, title: string, weeks: string[], series: WeeklySeries[], words: ChartWords, of: 'captures' | 'incidents'): ChartModel {
  const combined = weeks.map((_, i) => sum(series.map((s) => s.counts[i])));
  const totals = series.map((s) => `${s.label} (${s.total})`).join(', ');
  return {
    id,
    title,
    summary: series.length ? `${describeCounts(weeks, combined, words, of)} ${words.seriesTotals(totals)}` : words.empty,
    kind: 'lines',
    xLabels: weeks,
    series: series.map((s) => ({ label: s.label, values: s.counts })),
  };
}

/** The charts of the pattern view (and the report). */
export function patternCharts(data: PatternData, words: ChartWords = ENGLISH_CHART_WORDS, idPrefix = 'chart'): { timeline: ChartModel; byPerson: ChartModel; byCategory: ChartModel } {
  const timelineSummary = data.weeks.length ? `${describeCounts(data.weeks, data.captures, words)} ${words.incidents(data.incidentMarks.length)}` : words.empty;
  return {
    timeline: {
      id: `${idPrefix}-timeline`,
      title: words.timelineTitle,
      summary: timelineSummary,
      kind: 'bars',
      xLabels: data.weeks,
      series: [{ label: words.captures, values: data.captures }],
      marks: data.incidentMarks.map((m) => ({ index: m.week, label: m.title })),
    },
    byPerson: seriesChart(`${idPrefix}-person`, words.byPersonTitle, data.weeks, data.byPerson, words, 'captures'),
    byCategory: seriesChart(`${idPrefix}-category`, words.byCategoryTitle, data.weeks, data.byCategory, words, 'incidents'),
  };
}
