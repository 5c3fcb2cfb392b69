// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CaptureRow } from '@/components/capture-row';
import { PopupView } from '@/components/popup-view';
import { getDb } from '@/utils/db/database';
import type { CaptureRecord } from '@/utils/db/records';
import { messaging } from '@/utils/messaging/protocol';

function postCapture(summary: Partial<CaptureRecord['summary']>): CaptureRecord {
  return {
    id: crypto.randomUUID(),
    kind: 'post',
    trigger: 'shortcut',
    status: 'done',
    pressedAt: '2026-11-30T10:00:00.000Z',
    tab: { tabId: 1, windowId: 1 },
    summary: { url: 'https://x.com/home', title: 'Home / X', site: 'x.com', ...summary },
    artifacts: [],
    attempts: 1,
    warnings: [],
  };
}

afterEach(cleanup);

describe('a post capture in the list', () => {
  it('shows who wrote it and when it was posted, next to when it was captured', () => {
    render(<CaptureRow opened={{ state: 'clear', record: postCapture({ platform: 'x', author: 'Night Owl @nightowl_88', postedAt: '2025-11-28T09:14:05.000Z' }) }} />);
    expect(screen.getByText('By Night Owl @nightowl_88')).toBeTruthy();
    const posted = document.querySelector('.capture__posted')!;
    expect(posted.tagName).toBe('TIME');
    expect(posted.getAttribute('dateTime')).toBe('2025-11-28T09:14:05.000Z');
    expect(posted.textContent).toMatch(/^Posted /);
    expect(document.querySelector('.capture__meta time')?.textContent).toMatch(/^Captured /);
    expect(screen.getByText('Post')).toBeTruthy();
  });

  it('shows a time the page only displayed exactly as it was shown', () => {
    render(<CaptureRow opened={{ state: 'clear', record: postCapture({ author: 'Jordan Pike <jpike.mail@example.net>', postedAt: 'Mon, Mar 2, 11:47 PM' }) }} />);
    expect(screen.getByText('Posted Mon, Mar 2, 11:47 PM').tagName).toBe('SPAN');
  });

  it('shows an author name written as markup as text', () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    render(<CaptureRow opened={{ state: 'clear', record: postCapture({ author: hostile }) }} />);
    expect(document.querySelector('.capture__author')?.textContent).toBe(`By ${hostile}`);
    expect(document.querySelector('.capture img[src="x"]')).toBeNull();
  });

  it('shows nothing about a post for an ordinary page capture', () => {
    render(<CaptureRow opened={{ state: 'clear', record: { ...postCapture({}), kind: 'page' } }} />);
    expect(document.querySelector('.capture__post')).toBeNull();
    expect(document.querySelector('.capture__kind')).toBeNull();
  });
});

describe('the popup\'s post and whole-page buttons', () => {
  beforeEach(async () => {
    await getDb().captures.clear();
    vi.spyOn(fakeBrowser.commands, 'getAll').mockResolvedValue([
      { name: 'capture-page', shortcut: 'Alt+Shift+K', description: '' },
      { name: 'capture-post', shortcut: 'Alt+Shift+J', description: '' },
    ]);
  });

  it('starts the pick mode and tells the person what to do next', async () => {
    const send = vi.spyOn(messaging, 'sendMessage').mockResolvedValue({ ok: true } as never);
    render(<PopupView />);
    fireEvent.click(screen.getByRole('button', { name: 'Choose a post to capture' }));
    await screen.findByText('Click the post, comment, message or email on the page. Esc cancels.');
    expect(send).toHaveBeenCalledWith('startPick', null);
    await screen.findByText('Post under the pointer: Alt+Shift+J');
  });

  it('says why the pick mode could not start', async () => {
    vi.spyOn(messaging, 'sendMessage').mockResolvedValue({ ok: false, reason: 'There is no open page to capture.' } as never);
    render(<PopupView />);
    fireEvent.click(screen.getByRole('button', { name: 'Choose a post to capture' }));
    await screen.findByText('Not captured: There is no open page to capture.');
  });

  it('asks for the whole page', async () => {
    const send = vi.spyOn(messaging, 'sendMessage').mockResolvedValue({ ok: true, captureId: 'c1' } as never);
    render(<PopupView />);
    fireEvent.click(screen.getByRole('button', { name: 'Capture the whole page' }));
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith('captureFullPage', null));
  });
});
