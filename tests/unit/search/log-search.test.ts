import { describe, expect, it, vi } from 'vitest';
import { createIncident, draftIncident, updateIncident } from '@/utils/incidents/incidents';
import { saveNote } from '@/utils/notes/notes';
import { createLogSearch, databaseIndexStore, foldTerm, memoryOnlyStore } from '@/utils/search/log-search';
import { freshDb, postMetadata, storeCapture } from '../support/log-fixtures';

const noPause = async () => undefined;

describe('search over the log', () => {
  it('finds captures by the words of their text.txt, title, address and author', async () => {
    const db = freshDb();
    const a = await storeCapture(db, { text: 'I know where you park every Sunday', title: 'Community board' });
    const b = await storeCapture(db, { text: 'lovely weather today', metadata: postMetadata({ displayName: 'Night Owl', handle: '@night_owl_77' }) });
    const search = createLogSearch({ db, yieldBetweenBatches: noPause });
    expect(await search.sync()).toEqual({ indexed: 2, removed: 0, incidents: 0 });
    expect(search.search('park sunday').captureIds).toEqual([a.id]);
    expect(search.search('community').captureIds).toEqual([a.id]);
    expect(search.search('night_owl_77').captureIds).toEqual([b.id]);
    expect(search.search('social.example').captureIds.sort()).toEqual([a.id, b.id].sort());
    // Every word must match, and a word may be the start of a longer one.
    expect(search.search('park weather').captureIds).toEqual([]);
    expect(search.search('weath').captureIds).toEqual([b.id]);
  });

  it('folds accents and case, so a Spanish word is found however it is typed', async () => {
    const db = freshDb();
    const a = await storeCapture(db, { text: 'Te vigilo, sé dónde VIVES' });
    const search = createLogSearch({ db, yieldBetweenBatches: noPause });
    await search.sync();
    expect(search.search('donde vives').captureIds).toEqual([a.id]);
    expect(foldTerm('Amenazá')).toBe('amenaza');
  });

  it('indexes notes and re-indexes a capture when its note changes', async () => {
    const db = freshDb();
    const a = await storeCapture(db);
    const search = createLogSearch({ db, yieldBetweenBatches: noPause });
    await search.sync();
    await saveNote(db, a.id, 'sent right after I blocked him');
    expect((await search.sync()).indexed).toBe(1);
    expect(search.search('blocked').captureIds).toEqual([a.id]);
    await saveNote(db, a.id, 'second thoughts');
    await search.sync();
    expect(search.search('blocked').captureIds).toEqual([]);
    expect(search.search('thoughts').captureIds).toEqual([a.id]);
  });

  it('indexes only what is new, keeps the index between visits and reads no text to answer', async () => {
    const db = freshDb();
    await storeCapture(db, { text: 'first capture words' });
    const first = createLogSearch({ db, yieldBetweenBatches: noPause });
    await first.sync();
    const later = await storeCapture(db, { text: 'second capture greenhouse' });
    expect((await first.sync()).indexed).toBe(1);

    // A new page (another visit) loads the saved index: nothing to index again.
    const blobReads = vi.spyOn(db.blobs, 'get');
    const second = createLogSearch({ db, yieldBetweenBatches: noPause });
    expect(await second.sync()).toEqual({ indexed: 0, removed: 0, incidents: 0 });
    expect(second.search('greenhouse').captureIds).toEqual([later.id]);
    expect(second.captureCount).toBe(2);
    expect(blobReads).not.toHaveBeenCalled();
  });

  it('drops captures that left the log, skips pending ones and indexes failed ones by title', async () => {
    const db = freshDb();
    const gone = await storeCapture(db, { text: 'soon removed' });
    await storeCapture(db, { status: 'pending', title: 'Still being saved' });
    const failed = await storeCapture(db, { status: 'failed', title: 'Settings page' });
    const search = createLogSearch({ db, yieldBetweenBatches: noPause });
    expect((await search.sync()).indexed).toBe(2);
    expect(search.search('being saved').captureIds).toEqual([]);
    expect(search.search('settings').captureIds).toEqual([failed.id]);
    await db.captures.delete(gone.id);
    expect((await search.sync()).removed).toBe(1);
    expect(search.search('removed').captureIds).toEqual([]);
  });

  it('finds incidents by their description, places, categories and report numbers', async () => {
    const db = freshDb();
    const capture = await storeCapture(db);
    const incident = await createIncident(db, { ...draftIncident([capture], 'Threats about the allotment'), description: 'He found my new number', reports: [{ to: 'police', name: 'City police', reference: 'CR-2026-0417', date: '' }] });
    const search = createLogSearch({ db, yieldBetweenBatches: noPause });
    await search.sync();
    expect(search.search('new number').incidentIds).toEqual([incident.id]);
    expect(search.search('CR-2026-0417').incidentIds).toEqual([incident.id]);
    await updateIncident(db, incident.id, { description: 'Changed words entirely' });
    expect((await search.sync()).incidents).toBe(1);
    expect(search.search('new number').incidentIds).toEqual([]);
    await db.incidents.delete(incident.id);
    await search.sync();
    expect(search.search('changed').incidentIds).toEqual([]);
  });

  it('rebuilds from the log when the saved index is damaged, and keeps nothing with a memory-only store', async () => {
    const db = freshDb();
    const a = await storeCapture(db, { text: 'marker periwinkle' });
    await createLogSearch({ db, yieldBetweenBatches: noPause }).sync();
    await db.searchIndex.toCollection().modify({ json: '{not json' });
    const rebuilt = createLogSearch({ db, yieldBetweenBatches: noPause });
    expect((await rebuilt.sync()).indexed).toBe(1);
    expect(rebuilt.search('periwinkle').captureIds).toEqual([a.id]);

    const other = freshDb();
    await storeCapture(other, { text: 'marker periwinkle' });
    const memory = createLogSearch({ db: other, store: memoryOnlyStore, yieldBetweenBatches: noPause });
    await memory.sync();
    expect(await other.searchIndex.count()).toBe(0);
    expect(await databaseIndexStore(other).load()).toBeUndefined();
  });

  it('records the facts of each capture for the people list and the filters', async () => {
    const db = freshDb();
    const a = await storeCapture(db, { metadata: postMetadata({ displayName: 'Night Owl', handle: '@Night_Owl_77', accountId: '991' }, 'x') });
    const b = await storeCapture(db, { url: 'https://blog.example/p/1' });
    await createLogSearch({ db, yieldBetweenBatches: noPause }).sync();
    const facts = await db.captureFacts.bulkGet([a.id, b.id]);
    expect(facts[0]).toMatchObject({ platform: 'x', accountKey: 'x|id:991', pressedAt: a.pressedAt, account: { displayName: 'Night Owl', handle: '@Night_Owl_77' } });
    expect(facts[1]).toMatchObject({ platform: 'blog.example' });
    expect(facts[1]?.accountKey).toBeUndefined();
  });
});
