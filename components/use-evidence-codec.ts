import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { createEvidenceCodec, loadEvidenceCodec, type EvidenceCodec } from '@/utils/db/evidence-codec';
import type { LockState } from '@/utils/safety/encryption';
import { restartLogSearch } from './use-log-search';
import { useLockState } from './use-safety-state';

/** Opens nothing sealed: clear captures read as they are, sealed ones as locked. */
const OPENS_NOTHING = createEvidenceCodec();

/** The codec of the page's log; without a provider, one that opens nothing sealed. */
export const EvidenceCodecContext = createContext<EvidenceCodec>(OPENS_NOTHING);

/** The codec every reader of this page opens evidence with (see `useEvidenceCodecOfPage`). */
export function useCodec(): EvidenceCodec {
  return useContext(EvidenceCodecContext);
}

/**
 * For a page's root: the lock state and the log's codec, loaded again whenever the log is locked
 * or unlocked (here, in another page, or by auto-lock). While it loads, and whenever the lock
 * state changes, the codec opens nothing, so locking hides what was opened at once; what was
 * read for search is forgotten and read again after unlocking.
 */
export function useEvidenceCodecOfPage(): { codec: EvidenceCodec; lock: LockState | undefined } {
  const lock = useLockState();
  const [codec, setCodec] = useState<EvidenceCodec>(OPENS_NOTHING);
  const key = lock ? `${lock.encrypted}|${lock.encrypted && lock.unlocked}` : '';
  useEffect(() => {
    if (!lock) return;
    let current = true;
    setCodec(OPENS_NOTHING);
    restartLogSearch();
    void loadEvidenceCodec(getDb(), browser.storage.session, Date.now())
      .then((loaded) => current && setCodec(loaded))
      .catch((error) => console.error('Holdfast: reading the log key failed', error));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { codec, lock };
}

/**
 * `open(codec, items)` run outside the live query (crypto must not run inside one), again when
 * the items or the codec change. When the codec changes after opening sealed content (the log
 * was locked) nothing is returned until the items are opened again, so nothing opened outlives a lock.
 */
export function useOpened<T, U>(items: T | undefined, codec: EvidenceCodec, open: (codec: EvidenceCodec, items: T) => Promise<U>): U | undefined {
  const [state, setState] = useState<{ codec: EvidenceCodec; value: U } | undefined>();
  useEffect(() => {
    if (items === undefined) return;
    let current = true;
    void open(codec, items)
      .then((value) => current && setState({ codec, value }))
      .catch((error) => console.error('Holdfast: opening the log failed', error));
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items, codec]);
  if (!state || items === undefined) return undefined;
  // A value opened with a codec that could open nothing sealed holds nothing opened: it stays on
  // screen until the new one is ready (no flicker on load). One that opened sealed content is
  // dropped at once when the codec changes (the log was locked).
  return state.codec === codec || !state.codec.canOpen ? state.value : undefined;
}
