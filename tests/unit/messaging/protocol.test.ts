import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { PAYLOAD_SCHEMAS, isOwnPage, messaging, onOwnMessage } from '@/utils/messaging/protocol';

const OWN = { id: 'ourextensionid', origin: 'chrome-extension://ourextensionid/' };
const POPUP = { id: OWN.id, url: `${OWN.origin}popup.html` };

/** Values a page or another extension might send instead of what a message expects. */
const HOSTILE_PAYLOADS: unknown[] = [
  undefined, 0, '', 'null', {}, [], { captureId: 'x' }, { __proto__: { polluted: true } }, '<script>alert(1)</script>', Number.NaN,
];

describe('message payloads', () => {
  it('every message has a schema, and each schema refuses anything but its payload', () => {
    const names = Object.keys(PAYLOAD_SCHEMAS);
    expect(names.sort()).toEqual(['captureActiveTab', 'captureFullPage', 'pickCancelled', 'postPicked', 'quickExit', 'resumeCaptures', 'startPick']);
    const token = { token: crypto.randomUUID() };
    const valid: Record<string, unknown> = { postPicked: token, pickCancelled: token };
    for (const name of names) {
      const schema = PAYLOAD_SCHEMAS[name as keyof typeof PAYLOAD_SCHEMAS];
      expect(v.is(schema, valid[name] ?? null), name).toBe(true);
      if (name in valid) expect(v.is(schema, null), name).toBe(false);
      for (const hostile of HOSTILE_PAYLOADS) expect(v.is(schema, hostile), `${name} ${String(hostile)}`).toBe(false);
    }
  });

  it('only the extension\'s own pages count as its own', () => {
    expect(isOwnPage(POPUP, OWN.id, OWN.origin)).toBe(true);
    expect(isOwnPage({ id: OWN.id, url: 'https://evil.example/', tab: {} }, OWN.id, OWN.origin)).toBe(false); // its own content script in a page
    expect(isOwnPage({ id: 'otherextension', url: 'chrome-extension://otherextension/x.html' }, OWN.id, OWN.origin)).toBe(false);
    expect(isOwnPage({ id: OWN.id, url: `chrome-extension://ourextensionidX/popup.html` }, OWN.id, OWN.origin)).toBe(false);
    expect(isOwnPage({ id: OWN.id }, OWN.id, OWN.origin)).toBe(false);
  });
});

describe('onOwnMessage', () => {
  function register() {
    let listener!: (message: { data: unknown; sender: object }) => Promise<unknown>;
    const spy = vi.spyOn(messaging, 'onMessage').mockImplementation(((_type: string, l: typeof listener) => {
      listener = l;
      return () => undefined;
    }) as never);
    const handler = vi.fn(async () => ({ ok: true }));
    onOwnMessage('quickExit', OWN, { ok: false }, handler);
    spy.mockRestore();
    return { handler, send: (data: unknown, sender: object) => listener({ data, sender }) };
  }

  it('runs the handler for one of our pages with a valid payload', async () => {
    const { handler, send } = register();
    expect(await send(null, POPUP)).toEqual({ ok: true });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('refuses a page, another extension or a malformed payload, and runs nothing', async () => {
    const { handler, send } = register();
    expect(await send(null, { id: OWN.id, url: 'https://evil.example/', tab: { id: 3 } })).toEqual({ ok: false });
    expect(await send(null, { id: 'other', url: 'chrome-extension://other/' })).toEqual({ ok: false });
    for (const hostile of HOSTILE_PAYLOADS) expect(await send(hostile, POPUP)).toEqual({ ok: false });
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers the pick mode only from its own script in a tab\'s main frame, never from a page of its own or a frame', async () => {
    let listener!: (message: { data: unknown; sender: object }) => Promise<unknown>;
    const spy = vi.spyOn(messaging, 'onMessage').mockImplementation(((_type: string, l: typeof listener) => {
      listener = l;
      return () => undefined;
    }) as never);
    const handler = vi.fn(async () => ({ ok: true }));
    onOwnMessage('pickCancelled', { ...OWN, from: 'injected-script' }, { ok: false }, handler);
    spy.mockRestore();
    const token = { token: crypto.randomUUID() };
    expect(await listener({ data: token, sender: { id: OWN.id, url: 'https://social.example/', tab: { id: 3 }, frameId: 0 } })).toEqual({ ok: true });
    expect(await listener({ data: token, sender: { id: OWN.id, url: 'https://ads.example/', tab: { id: 3 }, frameId: 7 } })).toEqual({ ok: false });
    expect(await listener({ data: token, sender: POPUP })).toEqual({ ok: false });
    expect(await listener({ data: token, sender: { id: 'other', tab: { id: 3 }, frameId: 0 } })).toEqual({ ok: false });
    expect(await listener({ data: { token: 'not-a-uuid' }, sender: { id: OWN.id, tab: { id: 3 }, frameId: 0 } })).toEqual({ ok: false });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('is how the background registers every handler (no unchecked messaging.onMessage)', () => {
    const background = readFileSync(resolve(import.meta.dirname, '../../../entrypoints/background/index.ts'), 'utf8');
    expect(background).not.toMatch(/messaging\.onMessage\(/);
    expect(background).not.toMatch(/runtime\.onMessage(External)?\.addListener|onConnect(External)?\.addListener/);
    for (const name of Object.keys(PAYLOAD_SCHEMAS)) expect(background, name).toContain(`onOwnMessage('${name}'`);
  });
});
