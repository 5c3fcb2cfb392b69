import { i18n } from '#i18n';
import { useMemo } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { openLogWords } from '@/utils/db/log-words';
import { allFacts } from '@/utils/search/facts-store';
import { patternCharts, type ChartWords } from '@/utils/pattern/charts';
import { buildPattern } from '@/utils/pattern/weekly';
import { summarisePeople } from '@/utils/people/people';
import { ChartFigure } from './chart-figure';
import { categoryLabel } from './labels';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';
import { useLogSearch } from './use-log-search';

/** The chart words in the page's language. */
export function chartWords(): ChartWords {
  return {
    timelineTitle: i18n.t('pattern.timelineTitle'),
    byPersonTitle: i18n.t('pattern.byPersonTitle'),
    byCategoryTitle: i18n.t('pattern.byCategoryTitle'),
    captures: i18n.t('pattern.captures'),
    span: (count, weeks, from, to) => i18n.t('pattern.span', [String(count), String(weeks), from, to]),
    incidentSpan: (count, weeks, from, to) => i18n.t('pattern.incidentSpan', [String(count), String(weeks), from, to]),
    busiest: (week, count) => i18n.t('pattern.busiest', [week, String(count)]),
    trend: (recent, before) => i18n.t('pattern.trend', [String(recent), String(before)]),
    incidents: (count) => i18n.t('pattern.incidentCount', [String(count)]),
    seriesTotals: (parts) => i18n.t('pattern.totals', [parts]),
    empty: i18n.t('pattern.empty'),
  };
}

/** The pattern over time: captures and incidents per week, by person and by kind of behaviour. */
export function PatternView() {
  const db = getDb();
  const { generation } = useLogSearch();
  const codec = useCodec();
  const stored = useLiveQuery(async () => {
    const [facts, persons, incidents, captures] = await Promise.all([allFacts(db), db.people.toArray(), db.incidents.toArray(), db.captures.orderBy('pressedAt').keys()]);
    return { facts, persons, incidents, captures: captures.map((k) => ({ pressedAt: String(k) })) };
  }, [generation]);
  // Sealed incidents and people are opened outside the live query (their categories and names).
  const data = useOpened(stored, codec, async (c, s) => ({ ...s, ...(await openLogWords(c, s)) }));
  const charts = useMemo(() => {
    if (!data) return undefined;
    const people = summarisePeople(data.facts, data.persons, data.incidents);
    const pattern = buildPattern({ captures: data.captures, facts: data.facts, incidents: data.incidents, people, categoryLabel });
    return patternCharts(pattern, chartWords(), 'pattern');
  }, [data]);
  if (!charts) return null;
  return (
    <section class="pattern" aria-labelledby="pattern-heading">
      <h2 id="pattern-heading">{i18n.t('pattern.heading')}</h2>
      <p class="hint">{i18n.t('pattern.explain')}</p>
      <ChartFigure model={charts.timeline} />
      <ChartFigure model={charts.byPerson} />
      <ChartFigure model={charts.byCategory} />
    </section>
  );
}
