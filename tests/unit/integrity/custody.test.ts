import { createHash } from 'node:crypto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GENESIS_PREV_HASH,
  appendCustodyEvent,
  chainHeadStatement,
  custodyStoreFromTable,
  describeCustodyEvent,
  eventHash,
  nextEvent,
  payloadHash,
  withholdPayload,
  verifyChain,
  type CustodyEvent,
  type CustodyStore,
} from '../../../utils/integrity/custody';

const T0 = Date.parse('2026-11-30T05:51:39.123Z');
const hex = (c: string) => c.repeat(64);

/** A realistic log: two captures, a note edited, one capture deleted, an export. */
async function buildChain(): Promise<CustodyEvent[]> {
  const events: CustodyEvent[] = [];
  const add = async <E extends CustodyEvent>(make: (prev: CustodyEvent | null) => Promise<E>) => {
    events.push(await make(events.at(-1) ?? null));
  };
  await add((p) => nextEvent(p, 'capture-added', { captureId: 'cap-1', recordSha256: hex('1'), files: [{ name: 'screenshot.png', sha256: hex('a'), size: 10 }] }, T0));
  await add((p) => nextEvent(p, 'capture-added', { captureId: 'cap-2', recordSha256: hex('2'), files: [{ name: 'screenshot.png', sha256: hex('b'), size: 12 }] }, T0 + 1000));
  await add((p) => nextEvent(p, 'field-edited', { subject: { kind: 'capture', id: 'cap-1' }, field: 'note', oldValue: '', newValue: 'He wrote this after I blocked him', recordSha256: hex('3') }, T0 + 2000));
  await add((p) => nextEvent(p, 'capture-deleted', { captureId: 'cap-2', reason: 'Captured the wrong tab', recordSha256: hex('2'), files: [{ name: 'screenshot.png', sha256: hex('b'), size: 12 }] }, T0 + 3000));
  await add((p) => nextEvent(p, 'bundle-exported', { fileName: 'holdfast-evidence.zip', bundleSha256: hex('c'), captureCount: 1 }, T0 + 4000));
  await add((p) => nextEvent(p, 'settings-changed', { setting: 'timestamps', oldValue: false, newValue: true }, T0 + 5000));
  return events;
}

const clone = <T>(v: T): T => structuredClone(v);
const kinds = (report: { problems: { seq: number | null; kind: string }[] }) => report.problems.map((p) => [p.seq, p.kind]);

describe('building the chain', () => {
  it('numbers events from 1, links each to the one before, and starts from 64 zeros', async () => {
    const events = await buildChain();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[0].prevHash).toBe(GENESIS_PREV_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    expect(events[0].at).toBe('2026-11-30T05:51:39.123Z');
  });

  it('fingerprints each event as SHA-256 of its canonical JSON with the payload\'s fingerprint in place of the payload, recomputable with any tool', async () => {
    const [first] = await buildChain();
    const { hash, ...content } = first;
    // Written out by hand in RFC 8785 order, hashed with Node's own SHA-256.
    const payloadText = `{"captureId":"cap-1","files":[{"name":"screenshot.png","sha256":"${hex('a')}","size":10}],"recordSha256":"${hex('1')}"}`;
    const payloadSha256 = createHash('sha256').update(payloadText).digest('hex');
    expect(first.payloadSha256).toBe(payloadSha256);
    const text = `{"at":"2026-11-30T05:51:39.123Z","payloadSha256":"${payloadSha256}","prevHash":"${GENESIS_PREV_HASH}","seq":1,"type":"capture-added"}`;
    expect(hash).toBe(createHash('sha256').update(text).digest('hex'));
    expect(await eventHash(content)).toBe(hash);
  });

  it('keeps exactly what was hashed, and is pure', async () => {
    const payload = { setting: 'x', oldValue: -0, newValue: { b: 1, a: undefined } } as never;
    const event = await nextEvent(null, 'settings-changed', payload, new Date(T0));
    expect(event.payload).toEqual({ setting: 'x', oldValue: 0, newValue: { b: 1 } });
    expect(await nextEvent(null, 'settings-changed', payload, T0)).toEqual(event);
  });

  it('refuses a time that is not one', async () => {
    await expect(nextEvent(null, 'log-unlocked', {}, 'yesterday')).rejects.toThrow(RangeError);
  });

  it('describes events in plain words, even damaged ones', async () => {
    const events = await buildChain();
    expect(describeCustodyEvent(events[3])).toBe('Capture cap2 deleted (1 files, fingerprints kept). Reason given: "Captured the wrong tab"');
    const damaged = { ...events[0], payload: {} } as unknown as CustodyEvent;
    expect(describeCustodyEvent(damaged)).toBe('Capture (unknown) added (0 files)');
  });
});

describe('selective disclosure: withheld payloads', () => {
  it('verifies a chain whose other captures\' payloads are withheld, and says which in plain words', async () => {
    const events = (await buildChain()).map((e, i) => (i === 1 || i === 2 ? withholdPayload(e) : e));
    expect(JSON.stringify(events[1])).not.toContain('cap-2');
    expect(JSON.stringify(events[2])).not.toContain('blocked him');
    const report = await verifyChain(events);
    expect(report.ok).toBe(true);
    expect(report.withheld).toEqual([2, 3]);
    expect(report.withheldNote).toBe(
      'Custody events 2 to 3 are about captures that are not in this export, so their details were left out to protect them. Their place in the chain and their fingerprints were still checked: nothing was removed, added or reordered there.',
    );
    expect(describeCustodyEvent(events[1] as never)).toBe('capture-added: details withheld (about a capture not in this export)');
  });

  it('still names a withheld event that was changed, removed or given other details', async () => {
    const withheld = (await buildChain()).map((e, i) => (i === 1 ? withholdPayload(e) : e));
    const changed = clone(withheld);
    changed[1].payloadSha256 = hex('f');
    expect(kinds(await verifyChain(changed))).toEqual([[2, 'content-changed']]);
    const removed = withheld.filter((_, i) => i !== 1);
    expect(kinds(await verifyChain(removed))).toEqual([[2, 'missing']]);
    // Details put back by hand that are not the ones fingerprinted.
    const forged = clone(withheld) as CustodyEvent[];
    (forged[1] as { payload: unknown }).payload = { captureId: 'cap-9', recordSha256: hex('9'), files: [] };
    delete (forged[1] as { withheld?: true }).withheld;
    expect(kinds(await verifyChain(forged))).toEqual([[2, 'content-changed']]);
  });
});

describe('verifying the chain', () => {
  it('reports an intact chain and its head', async () => {
    const events = await buildChain();
    const report = await verifyChain(events);
    expect(report).toEqual({ ok: true, withheld: [], withheldNote: null, head: { seq: 6, hash: events[5].hash }, count: 6, problems: [] });
  });

  it('reports an empty log as intact with no head', async () => {
    expect(await verifyChain([])).toEqual({ ok: true, withheld: [], withheldNote: null, head: null, count: 0, problems: [] });
  });

  it('names a changed event, and only that event', async () => {
    const events = clone(await buildChain());
    (events[3].payload as { reason: string }).reason = 'I never deleted anything';
    const report = await verifyChain(events);
    expect(kinds(report)).toEqual([[4, 'content-changed']]);
    expect(report.problems[0].message).toBe('Custody event 4 (capture-deleted) was changed after it was written: its details no longer match their fingerprint.');
  });

  it('names an event whose time or type was changed', async () => {
    const events = clone(await buildChain());
    events[1].at = '2026-11-29T05:51:39.123Z';
    const report = await verifyChain(events);
    expect(kinds(report)).toEqual([[2, 'content-changed']]);
    expect(report.problems[0].message).toBe('Custody event 2 (capture-added) was changed after it was written: its content no longer matches its fingerprint.');
  });

  it('names a changed event whose fingerprint was recomputed as a broken link at the next event', async () => {
    const events = clone(await buildChain());
    (events[2].payload as { newValue: string }).newValue = 'something else';
    events[2].payloadSha256 = await payloadHash(events[2].payload);
    events[2].hash = await eventHash(events[2]);
    const report = await verifyChain(events);
    expect(kinds(report)).toEqual([[4, 'link-broken']]);
    expect(report.problems[0].message).toContain('event 3 was replaced after event 4 was written');
  });

  it('names a removed event as missing', async () => {
    const events = (await buildChain()).filter((e) => e.seq !== 4);
    const report = await verifyChain(events);
    expect(kinds(report)).toEqual([[4, 'missing']]);
    expect(report.problems[0].message).toBe('Custody event 4 is missing: removed from the log.');
  });

  it('names several removed events and a removed first event', async () => {
    const events = (await buildChain()).filter((e) => ![1, 3, 4].includes(e.seq));
    const report = await verifyChain(events);
    expect(kinds(report)).toEqual([
      [1, 'missing'],
      [3, 'missing'],
    ]);
    expect(report.problems[1].message).toBe('Custody events 3 to 4 are missing: removed from the log.');
  });

  it('names two swapped events as out of order, without calling them changed or missing', async () => {
    const events = await buildChain();
    const swapped = [events[0], events[1], events[3], events[2], events[4], events[5]];
    const report = await verifyChain(swapped);
    expect(kinds(report)).toEqual([[3, 'out-of-order']]);
    expect(report.problems[0].message).toBe('Custody event 3 is placed after event 4: events were moved.');
  });

  it('names two events whose numbers were exchanged as reordered, by their links', async () => {
    const events = clone(await buildChain());
    [events[2].seq, events[3].seq] = [events[3].seq, events[2].seq];
    for (const e of [events[2], events[3]]) e.hash = await eventHash(e);
    // The numbers and fingerprints were rewritten; the links, which cannot be, still tell the true order.
    const report = await verifyChain([events[0], events[1], events[3], events[2], events[4], events[5]]);
    expect(kinds(report)).toEqual([
      [3, 'link-broken'],
      [4, 'out-of-order'],
      [5, 'link-broken'],
    ]);
    expect(report.problems[1].message).toBe('Custody event 4 was written right after event 2, but is placed after event 3: events were reordered.');
  });

  it('names a swap where only the numbers were edited as changed events that were reordered', async () => {
    const events = clone(await buildChain());
    [events[2].seq, events[3].seq] = [events[3].seq, events[2].seq];
    const report = await verifyChain([events[0], events[1], events[3], events[2], events[4], events[5]]);
    expect(kinds(report)).toEqual([
      [3, 'content-changed'],
      [3, 'out-of-order'],
      [4, 'content-changed'],
      [4, 'out-of-order'],
      [5, 'out-of-order'],
    ]);
    expect(report.problems[1].message).toBe('Custody event 3 was written right after event 4, but is placed after event 2: events were reordered.');
  });

  it('names an event that appears twice, and a second event claiming the same number', async () => {
    const events = await buildChain();
    const copy = await verifyChain([...events.slice(0, 3), events[2], ...events.slice(3)]);
    expect(kinds(copy)).toEqual([[3, 'duplicate']]);
    expect(copy.problems[0].message).toBe('Custody event 3 appears more than once in the log.');

    const forged = await nextEvent(events[1], 'capture-deleted', { captureId: 'cap-1', reason: 'x', recordSha256: hex('1'), files: [] }, T0);
    const inserted = await verifyChain([...events, forged]);
    expect(kinds(inserted)).toEqual([
      [3, 'out-of-order'],
      [3, 'duplicate'],
    ]);
    expect(inserted.problems[1].message).toContain('Two different entries both claim to be custody event 3');
    expect(inserted.head).toEqual({ seq: 6, hash: events[5].hash });
  });

  it('names events removed from the end when the signed head is known', async () => {
    const events = await buildChain();
    const head = { seq: 6, hash: events[5].hash };
    const truncated = await verifyChain(events.slice(0, 4), { expectedHead: head });
    expect(kinds(truncated)).toEqual([[5, 'missing']]);
    expect(truncated.problems[0].message).toContain('Custody events 5 to 6 are missing');
    expect((await verifyChain(events, { expectedHead: head })).ok).toBe(true);
    const replaced = await verifyChain(events, { expectedHead: { seq: 6, hash: hex('f') } });
    expect(kinds(replaced)).toEqual([[6, 'content-changed']]);
  });

  it('names a first event that does not start the chain', async () => {
    const events = clone(await buildChain());
    events[0].prevHash = hex('9');
    events[0].hash = await eventHash(events[0]);
    events[1].prevHash = events[0].hash;
    events[1].hash = await eventHash(events[1]);
    events[2].prevHash = events[1].hash;
    const report = await verifyChain(events);
    expect(kinds(report)).toEqual([
      [1, 'link-broken'],
      [3, 'content-changed'],
    ]);
  });

  it('names entries that are not custody events at all, without stopping', async () => {
    const events: unknown[] = clone(await buildChain());
    events[1] = { ...(events[1] as object), type: 'capture-teleported' };
    events.push('garbage', null);
    const report = await verifyChain(events);
    expect(kinds(report)).toEqual([
      [null, 'content-changed'],
      [null, 'content-changed'],
      [2, 'content-changed'],
      [2, 'missing'],
    ]);
    expect(report.problems[2].message).toBe('Custody event 2 is not a readable custody event: its type "capture-teleported" is unknown.');
    expect(report.problems[0].message).toBe('Entry 7 of the custody log is not a readable custody event: it is not an object.');
  });

  it('reads events from an async source', async () => {
    const events = await buildChain();
    async function* fromDatabase() {
      yield* events;
    }
    expect((await verifyChain(fromDatabase())).ok).toBe(true);
  });

  it('gives the value to sign for a chain head', () => {
    expect(chainHeadStatement({ seq: 3, hash: hex('d') })).toEqual({ statement: 'holdfast-custody-chain-head', seq: 3, hash: hex('d') });
  });
});

describe('appending to a store', () => {
  function memoryStore(): CustodyStore & { events: CustodyEvent[] } {
    const events: CustodyEvent[] = [];
    return {
      events,
      last: async () => events.at(-1),
      add: async (event) => {
        if (events.some((e) => e.seq === event.seq)) throw new Error('ConstraintError');
        events.push(event);
      },
    };
  }

  it('appends events one after the other, even when called all at once', async () => {
    const store = memoryStore();
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((id, i) => appendCustodyEvent(store, 'capture-added', { captureId: id, recordSha256: hex('1'), files: [] }, T0 + i)),
    );
    expect(store.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect((await verifyChain(store.events)).ok).toBe(true);
  });

  it('rebuilds the event when another context took its number first', async () => {
    const store = memoryStore();
    let first = true;
    const racing: CustodyStore = {
      last: store.last,
      add: async (event) => {
        if (first) {
          first = false; // the popup appends between our read and our write
          store.events.push(await nextEvent(null, 'log-locked', { how: 'idle' }, T0));
        }
        return store.add(event);
      },
    };
    const mine = await appendCustodyEvent(racing, 'log-unlocked', {}, T0 + 1);
    expect(mine.seq).toBe(2);
    expect(store.events.map((e) => e.type)).toEqual(['log-locked', 'log-unlocked']);
    expect((await verifyChain(store.events)).ok).toBe(true);
  });

  it('passes on a failure that is not a taken number', async () => {
    const store: CustodyStore = { last: async () => undefined, add: async () => Promise.reject(new Error('QuotaExceededError')) };
    await expect(appendCustodyEvent(store, 'log-unlocked', {}, T0)).rejects.toThrow('QuotaExceededError');
  });

  describe('over a Dexie table in IndexedDB', () => {
    let db: Dexie | undefined;
    afterEach(async () => {
      await db?.delete();
    });

    it('stores a verifiable chain, and refuses a second event with the same number', async () => {
      db = new Dexie(`custody-${crypto.randomUUID()}`);
      db.version(1).stores({ custody: '&seq' });
      const table = db.table<CustodyEvent, number>('custody');
      const store = custodyStoreFromTable(table);
      await appendCustodyEvent(store, 'capture-added', { captureId: 'cap-1', recordSha256: hex('1'), files: [] }, T0);
      await Promise.all([appendCustodyEvent(store, 'log-locked', { how: 'manual' }, T0 + 1), appendCustodyEvent(store, 'log-unlocked', {}, T0 + 2)]);
      const stored = await table.orderBy('seq').toArray();
      expect(stored.map((e) => e.type)).toEqual(['capture-added', 'log-locked', 'log-unlocked']);
      expect((await verifyChain(stored)).ok).toBe(true);
      await expect(store.add(stored[1])).rejects.toThrow();
    });
  });
});
