/**
 * The one pick mode that may be waiting for a click, kept in the browser's session storage so that
 * a worker stopped while the person chooses still knows about it. A pick is accepted only from the
 * tab it was started in, with the random token handed to the injected picker, and only once.
 */
import type { CaptureTarget } from './queue';

/** A pick mode waits at most this long for the click. */
export const PICK_TIMEOUT_MS = 10 * 60 * 1000;

export interface PickSession {
  token: string;
  target: CaptureTarget;
  startedAt: number;
}

export interface PickSessionStore {
  get(): Promise<PickSession | null>;
  set(session: PickSession | null): Promise<void>;
}

export interface PickSessions {
  /** Starts a pick in `target`'s tab (replacing any other) and returns its token. */
  start(target: CaptureTarget): Promise<PickSession>;
  /** The session for this token and tab, removed so that it cannot be used twice; undefined otherwise. */
  claim(token: string, tabId: number): Promise<PickSession | undefined>;
}

export function createPickSessions(store: PickSessionStore, now: () => number, newToken: () => string = () => crypto.randomUUID()): PickSessions {
  return {
    async start(target) {
      const session: PickSession = { token: newToken(), target, startedAt: now() };
      await store.set(session);
      return session;
    },
    async claim(token, tabId) {
      const session = await store.get();
      if (!session || session.token !== token || session.target.tabId !== tabId) return undefined;
      await store.set(null);
      if (now() - session.startedAt > PICK_TIMEOUT_MS) return undefined;
      return session;
    },
  };
}
