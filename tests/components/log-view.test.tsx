// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogView } from '@/components/log-view';
import { getDb } from '@/utils/db/database';
import { createIncident, draftIncident } from '@/utils/incidents/incidents';
import { NO_FILTERS, type LogFilters } from '@/utils/log/filters';
import { postMetadata, storeCapture } from '../unit/support/log-fixtures';
import { emptyLog } from './support';

beforeEach(emptyLog);
afterEach(cleanup);

function renderLog(initial: Partial<LogFilters> = {}) {
  const calls = { makeIncident: vi.fn(), openIncident: vi.fn(), exported: vi.fn(), announce: vi.fn() };
  let filters: LogFilters = { ...NO_FILTERS, ...initial };
  const view = () => (
    <LogView
      filters={filters}
      onFiltersChange={(next) => {
        filters = next;
        result.rerender(view());
      }}
      onMakeIncident={calls.makeIncident}
      onOpenIncident={calls.openIncident}
      onExport={calls.exported}
      announce={calls.announce}
    />
  );
  const result = render(view());
  return calls;
}

const rowTitles = () => [...document.querySelectorAll('li.log-row .log-row__open')].map((b) => b.textContent);

describe('the log view', () => {
  it('shows the newest captures first, only the rows on screen of a long log, with their position for screen readers', async () => {
    const db = getDb();
    for (let i = 0; i < 300; i++) await storeCapture(db, { title: `Capture ${String(i).padStart(3, '0')}`, pressedAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString() });
    renderLog();
    await screen.findByText('300 captures shown.');
    await waitFor(() => expect(rowTitles()[0]).toBe('Capture 299'));
    const rendered = document.querySelectorAll('li.log-row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(30);
    expect(rendered[0].getAttribute('aria-setsize')).toBe('300');
    expect(rendered[0].getAttribute('aria-posinset')).toBe('1');
  });

  it('searches the text of captures and narrows by failed or kept', async () => {
    const db = getDb();
    await storeCapture(db, { title: 'Community board', text: 'I know where you park every Sunday' });
    await storeCapture(db, { title: 'Weather', text: 'sunny all week' });
    await storeCapture(db, { title: 'Settings page', status: 'failed' });
    renderLog();
    await screen.findByText('3 captures shown.');
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search your log' }), { target: { value: 'park' } });
    await screen.findByText('1 capture shown.');
    await waitFor(() => expect(rowTitles()).toEqual(['Community board']));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search your log' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Kept or failed' }), { target: { value: 'failed' } });
    await screen.findByText('1 capture shown.');
    await waitFor(() => expect(rowTitles()).toEqual(['Settings page']));
    expect(document.querySelector('li.log-row')?.textContent).toContain('Failed');
  });

  it('finds incidents by their words and opens them', async () => {
    const db = getDb();
    const capture = await storeCapture(db);
    const incident = await createIncident(db, { ...draftIncident([capture], 'Threats about the allotment'), description: 'periwinkle' });
    const calls = renderLog();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search your log' }), { target: { value: 'periwinkle' } });
    const hits = await screen.findByRole('region', { name: 'Incidents that match' });
    fireEvent.click(within(hits).getByRole('button', { name: 'Threats about the allotment' }));
    expect(calls.openIncident).toHaveBeenCalledWith(incident.id);
  });

  it('selects captures by their labelled checkboxes to make an incident or export them', async () => {
    const db = getDb();
    const a = await storeCapture(db, { title: 'First post', pressedAt: '2026-11-30T10:00:00.000Z' });
    const b = await storeCapture(db, { title: 'Second post', pressedAt: '2026-11-30T11:00:00.000Z' });
    const calls = renderLog();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select: First post' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select: Second post' }));
    await screen.findByText('2 captures selected');
    fireEvent.click(screen.getByRole('button', { name: 'Make an incident of these' }));
    expect(calls.makeIncident).toHaveBeenCalledWith([a.id, b.id]);
    fireEvent.click(screen.getByRole('button', { name: 'Export these' }));
    expect(calls.exported).toHaveBeenCalledWith([a.id, b.id], '2 captures you selected');
  });

  it('moves between rows with the arrow keys and opens the detail, whose close returns to the list', async () => {
    const db = getDb();
    await storeCapture(db, { title: 'Older', pressedAt: '2026-11-30T10:00:00.000Z' });
    await storeCapture(db, { title: 'Newer', pressedAt: '2026-11-30T11:00:00.000Z', metadata: postMetadata({ displayName: 'Night Owl', handle: '@night_owl_77' }) });
    renderLog();
    const newer = await screen.findByRole('button', { name: 'Newer' });
    newer.focus();
    fireEvent.keyDown(newer, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Older'));
    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));
    const detail = await screen.findByRole('complementary', { name: 'Newer' });
    await within(detail).findByText('@night_owl_77');
    fireEvent.click(within(detail).getByRole('button', { name: 'Back to the list' }));
    await waitFor(() => expect(screen.queryByRole('complementary')).toBeNull());
  });

  it('shows a row author and title from a hostile page as text', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await storeCapture(getDb(), { title: hostile, metadata: postMetadata({ displayName: hostile }) });
    renderLog();
    await waitFor(() => expect(rowTitles()).toEqual([hostile]));
    await waitFor(() => expect(document.querySelector('.log-row__author')?.textContent).toBe(hostile));
    expect(document.querySelector('li.log-row img[src="x"]')).toBeNull();
  });
});
