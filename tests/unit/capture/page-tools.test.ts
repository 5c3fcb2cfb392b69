// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPageTools, fetchSameOrigin } from '@/utils/capture/page-tools';

describe('driving the page for stitched shots', () => {
  beforeEach(() => {
    document.body.innerHTML =
      '<header id="bar" style="position: fixed; top: 0">Site</header><nav id="side" style="position: sticky; top: 0; visibility: visible">Menu</nav><article id="post"><p>text</p></article><div id="plain">x</div>';
    document.documentElement.removeAttribute('style');
  });

  it('hides fixed and sticky elements for the shots, then puts every style back exactly', async () => {
    const scrolls: number[][] = [];
    vi.spyOn(window, 'scrollTo').mockImplementation(((x: number, y: number) => void scrolls.push([x, y])) as unknown as typeof window.scrollTo);
    const tools = createPageTools(window, () => null);
    const state = await tools.scrollForShot(800, true, 0);
    expect(state.hiddenFixed).toBe(2);
    expect(document.getElementById('bar')!.style.getPropertyValue('visibility')).toBe('hidden');
    expect(document.getElementById('side')!.style.getPropertyPriority('visibility')).toBe('important');
    expect(document.getElementById('plain')!.hasAttribute('style')).toBe(false);
    expect(document.documentElement.style.getPropertyValue('scroll-behavior')).toBe('auto');

    await tools.restore();
    const bar = document.getElementById('bar')!;
    expect(bar.style.getPropertyValue('visibility')).toBe('');
    expect(bar.style.position).toBe('fixed');
    expect(document.getElementById('side')!.style.getPropertyValue('visibility')).toBe('visible');
    expect(document.documentElement.hasAttribute('style')).toBe(false);
    expect(scrolls.at(-1)).toEqual([window.scrollX, window.scrollY]);
    expect(scrolls[0]).toEqual([window.scrollX, 800]);
  });

  it('does not hide the post itself when it is sticky, nor what holds it', async () => {
    document.body.innerHTML = '<div id="holder" style="position: fixed"><article id="post"><p id="w">text</p></article></div><header id="bar" style="position: fixed">x</header>';
    vi.spyOn(window, 'scrollTo').mockImplementation((() => undefined) as typeof window.scrollTo);
    const tools = createPageTools(window, () => document.getElementById('w'));
    tools.read({ mode: 'post', source: 'picked' });
    await tools.scrollForShot(0, true, 0);
    expect(document.getElementById('bar')!.style.visibility).toBe('hidden');
    expect(document.getElementById('holder')!.style.visibility).toBe('');
    await tools.restore();
  });

  it('serialises the DOM, bounded, and says when it cut it', () => {
    const tools = createPageTools(window, () => null);
    const whole = tools.serializeDom(10_000_000);
    expect(whole.truncated).toBe(false);
    expect(whole.html).toContain('<article id="post">');
    const cut = tools.serializeDom(20);
    expect(cut).toMatchObject({ truncated: true, length: whole.length });
    expect(cut.html).toHaveLength(20);
  });
});

describe('fetching an email\'s raw source from the page', () => {
  it('refuses an address on another site, without fetching it', async () => {
    const fetch = vi.fn();
    const win = { location: { href: 'https://mail.google.com/mail/u/1/', origin: 'https://mail.google.com' }, fetch } as unknown as Window;
    expect(await fetchSameOrigin(win, 'https://evil.example/raw', 1000)).toEqual({ ok: false, reason: 'The raw message is not on the same site as the page, so it was not fetched.' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('keeps a plain answer byte for byte, and refuses one larger than the cap', async () => {
    const body = 'Message-ID: <a@b>\r\n\r\nhello';
    const win = {
      location: { href: 'https://mail.example/inbox', origin: 'https://mail.example' },
      fetch: vi.fn(async () => new Response(body, { headers: { 'content-type': 'message/rfc822' } })),
    } as unknown as Window;
    const ok = await fetchSameOrigin(win, '/raw?id=1', 1000);
    expect(ok).toMatchObject({ ok: true, from: 'response', url: 'https://mail.example/raw?id=1' });
    expect(atob((ok as { base64: string }).base64)).toBe(body);
    expect(await fetchSameOrigin(win, '/raw?id=1', 10)).toEqual({ ok: false, reason: 'The raw message is larger than 10 bytes, so it was not kept.' });
  });

  it('takes the message out of a "show original" page, and refuses a page without one', async () => {
    const page = (pre: string) => new Response(`<html><body><pre>${pre}</pre></body></html>`, { headers: { 'content-type': 'text/html' } });
    const win = {
      location: { href: 'https://mail.example/inbox', origin: 'https://mail.example' },
      fetch: vi.fn(async () => page('From: a@b\nMessage-ID: &lt;x@y&gt;\n\nbody')),
      crypto: globalThis.crypto,
    } as unknown as Window;
    const ok = await fetchSameOrigin(win, '/show', 10_000);
    expect(ok).toMatchObject({ ok: true, from: 'html-pre' });
    expect(atob((ok as { base64: string }).base64)).toBe('From: a@b\r\nMessage-ID: <x@y>\r\n\r\nbody');
    expect((ok as { responseSha256: string }).responseSha256).toMatch(/^[0-9a-f]{64}$/);
    (win.fetch as ReturnType<typeof vi.fn>).mockImplementation(async () => page('just text'));
    expect(await fetchSameOrigin(win, '/show', 10_000)).toEqual({ ok: false, reason: 'The site answered with a page that does not hold the raw message.' });
  });
});
