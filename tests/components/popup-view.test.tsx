// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupView } from '@/components/popup-view';
import { getDb } from '@/utils/db/database';
import type { CaptureRecord } from '@/utils/db/records';

function capture(overrides: Partial<CaptureRecord>): CaptureRecord {
  return {
    id: crypto.randomUUID(),
    kind: 'page',
    trigger: 'shortcut',
    status: 'done',
    pressedAt: '2026-11-30T10:00:00.000Z',
    tab: { tabId: 1, windowId: 1 },
    summary: { url: 'https://social.example/post/1', title: 'A post', site: 'social.example' },
    artifacts: [{ role: 'screenshot', name: 'screenshot.png', sha256: 'ab'.repeat(32), size: 10, mediaType: 'image/png' }],
    attempts: 1,
    warnings: [],
    ...overrides,
  };
}

beforeEach(async () => {
  await getDb().captures.clear();
  vi.spyOn(fakeBrowser.commands, 'getAll').mockResolvedValue([{ name: 'capture-page', shortcut: 'Alt+Shift+K', description: '' }]);
});
afterEach(cleanup);

describe('the popup', () => {
  it('teaches the shortcut when the log is empty', async () => {
    render(<PopupView />);
    expect(await screen.findByText('Nothing captured yet')).toBeTruthy();
    await screen.findByText(/press Alt\+Shift\+K/);
    expect(screen.getByRole('button', { name: 'Capture this page' })).toBeTruthy();
  });

  it('lists captures newest first with a count, and failed ones with their reason', async () => {
    await getDb().captures.bulkAdd([
      capture({ pressedAt: '2026-11-30T09:00:00.000Z', summary: { url: 'https://a.example/', title: 'Older post', site: 'a.example' } }),
      capture({ pressedAt: '2026-11-30T11:00:00.000Z', status: 'failed', artifacts: [], failure: { code: 'tab-closed', reason: 'The tab was closed before the screenshot could be taken.', at: '2026-11-30T11:00:01.000Z' } }),
    ]);
    render(<PopupView />);
    await screen.findByText('2 captures');
    const rows = document.querySelectorAll('li.capture');
    expect(rows).toHaveLength(2);
    expect(rows[0].getAttribute('data-status')).toBe('failed');
    expect(rows[0].textContent).toContain('The tab was closed before the screenshot could be taken.');
    expect(rows[1].textContent).toContain('Older post');
    expect(rows[1].querySelector('time')?.getAttribute('dateTime')).toBe('2026-11-30T09:00:00.000Z');
    expect(rows[1].textContent).toContain('abababababab');
  });

  it('shows page titles as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await getDb().captures.add(capture({ summary: { url: 'javascript:alert(1)', title: hostile, site: '<b>x</b>' } }));
    render(<PopupView />);
    await waitFor(() => expect(document.querySelector('.capture__title')?.textContent).toBe(hostile));
    expect(document.querySelector('.capture img[src="x"]')).toBeNull();
    expect(document.querySelector('.capture script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows older captures a page at a time', async () => {
    await getDb().captures.bulkAdd(Array.from({ length: 45 }, (_, i) => capture({ pressedAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString() })));
    render(<PopupView />);
    await screen.findByText('45 captures');
    await waitFor(() => expect(document.querySelectorAll('li.capture')).toHaveLength(20));
    screen.getByRole('button', { name: 'Show older captures' }).click();
    await waitFor(() => expect(document.querySelectorAll('li.capture')).toHaveLength(40));
  });
});
