import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { activeTabTarget, type WindowsApi } from '@/utils/capture/browser-services';

type Win = Browser.windows.Window;

function tab(id: number, windowId: number, active: boolean, url: string, lastAccessed: number): Browser.tabs.Tab {
  return { id, windowId, active, url, title: url, lastAccessed, index: 0, pinned: false, highlighted: active, incognito: false, selected: active, discarded: false, autoDiscardable: true, groupId: -1, frozen: false } as Browser.tabs.Tab;
}

function win(id: number, type: Win['type'], focused: boolean, tabs: Browser.tabs.Tab[]): Win {
  return { id, type, focused, tabs, incognito: false, alwaysOnTop: false } as Win;
}

/** A windows API that answers getLastFocused like Chrome (honouring windowTypes) or like Firefox (ignoring it). */
function windowsApi(all: Win[], lastFocusedId: number, honoursWindowTypes: boolean): WindowsApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getLastFocused(query) {
      calls.push('getLastFocused');
      const focused = all.find((w) => w.id === lastFocusedId)!;
      if (!honoursWindowTypes || query.windowTypes.includes(focused.type!)) return focused;
      return all.filter((w) => query.windowTypes.includes(w.type!)).at(-1)!;
    },
    async getAll(query) {
      calls.push('getAll');
      return all.filter((w) => query.windowTypes.includes(w.type!));
    },
  };
}

const page = tab(11, 1, true, 'https://social.example/thread/1', 1_000);
const otherPage = tab(21, 2, true, 'https://mail.example/inbox', 500);
const popupPage = tab(31, 3, true, 'moz-extension://uuid/popup.html', 2_000);

describe('activeTabTarget: the tab the person is looking at', () => {
  it('takes the active tab of the last focused normal window', async () => {
    const windows = windowsApi([win(1, 'normal', true, [tab(10, 1, false, 'https://a.example/', 1), page])], 1, true);
    expect(await activeTabTarget(windows)).toEqual({ tabId: 11, windowId: 1, url: page.url, title: page.url });
    expect(windows.calls).toEqual(['getLastFocused']);
  });

  it("in Firefox, whose getLastFocused ignores windowTypes, never takes the popup's own window", async () => {
    const all = [win(2, 'normal', false, [otherPage]), win(1, 'normal', false, [page]), win(3, 'popup', true, [popupPage])];
    const target = await activeTabTarget(windowsApi(all, 3, false));
    expect(target?.tabId).toBe(11);
    expect(target?.url).toBe('https://social.example/thread/1');
  });

  it('prefers a normal window that has the focus', async () => {
    const all = [win(1, 'normal', false, [page]), win(2, 'normal', true, [{ ...otherPage, lastAccessed: 1 }]), win(3, 'popup', false, [popupPage])];
    expect((await activeTabTarget(windowsApi(all, 3, false)))?.tabId).toBe(21);
  });

  it('finds no tab when there is no normal window', async () => {
    expect(await activeTabTarget(windowsApi([win(3, 'popup', true, [popupPage])], 3, false))).toBeUndefined();
  });

  it('falls back to the normal windows when getLastFocused refuses (a private window the extension may not see)', async () => {
    const windows: WindowsApi = {
      getLastFocused: async () => {
        throw new Error('Invalid window');
      },
      getAll: async () => [win(1, 'normal', false, [page])],
    };
    expect((await activeTabTarget(windows))?.tabId).toBe(11);
  });
});
