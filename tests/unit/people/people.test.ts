import { describe, expect, it } from 'vitest';
import type { CaptureFacts, IncidentRecord } from '@/utils/db/log-records';
import { mergeAccounts, renamePerson, splitAccount, summarisePeople } from '@/utils/people/people';
import { freshDb } from '../support/log-fixtures';

const fact = (captureId: string, pressedAt: string, key: string, handle: string, platform = 'x'): CaptureFacts => ({
  captureId,
  pressedAt,
  platform,
  accountKey: key,
  account: { key, platform, handle },
});

const facts = [
  fact('c1', '2026-11-01T10:00:00.000Z', 'x|handle:owl', '@owl'),
  fact('c2', '2026-11-08T10:00:00.000Z', 'x|handle:owl', '@owl'),
  fact('c3', '2026-11-15T10:00:00.000Z', 'instagram|handle:owl.two', '@owl.two', 'instagram'),
  fact('c4', '2026-11-02T10:00:00.000Z', 'x|handle:someone', '@someone'),
];

describe('people', () => {
  it('lists every account on its own until the person merges them', () => {
    const people = summarisePeople(facts, [], []);
    expect(people.map((p) => [p.id, p.name, p.captureIds.length])).toEqual([
      ['a:instagram|handle:owl.two', '@owl.two', 1],
      ['a:x|handle:owl', '@owl', 2],
      ['a:x|handle:someone', '@someone', 1],
    ]);
  });

  it('gives a merged person all their accounts, captures, incidents, first and last contact and a weekly rate', () => {
    const persons = [{ id: 'p1', name: 'My ex', accountKeys: ['x|handle:owl', 'instagram|handle:owl.two'], accounts: [], notes: '', createdAt: '', updatedAt: '' }];
    const incidents = [{ id: 'i1', captureIds: ['c3'], personIds: [], occurredAt: '2026-11-20T10:00:00.000Z' } as unknown as IncidentRecord];
    const [owl, someone] = summarisePeople(facts, persons, incidents);
    expect(owl).toMatchObject({ id: 'p:p1', name: 'My ex', merged: true, captureIds: ['c1', 'c2', 'c3'], incidentIds: ['i1'], firstContact: '2026-11-01T10:00:00.000Z', lastContact: '2026-11-20T10:00:00.000Z' });
    expect(owl.accounts.map((a) => a.handle)).toEqual(['@owl', '@owl.two']);
    // 3 captures over 19 days.
    expect(owl.perWeek).toBe(1.1);
    expect(someone.id).toBe('a:x|handle:someone');
  });

  it('merges, moves an account from another person, splits, renames, and records each change', async () => {
    const db = freshDb();
    const first = await mergeAccounts(db, ['x|handle:owl', 'instagram|handle:owl.two'], 'My ex');
    const other = await mergeAccounts(db, ['x|handle:someone'], 'Friend of his');
    await mergeAccounts(db, ['x|handle:someone'], '', first.id);
    expect((await db.people.get(first.id))?.accountKeys).toEqual(['x|handle:owl', 'instagram|handle:owl.two', 'x|handle:someone']);
    expect((await db.people.get(other.id))?.accountKeys).toEqual([]);
    await splitAccount(db, first.id, 'instagram|handle:owl.two');
    await renamePerson(db, first.id, '  J. ');
    expect(await db.people.get(first.id)).toMatchObject({ name: 'J.', accountKeys: ['x|handle:owl', 'x|handle:someone'] });
    expect(await db.edits.where('[subjectKind+subjectId]').equals(['person', first.id]).count()).toBe(4);
  });
});
