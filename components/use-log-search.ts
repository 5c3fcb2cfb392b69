import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { loadEvidenceCodec } from '@/utils/db/evidence-codec';
import { forgetFactsInMemory } from '@/utils/search/facts-store';
import { createLogSearch, type LogSearch } from '@/utils/search/log-search';

let shared: LogSearch | undefined;
const listeners = new Set<() => void>();
let generation = 0;
let watching: { unsubscribe(): void } | undefined;
let indexing = false;

/** The search of this page's log, created on first use; sealed captures are opened through the log's codec. */
export function getLogSearch(): LogSearch {
  shared ??= createLogSearch({ db: getDb(), codec: () => loadEvidenceCodec(getDb(), browser.storage.session, Date.now()) });
  return shared;
}

/**
 * Forgets what was read from sealed captures (the index and the facts held in memory) and, when
 * the page was searching, starts again: called when the log is locked or unlocked, so that after
 * locking nothing opened stays on screen and after unlocking the sealed captures are indexed.
 */
export function restartLogSearch(): void {
  const wasWatching = !!watching;
  watching?.unsubscribe();
  watching = undefined;
  shared = undefined;
  indexing = false;
  forgetFactsInMemory();
  if (wasWatching) watchLog();
  notify();
}

/** Forgets this page's search (tests start each case with a fresh one). */
export function resetLogSearch(): void {
  watching?.unsubscribe();
  watching = undefined;
  shared = undefined;
  generation = 0;
  indexing = false;
  forgetFactsInMemory();
}

function notify() {
  generation++;
  for (const listener of listeners) listener();
}

/**
 * Keeps the search index in step with the log: whenever captures settle, notes or incidents
 * change, what is new is indexed (in batches, after the first rows are on screen).
 */
function watchLog(): void {
  if (watching) return;
  const db = getDb();
  watching = liveQuery(async () => {
    const [count, pending, lastNote, lastIncident, incidents] = await Promise.all([
      db.captures.count(),
      db.captures.where('status').equals('pending').count(),
      db.notes.orderBy('updatedAt').last(),
      db.incidents.orderBy('updatedAt').last(),
      db.incidents.count(),
    ]);
    return `${count}|${pending}|${lastNote?.updatedAt ?? ''}|${lastNote?.captureId ?? ''}|${lastIncident?.updatedAt ?? ''}|${incidents}`;
  }).subscribe({
    next: () => {
      indexing = true;
      notify();
      void getLogSearch()
        .sync()
        .catch((error) => console.error('Holdfast: indexing the log for search failed', error))
        .finally(() => {
          indexing = false;
          notify();
        });
    },
    error: (error) => console.error('Holdfast: watching the log failed', error),
  });
}

/**
 * The page's search and a number that changes whenever the index did (to re-run a search).
 * Indexing starts once `start` is true: the log passes false until its first rows are on screen,
 * so loading a large index never delays them.
 */
export function useLogSearch(start = true): { search: LogSearch; generation: number; indexing: boolean } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((t) => t + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  useEffect(() => {
    if (start) watchLog();
  }, [start]);
  return { search: getLogSearch(), generation, indexing };
}
