// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentsView, type IncidentsViewProps } from '@/components/incidents-view';
import { getDb } from '@/utils/db/database';
import { createIncident, draftIncident } from '@/utils/incidents/incidents';
import { storeCapture } from '../unit/support/log-fixtures';
import { emptyLog } from './support';

beforeEach(emptyLog);
afterEach(cleanup);

function show(props: Partial<IncidentsViewProps>) {
  const calls = { open: vi.fn(), showInLog: vi.fn(), exported: vi.fn(), announce: vi.fn() };
  const view = render(<IncidentsView onOpen={calls.open} onShowInLog={calls.showInLog} onExport={calls.exported} announce={calls.announce} {...props} />);
  return { calls, view };
}

describe('the incidents view', () => {
  it('makes an incident of selected captures with the advocates’ fields, after saying what is missing', async () => {
    const db = getDb();
    const a = await storeCapture(db, { title: 'First', pressedAt: '2026-11-29T10:00:00.000Z' });
    const b = await storeCapture(db, { title: 'Second', pressedAt: '2026-11-30T10:00:00.000Z' });
    const { calls } = show({ openId: 'new', draftCaptureIds: [a.id, b.id] });
    await screen.findByRole('heading', { name: '2 captures in this incident' });
    fireEvent.click(screen.getByRole('button', { name: 'Save incident' }));
    await screen.findByText('Give the incident a short name.');
    const name = screen.getByRole('textbox', { name: 'Short name' });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(name);
    expect(await db.incidents.count()).toBe(0);

    fireEvent.input(name, { target: { value: 'Threats' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'What happened' }), { target: { value: 'He wrote twice.' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Threats' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Hate' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Other kinds, in your words' }), { target: { value: 'fake profiles' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a report' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Reported to' }), { target: { value: 'platform' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Report or case number' }), { target: { value: 'TICKET-9' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'This broke a protective or restraining order' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Court' }), { target: { value: 'County Family Court' } });
    fireEvent.click(screen.getByRole('button', { name: 'Take “First” out of this incident' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save incident' }));
    await waitFor(() => expect(calls.announce).toHaveBeenCalledWith('Incident “Threats” saved.'));
    const [saved] = await db.incidents.toArray();
    expect(saved).toMatchObject({
      title: 'Threats',
      description: 'He wrote twice.',
      categories: ['threats', 'hate', 'fake profiles'],
      captureIds: [b.id],
      reports: [{ to: 'platform', name: '', reference: 'TICKET-9', date: '' }],
      violatesOrder: true,
      occurredAt: a.pressedAt,
    });
    expect(await db.protectiveOrders.get(saved.orderId!)).toMatchObject({ court: 'County Family Court' });
  });

  it('lists incidents with their facts and actions; removing asks first and can be undone', async () => {
    const db = getDb();
    const capture = await storeCapture(db);
    const incident = await createIncident(db, { ...draftIncident([capture], 'Threats about parking'), reports: [{ to: 'police', name: '', reference: 'CR-1', date: '' }], violatesOrder: true });
    const { calls } = show({});
    const card = (await screen.findByText('Threats about parking')).closest('li')!;
    expect(card.textContent).toContain('1 capture');
    expect(card.textContent).toContain('Reported to Police: CR-1');
    expect(card.textContent).toContain('Broke a protective order');
    fireEvent.click(within(card).getByRole('button', { name: 'Export this incident' }));
    expect(calls.exported).toHaveBeenCalledWith([capture.id], 'Incident: Threats about parking');
    fireEvent.click(within(card).getByRole('button', { name: 'Show its captures' }));
    expect(calls.showInLog).toHaveBeenCalledWith(incident.id);

    fireEvent.click(within(card).getByRole('button', { name: 'Remove incident' }));
    await screen.findByText('Remove “Threats about parking”? Its captures stay in your log.');
    fireEvent.click(within(card).getByRole('button', { name: 'Keep it' }));
    expect(await db.incidents.count()).toBe(1);
    fireEvent.click(within(card).getByRole('button', { name: 'Remove incident' }));
    fireEvent.click(within(card).getAllByRole('button', { name: 'Remove incident' })[0]);
    await waitFor(() => expect(calls.announce).toHaveBeenCalledWith('Incident “Threats about parking” removed. Its captures are still in your log.', expect.any(Function)));
    expect(await db.incidents.count()).toBe(0);
    expect(await db.captures.count()).toBe(1);
    calls.announce.mock.calls[0][1]();
    await waitFor(async () => expect(await db.incidents.get(incident.id)).toEqual(incident));
  });

  it('edits an open incident and keeps its creation time', async () => {
    const db = getDb();
    const incident = await createIncident(db, draftIncident([], 'Following me'));
    const { calls } = show({ openId: incident.id });
    const name = await screen.findByRole('textbox', { name: 'Short name' });
    expect((name as HTMLInputElement).value).toBe('Following me');
    fireEvent.input(screen.getByRole('textbox', { name: 'Witnesses' }), { target: { value: 'Ana' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save incident' }));
    await waitFor(() => expect(calls.open).toHaveBeenCalledWith(undefined));
    expect(await db.incidents.get(incident.id)).toMatchObject({ witnesses: 'Ana', createdAt: incident.createdAt });
  });
});
