// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DashboardView } from '@/components/dashboard-view';
import { ExportView } from '@/components/export-view';
import { PatternView } from '@/components/pattern-view';
import { PeopleView } from '@/components/people-view';
import { PopupView } from '@/components/popup-view';
import { getDb } from '@/utils/db/database';
import { createIncident, draftIncident } from '@/utils/incidents/incidents';
import { messaging } from '@/utils/messaging/protocol';
import { postMetadata, storeCapture } from '../unit/support/log-fixtures';
import { emptyLog } from './support';

beforeEach(async () => {
  await emptyLog();
  history.replaceState(null, '', '#');
});
afterEach(cleanup);

describe('the people view', () => {
  it('lists authors with their captures and merges two accounts of one person', async () => {
    const db = getDb();
    const a = await storeCapture(db, { pressedAt: '2026-11-01T10:00:00.000Z', metadata: postMetadata({ handle: '@owl' }, 'x') });
    const b = await storeCapture(db, { pressedAt: '2026-11-15T10:00:00.000Z', metadata: postMetadata({ handle: '@owl.two' }, 'instagram') });
    const calls = { showInLog: vi.fn(), exported: vi.fn(), announce: vi.fn() };
    render(<PeopleView onShowInLog={calls.showInLog} onExport={calls.exported} announce={calls.announce} />);
    await screen.findByRole('checkbox', { name: 'Select @owl' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select @owl' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select @owl.two' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Name for this person' }), { target: { value: 'My ex' } });
    fireEvent.click(screen.getByRole('button', { name: 'Merge into one person' }));
    await waitFor(() => expect(calls.announce).toHaveBeenCalledWith('Merged 2 accounts into “My ex”.'));
    const row = (await screen.findByRole('rowheader', { name: 'My ex' })).closest('tr')!;
    expect(within(row).getByText('@owl · x')).toBeTruthy();
    expect(within(row).getByText('@owl.two · instagram')).toBeTruthy();
    expect(row.querySelectorAll('td')[2].textContent).toBe('2');
    fireEvent.click(within(row).getByRole('button', { name: 'Export their captures' }));
    expect(calls.exported).toHaveBeenCalledWith(expect.arrayContaining([a.id, b.id]), 'Captures of My ex');
    fireEvent.click(within(row).getByRole('button', { name: 'Take out @owl.two' }));
    await waitFor(() => expect(calls.announce).toHaveBeenCalledWith('Took @owl.two out of “My ex”.', expect.any(Function)));
    await screen.findByRole('rowheader', { name: '@owl.two' });
  });
});

describe('the pattern view', () => {
  it('draws the timeline with incidents marked, described in words and given as a table', async () => {
    const db = getDb();
    const capture = await storeCapture(db, { pressedAt: '2026-11-18T10:00:00.000Z' });
    await storeCapture(db, { pressedAt: '2026-11-03T10:00:00.000Z' });
    await createIncident(db, { ...draftIncident([capture], 'Threats about parking'), categories: ['threats'] });
    render(<PatternView />);
    const timeline = await screen.findByRole('img', { name: /Captures per week, with incidents marked/ });
    expect(timeline.querySelector('desc')?.textContent).toMatch(/^2 captures in 3 weeks/);
    expect([...timeline.querySelectorAll('title')].map((t) => t.textContent)).toContain('Threats about parking');
    await screen.findByRole('img', { name: /Incidents per week, by kind of behaviour/ });
    const table = screen.getAllByRole('table')[0];
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(table.textContent).toContain('Threats about parking');
  });
});

describe('the export view', () => {
  it('exports everything by default, and the incident, person or selection chosen elsewhere when given one', async () => {
    const db = getDb();
    await storeCapture(db, { pressedAt: '2026-11-10T12:00:00.000Z' });
    const later = await storeCapture(db, { pressedAt: '2026-11-20T12:00:00.000Z' });
    const onSelect = vi.fn();
    const view = render(<ExportView onSelect={onSelect} />);
    expect(((await screen.findByRole('radio', { name: 'Everything in the log' })) as HTMLInputElement).checked).toBe(true);
    await screen.findByText(/^2 captures, /);
    view.rerender(<ExportView selection={{ captureIds: [later.id], label: 'Incident: Threats' }} onSelect={onSelect} />);
    expect(((await screen.findByRole('radio', { name: 'Incident: Threats (1 capture)' })) as HTMLInputElement).checked).toBe(true);
    await screen.findByText(/^1 capture, /);
    fireEvent.click(screen.getByRole('button', { name: 'Clear the selection' }));
    expect(onSelect).toHaveBeenLastCalledWith(undefined);
  });
});

describe('the dashboard', () => {
  it('has its views as keyboard tabs, and opens the one in the address', async () => {
    history.replaceState(null, '', '#pattern');
    render(<DashboardView />);
    const pattern = screen.getByRole('tab', { name: 'Pattern over time' });
    expect(pattern.getAttribute('aria-selected')).toBe('true');
    expect(pattern.tabIndex).toBe(0);
    expect(screen.getByRole('tab', { name: 'Log' }).tabIndex).toBe(-1);
    fireEvent.keyDown(pattern, { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Export' }).getAttribute('aria-selected')).toBe('true'));
    expect(location.hash).toBe('#export');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Export' }), { key: 'Home' });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Log' }).getAttribute('aria-selected')).toBe('true'));
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-log');
    await screen.findByRole('searchbox', { name: 'Search your log' });
  });

  it('turns the blur setting off and on from its header', async () => {
    render(<DashboardView />);
    const box = screen.getByRole('checkbox', { name: 'Blur screenshots until I choose to look' }) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(true));
    fireEvent.click(box);
    await waitFor(async () => expect(await fakeBrowser.storage.local.get('display.blurScreenshots')).toEqual({ 'display.blurScreenshots': false }));
  });
});

describe('the quick note in the popup', () => {
  it('offers a note right after a capture is saved, and keeps it', async () => {
    vi.spyOn(fakeBrowser.commands, 'getAll').mockResolvedValue([{ name: 'capture-page', shortcut: 'Alt+Shift+K', description: '' }]);
    const capture = await storeCapture(getDb(), { status: 'pending' });
    vi.spyOn(messaging, 'sendMessage').mockResolvedValue({ ok: true, captureId: capture.id } as never);
    render(<PopupView />);
    fireEvent.click(screen.getByRole('button', { name: 'Capture this page' }));
    await screen.findByText('Capturing…');
    expect(screen.queryByRole('textbox')).toBeNull();
    await getDb().captures.update(capture.id, { status: 'done' });
    const box = await screen.findByRole('textbox', { name: /^Add a note to this capture/ });
    fireEvent.input(box, { target: { value: 'He wrote this right after I blocked him' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await screen.findByText('Note saved.');
    expect((await getDb().notes.get(capture.id))?.text).toBe('He wrote this right after I blocked him');
  });
});
