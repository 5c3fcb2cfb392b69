import { describe, expect, it } from 'vitest';
import { editsOf } from '@/utils/db/edits';
import { ownCategories } from '@/utils/incidents/categories';
import { incidentSummary } from '@/utils/incidents/incident-summary';
import {
  addCapturesToIncident,
  blankOrder,
  createIncident,
  draftIncident,
  fromLocalInput,
  incidentProblems,
  removeIncident,
  restoreIncident,
  saveProtectiveOrder,
  toLocalInput,
  updateIncident,
} from '@/utils/incidents/incidents';
import { freshDb, storeCapture } from '../support/log-fixtures';

const clock = (iso: string) => () => Date.parse(iso);

describe('incidents', () => {
  it('starts a new incident at its earliest capture, in local time', async () => {
    const draft = draftIncident([
      { id: 'b', pressedAt: '2026-11-30T10:00:00.000Z' },
      { id: 'a', pressedAt: '2026-11-29T08:30:00.000Z' },
    ]);
    expect(draft.occurredAt).toBe('2026-11-29T08:30:00.000Z');
    expect(fromLocalInput(draft.occurredLocal)).toBe('2026-11-29T08:30:00.000Z');
    expect(draft.captureIds).toEqual(['b', 'a']);
    expect(incidentProblems(draft)).toEqual(['title']);
    expect(incidentProblems({ ...draft, title: 'x', occurredLocal: '2026-13-45T99:99', occurredAt: '' })).toEqual(['occurred']);
    expect(fromLocalInput('not a time')).toBe('');
    expect(toLocalInput(fromLocalInput('2026-03-29T02:30'))).toMatch(/^2026-03-29T0[23]:30$/);
  });

  it('records every field change with its old and new value', async () => {
    const db = freshDb();
    const capture = await storeCapture(db);
    const incident = await createIncident(db, { ...draftIncident([capture], 'Threats'), description: 'first words' }, clock('2026-11-30T10:00:00Z'));
    const updated = await updateIncident(db, incident.id, { description: 'second words', witnesses: 'Ana', title: 'Threats' }, clock('2026-11-30T11:00:00Z'));
    expect(updated.updatedAt).toBe('2026-11-30T11:00:00.000Z');
    expect(updated.createdAt).toBe('2026-11-30T10:00:00.000Z');
    const edits = await editsOf(db, 'incident', incident.id);
    expect(edits.map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
      ['created', null, 'Threats'],
      ['description', 'first words', 'second words'],
      ['witnesses', '', 'Ana'],
    ]);
    // Saving the same values changes nothing and records nothing.
    expect((await updateIncident(db, incident.id, { witnesses: 'Ana' })).updatedAt).toBe(updated.updatedAt);
    expect(await editsOf(db, 'incident', incident.id)).toHaveLength(3);
  });

  it('adds captures once, and a removed incident comes back whole with Undo; its captures never leave the log', async () => {
    const db = freshDb();
    const [a, b] = [await storeCapture(db), await storeCapture(db)];
    const incident = await createIncident(db, draftIncident([a], 'Threats'));
    expect((await addCapturesToIncident(db, incident.id, [a.id, b.id])).captureIds).toEqual([a.id, b.id]);
    const removed = await removeIncident(db, incident.id);
    expect(await db.incidents.get(incident.id)).toBeUndefined();
    expect(await db.captures.count()).toBe(2);
    await restoreIncident(db, removed!);
    expect(await db.incidents.get(incident.id)).toEqual(removed);
    expect((await editsOf(db, 'incident', incident.id)).map((e) => e.field)).toEqual(['created', 'captureIds', 'removed', 'restored']);
  });

  it('keeps the protective order once, however many incidents refer to it', async () => {
    const db = freshDb();
    const order = await saveProtectiveOrder(db, { ...blankOrder(), court: 'County Family Court', caseNumber: 'PO-55' });
    await createIncident(db, { ...draftIncident([], 'One'), violatesOrder: true, orderId: order.id });
    await createIncident(db, { ...draftIncident([], 'Two'), violatesOrder: true, orderId: order.id });
    await saveProtectiveOrder(db, { ...order, caseNumber: 'PO-55-2026' });
    expect(await db.protectiveOrders.toArray()).toMatchObject([{ id: order.id, caseNumber: 'PO-55-2026' }]);
  });

  it("splits the person's own categories and leaves the fixed ones out", () => {
    expect(ownCategories('showing up at work, fake profiles; threats,, fake profiles ')).toEqual(['showing up at work', 'fake profiles']);
  });

  it('gathers the summary page of an incident for the report', async () => {
    const db = freshDb();
    const late = await storeCapture(db, { pressedAt: '2026-11-30T10:00:00.000Z', title: 'Later' });
    const early = await storeCapture(db, { pressedAt: '2026-11-29T10:00:00.000Z', title: 'Earlier' });
    const order = await saveProtectiveOrder(db, { ...blankOrder(), court: 'County Family Court', caseNumber: 'PO-55' });
    const incident = await createIncident(db, {
      ...draftIncident([late, early], 'Threats'),
      categories: ['threats', 'following me'],
      personIds: ['p1'],
      reports: [{ to: 'police', name: 'City police', reference: 'CR-1', date: '2026-11-30' }],
      violatesOrder: true,
      orderId: order.id,
    });
    const summary = incidentSummary({
      incident,
      captures: [late, early],
      notes: [{ captureId: early.id, text: 'the first one', createdAt: '', updatedAt: '' }],
      people: [
        { id: 'p:p1', name: 'Owl', merged: true, accounts: [{ key: 'x|handle:owl', platform: 'x', handle: '@owl' }], captureIds: [], incidentIds: [], firstContact: '', lastContact: '', perWeek: 0 },
        { id: 'p:p2', name: 'Not involved', merged: true, accounts: [], captureIds: [], incidentIds: [], firstContact: '', lastContact: '', perWeek: 0 },
      ],
      orders: [order],
      categoryLabel: (c) => (c === 'threats' ? 'Threats' : c),
      recipientLabel: (to) => (to === 'police' ? 'Police' : to),
    });
    expect(summary.captures.map((c) => [c.number, c.title, c.note])).toEqual([
      [1, 'Earlier', 'the first one'],
      [2, 'Later', undefined],
    ]);
    expect(summary.firstCaptureAt).toBe(early.pressedAt);
    expect(summary.categories).toEqual(['Threats', 'following me']);
    expect(summary.people).toEqual([{ name: 'Owl', accounts: ['@owl'] }]);
    expect(summary.reports).toEqual([{ to: 'police', toLabel: 'Police', name: 'City police', reference: 'CR-1', date: '2026-11-30' }]);
    expect(summary.protectiveOrder).toMatchObject({ violated: true, order: { court: 'County Family Court', caseNumber: 'PO-55' } });
  });
});
