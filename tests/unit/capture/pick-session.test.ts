import { describe, expect, it } from 'vitest';
import { PICK_TIMEOUT_MS, createPickSessions, type PickSession } from '@/utils/capture/pick-session';
import { isOwnInjectedScript } from '@/utils/messaging/protocol';

function memoryStore() {
  let value: PickSession | null = null;
  return { get: async () => value, set: async (s: PickSession | null) => void (value = s) };
}

const TARGET = { tabId: 7, windowId: 1, url: 'https://x.com/home', title: 'Home / X' };

describe('pick sessions', () => {
  it('accepts the pick once, from the tab it was started in, with its token', async () => {
    let clock = 1_000;
    const picks = createPickSessions(memoryStore(), () => clock, () => 'token-1');
    const session = await picks.start(TARGET);
    expect(await picks.claim('token-1', 8)).toBeUndefined(); // another tab
    expect(await picks.claim('token-2', 7)).toBeUndefined(); // another token
    clock += 5_000;
    expect((await picks.claim('token-1', 7))?.target).toEqual(session.target);
    expect(await picks.claim('token-1', 7)).toBeUndefined(); // used
  });

  it('forgets a pick the person never finished', async () => {
    let clock = 0;
    const picks = createPickSessions(memoryStore(), () => clock, () => 't');
    await picks.start(TARGET);
    clock += PICK_TIMEOUT_MS + 1;
    expect(await picks.claim('t', 7)).toBeUndefined();
  });

  it('a new pick replaces the one before', async () => {
    let n = 0;
    const picks = createPickSessions(memoryStore(), () => 0, () => `t${++n}`);
    await picks.start(TARGET);
    await picks.start({ ...TARGET, tabId: 9 });
    expect(await picks.claim('t1', 7)).toBeUndefined();
    expect((await picks.claim('t2', 9))?.target.tabId).toBe(9);
  });
});

describe('who may report a pick', () => {
  it('only a script of this extension in a tab\'s main frame', () => {
    expect(isOwnInjectedScript({ id: 'ext', tab: { id: 7 }, frameId: 0 }, 'ext')).toBe(true);
    expect(isOwnInjectedScript({ id: 'ext', tab: { id: 7 }, frameId: 3 }, 'ext')).toBe(false);
    expect(isOwnInjectedScript({ id: 'other', tab: { id: 7 }, frameId: 0 }, 'ext')).toBe(false);
    expect(isOwnInjectedScript({ id: 'ext', frameId: 0 }, 'ext')).toBe(false); // an extension page
  });
});
