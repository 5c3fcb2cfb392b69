import { describe, expect, it } from 'vitest';
import { SEALING_CONTEXT } from '@/utils/db/evidence-codec';
import { LogWordsLocked, openIncident, openOrder, openPerson, readLogWords, sealExistingLogWords } from '@/utils/db/log-words';
import { readReportLogTables } from '@/utils/export/report-log';
import { createIncident, draftIncident, removeIncident, restoreIncident, saveProtectiveOrder, updateIncident } from '@/utils/incidents/incidents';
import { mergeAccounts, renamePerson } from '@/utils/people/people';
import { freshDb } from '../import/fixtures';
import { diskJson, logWithOneCapture, sealingKeys } from '../db/sealed-log-fixtures';

const MARKER = 'incidentmarker9c1d';
const { locked, unlocked } = sealingKeys();
let clock = Date.parse('2026-11-30T12:00:00.000Z');
const now = () => (clock += 1000);

/** Every incident, person, order and edit row as JSON (what reaches the disk). */
async function rowsJson(db: ReturnType<typeof freshDb>): Promise<string> {
  return diskJson([await db.incidents.toArray(), await db.people.toArray(), await db.protectiveOrders.toArray(), await db.edits.toArray()]);
}

function fields(captureId: string, pressedAt: string) {
  return {
    ...draftIncident([{ id: captureId, pressedAt }], `Threat ${MARKER}`),
    description: `He wrote ${MARKER} under my photo`,
    location: `Instagram ${MARKER}`,
    categories: ['threats', `own ${MARKER}`],
    witnesses: `my sister ${MARKER}`,
    othersInvolved: `his friend ${MARKER}`,
    reports: [{ to: 'police' as const, name: `precinct ${MARKER}`, reference: `R-${MARKER}`, date: '2026-11-29' }],
  };
}

describe('incidents with encryption on', () => {
  it('are sealed with their edit records, even while locked; only ids and times stay clear; changing the words needs the key', async () => {
    const { db, capture } = await logWithOneCapture();
    const made = await createIncident(db, fields(capture.id, capture.pressedAt), now, locked());
    expect(await rowsJson(db)).not.toContain(MARKER);
    const stored = (await db.incidents.get(made.id))!;
    expect(stored).toMatchObject({ id: made.id, title: '', description: '', categories: [], reports: [], captureIds: [capture.id], occurredAt: capture.pressedAt });
    expect(stored.sealed?.keyId).toBe(locked().sealingKeyId);
    // The clear indexes still find it by capture.
    expect((await db.incidents.where('captureIds').equals(capture.id).toArray()).map((i) => i.id)).toEqual([made.id]);

    expect((await openIncident(locked(), stored)).state).toBe('locked');
    const opened = await openIncident(unlocked(), stored);
    expect(opened.state).toBe('opened');
    expect(opened.record).toMatchObject({ title: `Threat ${MARKER}`, description: `He wrote ${MARKER} under my photo`, categories: ['threats', `own ${MARKER}`] });
    expect(opened.record.sealed).toBeUndefined();

    await expect(updateIncident(db, made.id, { description: 'new words' }, now, locked())).rejects.toBeInstanceOf(LogWordsLocked);
    // Clear fields (its captures) can change while locked; the words stay as they were.
    await updateIncident(db, made.id, { captureIds: [capture.id, 'other-capture'] }, now, locked());
    const afterLocked = await openIncident(unlocked(), (await db.incidents.get(made.id))!);
    expect(afterLocked.record).toMatchObject({ title: `Threat ${MARKER}`, captureIds: [capture.id, 'other-capture'] });

    await updateIncident(db, made.id, { description: `changed ${MARKER}` }, now, unlocked());
    expect(await rowsJson(db)).not.toContain(MARKER);
    const edits = await db.edits.where('[subjectKind+subjectId]').equals(['incident', made.id]).toArray();
    expect(edits.map((e) => e.field)).toEqual(['created', 'captureIds', 'description']);
    const last = edits.at(-1)!;
    expect(last).toMatchObject({ oldValue: null, newValue: null });
    expect(await unlocked().openWords(last.sealed!, SEALING_CONTEXT.edit('incident', made.id, 'description', last.at))).toEqual({
      oldValue: `He wrote ${MARKER} under my photo`,
      newValue: `changed ${MARKER}`,
    });
  });

  it('do not open when their sealed words are moved to another incident', async () => {
    const { db, capture } = await logWithOneCapture();
    const a = await createIncident(db, fields(capture.id, capture.pressedAt), now, locked());
    const stored = (await db.incidents.get(a.id))!;
    expect((await openIncident(unlocked(), { ...stored, id: 'another-id' })).state).toBe('locked');
  });

  it('removed while locked come back sealed as they were', async () => {
    const { db, capture } = await logWithOneCapture();
    const made = await createIncident(db, fields(capture.id, capture.pressedAt), now, locked());
    const removed = await removeIncident(db, made.id, now, locked());
    expect(await db.incidents.get(made.id)).toBeUndefined();
    await restoreIncident(db, removed!, now, locked());
    expect((await openIncident(unlocked(), (await db.incidents.get(made.id))!)).record.title).toBe(`Threat ${MARKER}`);
    expect(await rowsJson(db)).not.toContain(MARKER);
  });
});

describe('people and protective orders with encryption on', () => {
  it('are sealed (names, account keys, order details) and open only with the key', async () => {
    const db = freshDb();
    const person = await mergeAccounts(db, [`instagram|@${MARKER}`], `Name ${MARKER}`, undefined, now, unlocked());
    const order = await saveProtectiveOrder(
      db,
      { id: crypto.randomUUID(), court: `Court ${MARKER}`, caseNumber: 'C-1', issuedOn: '2026-01-01', expiresOn: '2027-01-01', restrainedPerson: `Him ${MARKER}`, terms: 'no contact' },
      now,
      unlocked(),
    );
    expect(await rowsJson(db)).not.toContain(MARKER);
    expect((await db.people.get(person.id))!.accountKeys).toEqual([]);
    expect((await openPerson(locked(), (await db.people.get(person.id))!)).state).toBe('locked');
    expect((await openPerson(unlocked(), (await db.people.get(person.id))!)).record).toMatchObject({ name: `Name ${MARKER}`, accountKeys: [`instagram|@${MARKER}`] });
    expect((await openOrder(unlocked(), (await db.protectiveOrders.get(order.id))!)).record).toMatchObject({ court: `Court ${MARKER}`, restrainedPerson: `Him ${MARKER}` });

    await expect(renamePerson(db, person.id, 'Other', now, locked())).rejects.toBeInstanceOf(LogWordsLocked);
    await expect(mergeAccounts(db, ['x|y'], 'Someone', undefined, now, locked())).rejects.toBeInstanceOf(LogWordsLocked);
    await expect(saveProtectiveOrder(db, { ...order }, now, locked())).rejects.toBeInstanceOf(LogWordsLocked);
    await renamePerson(db, person.id, `Renamed ${MARKER}`, now, unlocked());
    expect((await readLogWords(db, unlocked())).persons[0]).toMatchObject({ name: `Renamed ${MARKER}` });
    expect(await rowsJson(db)).not.toContain(MARKER);
  });
});

describe('turning encryption on', () => {
  it('seals the incidents, people, orders and their edits written before, and the report opens them', async () => {
    const { db, capture } = await logWithOneCapture();
    const person = await mergeAccounts(db, [`instagram|@${MARKER}`], `Name ${MARKER}`, undefined, now);
    const incident = await createIncident(db, { ...fields(capture.id, capture.pressedAt), personIds: [person.id] }, now);
    await updateIncident(db, incident.id, { witnesses: `neighbour ${MARKER}` }, now);
    await saveProtectiveOrder(db, { id: crypto.randomUUID(), court: `Court ${MARKER}`, caseNumber: '', issuedOn: '', expiresOn: '', restrainedPerson: '', terms: '' }, now);
    expect(await rowsJson(db)).toContain(MARKER);

    expect(await sealExistingLogWords(db, locked())).toBe(3);
    expect(await rowsJson(db)).not.toContain(MARKER);
    expect(await sealExistingLogWords(db, locked())).toBe(0);

    const whileLocked = await readLogWords(db, locked());
    expect(whileLocked.locked).toBe(3);
    expect(whileLocked.incidents[0]!.title).toBe('');
    const open = await readLogWords(db, unlocked());
    expect(open.locked).toBe(0);
    expect(open.incidents[0]).toMatchObject({ title: `Threat ${MARKER}`, witnesses: `neighbour ${MARKER}`, personIds: [person.id] });

    const tables = await readReportLogTables(db, [capture.id], unlocked());
    expect(tables.incidents.map((i) => i.title)).toEqual([`Threat ${MARKER}`]);
    expect(tables.persons.map((p) => p.name)).toEqual([`Name ${MARKER}`]);
    expect(tables.orders.map((o) => o.court)).toEqual([`Court ${MARKER}`]);
    // Locked, nothing sealed is given to the report.
    expect((await readReportLogTables(db, [capture.id], locked())).incidents).toEqual([]);
  });
});
