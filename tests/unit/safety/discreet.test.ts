import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CaptureRecord } from '@/utils/db/records';
import { DISCREET_BADGE_TEXT, showPending, showSettled } from '@/utils/feedback/badge';
import { NORMAL_ICON, PLAIN_ICON, applyToolbarAppearance, captureMenuTitle, pageTitle, toolbarTitle } from '@/utils/safety/discreet';
import { updateSafetySettings } from '@/utils/safety/settings';

beforeEach(() => {
  vi.useRealTimers();
});

function failed(): CaptureRecord {
  return {
    id: 'c1', kind: 'page', trigger: 'shortcut', status: 'failed', pressedAt: '2026-11-30T10:00:00.000Z', tab: { tabId: 1, windowId: 1 },
    summary: { url: 'https://x.example/', title: 'Threats', site: 'x.example' }, artifacts: [], attempts: 1, warnings: [],
    failure: { code: 'tab-closed', reason: 'The tab was closed before the screenshot could be taken.', at: '2026-11-30T10:00:01.000Z' },
  };
}

describe('discreet mode', () => {
  it('words nothing about evidence on the toolbar, the page menu or the page titles', () => {
    for (const words of [toolbarTitle(true), captureMenuTitle(true), captureMenuTitle(true, 'capture-post'), captureMenuTitle(true, 'capture-full-page'), pageTitle(true, 'Holdfast — your log')]) {
      expect(words).not.toMatch(/holdfast|evidence|capture|harass|log/i);
    }
    expect(toolbarTitle(false)).toBe('Holdfast — keep evidence');
    expect(pageTitle(false, 'Holdfast — your log')).toBe('Holdfast — your log');
  });

  it('switches the toolbar icon, title and menu item, and back', async () => {
    const setIcon = vi.fn(async () => undefined);
    const setTitle = vi.fn(async () => undefined);
    const update = vi.fn(async () => undefined);
    const toolbar = { action: { setIcon, setTitle }, contextMenus: { update } };
    await applyToolbarAppearance(true, toolbar, ['capture-page', 'capture-post']);
    expect(setIcon).toHaveBeenLastCalledWith({ path: PLAIN_ICON });
    expect(setTitle).toHaveBeenLastCalledWith({ title: 'Page tools' });
    expect(update).toHaveBeenCalledWith('capture-page', { title: 'Save page snapshot' });
    expect(update).toHaveBeenLastCalledWith('capture-post', { title: 'Save part of the page' });
    await applyToolbarAppearance(false, { ...toolbar, contextMenus: { update: () => Promise.reject(new Error('no such item')) } }, ['capture-page']);
    expect(setIcon).toHaveBeenLastCalledWith({ path: NORMAL_ICON });
    expect(setTitle).toHaveBeenLastCalledWith({ title: 'Holdfast — keep evidence' });
  });

  it('shows a badge without text and keeps the title neutral after a capture, even a failed one', async () => {
    await updateSafetySettings({ discreetMode: true });
    await showPending();
    expect(await fakeBrowser.action.getBadgeText({})).toBe(DISCREET_BADGE_TEXT);
    await showSettled(failed());
    expect(await fakeBrowser.action.getBadgeText({})).toBe(DISCREET_BADGE_TEXT);
    expect(await fakeBrowser.action.getTitle({})).toBe('Page tools');
  });

  it('says what happened on the toolbar when discreet mode is off', async () => {
    await showSettled(failed(), false);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toContain('The tab was closed');
  });
});
