import { describe, expect, it } from 'vitest';
import { HoldfastDb } from '@/utils/db/database';
import type { CaptureRecord } from '@/utils/db/records';
import { captureIdsInScope, localDayRange, scopeProblem } from '@/utils/export/scope';

function capture(id: string, pressedAt: string): CaptureRecord {
  return {
    id,
    kind: 'page',
    trigger: 'shortcut',
    status: 'done',
    pressedAt,
    tab: { tabId: 1, windowId: 1 },
    summary: { url: 'https://a.example/', title: id, site: 'a.example' },
    artifacts: [],
    attempts: 1,
    warnings: [],
  };
}

describe('what to export', () => {
  it('reads a range of days as the whole local days, both included', () => {
    const range = localDayRange('2026-11-02', '2026-11-03')!;
    expect(new Date(range.from).getTime()).toBe(new Date(2026, 10, 2).getTime());
    expect(new Date(range.to).getTime()).toBe(new Date(2026, 10, 4).getTime() - 1);
    expect(localDayRange('2026-02-30', '2026-03-01')).toBeNull();
    expect(localDayRange('yesterday', '2026-03-01')).toBeNull();
  });

  it('names what is wrong with a choice', () => {
    expect(scopeProblem({ kind: 'all' })).toBeNull();
    expect(scopeProblem({ kind: 'range', from: '2026-11-02', to: '' })).toBe('range-incomplete');
    expect(scopeProblem({ kind: 'range', from: '2026-11-31', to: '2026-12-01' })).toBe('range-invalid');
    expect(scopeProblem({ kind: 'range', from: '2026-11-05', to: '2026-11-02' })).toBe('range-reversed');
    expect(scopeProblem({ kind: 'range', from: '2026-11-02', to: '2026-11-02' })).toBeNull();
    expect(scopeProblem({ kind: 'selected', captureIds: [] })).toBe('none-selected');
  });

  it('finds the captures of a range of days in the order they were taken, and the selected ones', async () => {
    const db = new HoldfastDb(`scope-${crypto.randomUUID()}`);
    const at = (day: number, hour: number) => new Date(2026, 10, day, hour).toISOString();
    await db.captures.bulkAdd([capture('late', at(3, 23)), capture('before', at(1, 23)), capture('first', at(2, 0)), capture('after', at(4, 0))]);
    expect(await captureIdsInScope(db, { kind: 'range', from: '2026-11-02', to: '2026-11-03' })).toEqual(['first', 'late']);
    expect(await captureIdsInScope(db, { kind: 'all' })).toBeUndefined();
    expect(await captureIdsInScope(db, { kind: 'selected', captureIds: ['after', 'first', 'after'] })).toEqual(['after', 'first']);
    await expect(captureIdsInScope(db, { kind: 'selected', captureIds: [] })).rejects.toThrow(/none-selected/);
  });
});
