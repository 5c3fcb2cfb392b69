import { useEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { activityNoter } from '@/utils/safety/auto-lock';
import { pageTitle } from '@/utils/safety/discreet';
import { readLockState, type LockState } from '@/utils/safety/encryption';
import {
  getCareState,
  getSafetySettings,
  watchCareState,
  watchSafetySettings,
  type CareState,
  type SafetySettings,
} from '@/utils/safety/settings';
import { readSpace, type SpaceReport } from '@/utils/safety/storage-space';
import { useLiveQuery } from './use-live-query';

/** The safety settings, kept up to date when they change anywhere. */
export function useSafetySettings(): SafetySettings | undefined {
  const [settings, setSettings] = useState<SafetySettings | undefined>();
  useEffect(() => {
    void getSafetySettings().then(setSettings);
    return watchSafetySettings(setSettings);
  }, []);
  return settings;
}

/** What the person has seen and done (first run, last export), kept up to date. */
export function useCareState(): CareState | undefined {
  const [care, setCare] = useState<CareState | undefined>();
  useEffect(() => {
    void getCareState().then(setCare);
    return watchCareState(setCare);
  }, []);
  return care;
}

/** Whether the log is encrypted and unlocked; follows unlocking, locking and auto-lock in any page. */
export function useLockState(): LockState | undefined {
  const keyring = useLiveQuery(() => getDb().keyring.get('log'), []);
  const [changes, setChanges] = useState(0);
  const [state, setState] = useState<LockState | undefined>();
  useEffect(() => {
    const listener = (_changes: unknown, area: string) => {
      if (area === 'session') setChanges((n) => n + 1);
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);
  useEffect(() => {
    let current = true;
    void readLockState(getDb(), browser.storage.session, Date.now())
      .then((next) => current && setState(next))
      .catch(() => current && setState({ encrypted: false }));
    return () => {
      current = false;
    };
  }, [keyring, changes]);
  return state;
}

/** Used and free space, read again every `refreshMs`. */
export function useSpace(refreshMs = 60_000): SpaceReport | undefined {
  const [space, setSpace] = useState<SpaceReport | undefined>();
  useEffect(() => {
    const read = () => void readSpace().then(setSpace);
    read();
    const timer = setInterval(read, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  return space;
}

/** While the log is unlocked, the person's keys and clicks in this page push the auto-lock back. */
export function useActivityNoting(unlocked: boolean): void {
  useEffect(() => {
    if (!unlocked) return;
    const note = activityNoter(browser.storage.session);
    note();
    document.addEventListener('keydown', note, true);
    document.addEventListener('pointerdown', note, true);
    return () => {
      document.removeEventListener('keydown', note, true);
      document.removeEventListener('pointerdown', note, true);
    };
  }, [unlocked]);
}

/** In discreet mode the page takes a neutral title (tab strip, history, window switcher). */
export function useDiscreetTitle(discreet: boolean | undefined): void {
  useEffect(() => {
    if (discreet === undefined) return;
    const normal = document.documentElement.dataset.title ?? document.title;
    document.documentElement.dataset.title = normal;
    document.title = pageTitle(discreet, normal);
  }, [discreet]);
}
