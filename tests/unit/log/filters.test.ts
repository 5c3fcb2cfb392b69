import { describe, expect, it } from 'vitest';
import type { IncidentRecord } from '@/utils/db/log-records';
import { NO_FILTERS, applyFilters, candidateIds, filterSets, isPlainLog, loadLogRows, localDayBounds, type LogRow } from '@/utils/log/filters';
import { freshDb, storeCapture } from '../support/log-fixtures';

const rows: LogRow[] = [
  { id: 'a', pressedAt: '2026-11-01T10:00:00.000Z', status: 'done', platform: 'x' },
  { id: 'b', pressedAt: '2026-11-10T10:00:00.000Z', status: 'failed', platform: 'reddit' },
  { id: 'c', pressedAt: '2026-11-20T10:00:00.000Z', status: 'done', platform: 'x' },
  { id: 'd', pressedAt: '2026-11-25T10:00:00.000Z', status: 'pending', platform: 'gmail' },
];

const incident = (id: string, captureIds: string[], categories: string[], personIds: string[] = []) => ({ id, captureIds, categories, personIds }) as IncidentRecord;

describe('which captures the log shows', () => {
  it('shows everything newest first when nothing is chosen', () => {
    expect(isPlainLog(NO_FILTERS)).toBe(true);
    expect(applyFilters(rows, NO_FILTERS, {})).toEqual(['d', 'c', 'b', 'a']);
    expect(applyFilters(rows, { ...NO_FILTERS, sort: 'oldest' }, {})).toEqual(['a', 'b', 'c', 'd']);
    expect(applyFilters(rows, { ...NO_FILTERS, sort: 'platform' }, {})).toEqual(['d', 'b', 'c', 'a']);
    expect(isPlainLog({ ...NO_FILTERS, sort: 'oldest' })).toBe(false);
  });

  it('filters by local date range (both ends included), platform and failed or kept', () => {
    const { lower, upper } = localDayBounds('2026-11-10', '2026-11-20');
    expect(new Date(lower).getDate()).toBe(new Date('2026-11-10T00:00:00').getDate());
    expect(Date.parse(upper) - Date.parse(lower)).toBe(Date.parse('2026-11-21T00:00:00') - Date.parse('2026-11-10T00:00:00'));
    expect(applyFilters(rows, { ...NO_FILTERS, from: '2026-11-10', to: '2026-11-20' }, {})).toEqual(['c', 'b']);
    expect(applyFilters(rows, { ...NO_FILTERS, from: '2026-11-15' }, {})).toEqual(['d', 'c']);
    expect(applyFilters(rows, { ...NO_FILTERS, platform: 'x' }, {})).toEqual(['c', 'a']);
    expect(applyFilters(rows, { ...NO_FILTERS, status: 'failed' }, {})).toEqual(['b']);
    expect(applyFilters(rows, { ...NO_FILTERS, status: 'ok' }, {})).toEqual(['c', 'a']);
  });

  it('filters by person, category, incident and search together', () => {
    const data = {
      facts: [
        { captureId: 'a', pressedAt: '', platform: 'x', accountKey: 'x|handle:owl' },
        { captureId: 'c', pressedAt: '', platform: 'x', accountKey: 'x|handle:owl2' },
      ],
      persons: [{ id: 'p1', name: 'Owl', accountKeys: ['x|handle:owl', 'x|handle:owl2'], accounts: [], notes: '', createdAt: '', updatedAt: '' }],
      incidents: [incident('i1', ['b', 'c'], ['threats']), incident('i2', ['d'], ['hate'], ['p1'])],
    };
    const byPerson = { ...NO_FILTERS, person: 'p:p1' };
    expect(applyFilters(rows, byPerson, filterSets(byPerson, data))).toEqual(['d', 'c', 'a']);
    const byAccount = { ...NO_FILTERS, person: 'a:x|handle:owl' };
    expect(applyFilters(rows, byAccount, filterSets(byAccount, data))).toEqual(['a']);
    const byCategory = { ...NO_FILTERS, category: 'threats' };
    expect(applyFilters(rows, byCategory, filterSets(byCategory, data))).toEqual(['c', 'b']);
    const byIncident = { ...NO_FILTERS, incidentId: 'i2' };
    expect(applyFilters(rows, byIncident, filterSets(byIncident, data))).toEqual(['d']);
    const searched = { ...NO_FILTERS, query: 'owl', category: 'threats' };
    expect(applyFilters(rows, searched, filterSets(searched, data, ['a', 'c']))).toEqual(['c']);
    const nothingFound = { ...NO_FILTERS, query: 'zebra' };
    expect(applyFilters(rows, nothingFound, filterSets(nothingFound, data, []))).toEqual([]);
  });
});

describe('reading only the captures that can match', () => {
  it('intersects the id sets, smallest first, and reads just those rows', async () => {
    expect(candidateIds({})).toBeUndefined();
    expect(candidateIds({ search: ['a', 'b', 'c'], incident: new Set(['c', 'b', 'z']) })).toEqual(['b', 'c']);
    const db = freshDb();
    const a = await storeCapture(db, { url: 'https://one.example/' });
    await storeCapture(db);
    const rows = await loadLogRows(db, [a.id, 'gone']);
    expect(rows).toEqual([{ id: a.id, pressedAt: a.pressedAt, status: 'done', platform: 'one.example' }]);
    expect(await loadLogRows(db)).toHaveLength(2);
  });
});
