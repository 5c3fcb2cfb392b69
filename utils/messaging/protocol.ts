/**
 * The one map of messages between the extension's pages and its background worker. Only the
 * extension's own pages may send them (see `isOwnPage`); every payload is checked against its
 * schema before it is used.
 */
import { defineExtensionMessaging, type GetReturnType } from '@webext-core/messaging';
import * as v from 'valibot';
import type { Browser } from 'wxt/browser';

type MessageSender = Browser.runtime.MessageSender;

export type CaptureRequestResult =
  | { ok: true; captureId: string }
  | { ok: false; reason: string };

interface ProtocolMap {
  /** Capture the page the person is looking at (from the popup's button). */
  captureActiveTab(data: null): CaptureRequestResult;
  /** Wake the worker to finish captures left pending (the popup sends it when it sees any). */
  resumeCaptures(data: null): { ok: boolean };
  /** Quick exit: lock the log, show the person's neutral page, close every Holdfast page. */
  quickExit(data: null): { ok: boolean };
  /** Capture the whole page the person is looking at, scrolled and stitched (popup button). */
  captureFullPage(data: null): CaptureRequestResult;
  /** Start the pick mode in the page the person is looking at (popup button). */
  startPick(data: null): { ok: true } | { ok: false; reason: string };
  /** From the pick mode injected in the page: the person clicked a post. */
  postPicked(data: { token: string }): CaptureRequestResult;
  /** From the pick mode injected in the page: the person pressed Esc. */
  pickCancelled(data: { token: string }): { ok: boolean };
}

export const messaging = defineExtensionMessaging<ProtocolMap>();

const PickToken = v.object({ token: v.pipe(v.string(), v.uuid()) });

export const PAYLOAD_SCHEMAS = {
  captureActiveTab: v.null(),
  resumeCaptures: v.null(),
  quickExit: v.null(),
  captureFullPage: v.null(),
  startPick: v.null(),
  postPicked: PickToken,
  pickCancelled: PickToken,
} satisfies Record<keyof ProtocolMap, v.GenericSchema>;

/** True when a message came from one of this extension's own pages (popup, dashboard). */
export function isOwnPage(sender: { id?: string; url?: string; tab?: unknown }, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

/**
 * True when a message came from a script this extension injected into a tab's main frame (the pick
 * mode). Pages cannot send messages to the extension (it declares no `externally_connectable`),
 * so together with the pick token this rules out a page faking a pick.
 */
export function isOwnInjectedScript(sender: { id?: string; tab?: { id?: number }; frameId?: number }, extensionId: string): boolean {
  return sender.id === extensionId && typeof sender.tab?.id === 'number' && sender.frameId === 0;
}

/** The extension a handler answers for: `browser.runtime.id` and `browser.runtime.getURL('/')`. */
export interface OwnExtension {
  id: string;
  origin: string;
  /**
   * Who may send it: the extension's own pages (the default), or a script the extension injected
   * into a tab's main frame (the pick mode).
   */
  from?: 'page' | 'injected-script';
}

/**
 * Registers a handler that runs only for a message from one of this extension's own pages (or,
 * with `from: 'injected-script'`, its own injected script in a tab's main frame) whose
 * payload matches its schema in `PAYLOAD_SCHEMAS`; anything else gets `refused` and runs nothing.
 * Every handler in the background goes through this (a unit test checks it).
 */
export function onOwnMessage<K extends keyof ProtocolMap>(
  type: K,
  extension: OwnExtension,
  refused: GetReturnType<ProtocolMap[K]>,
  handler: (data: v.InferOutput<(typeof PAYLOAD_SCHEMAS)[K]>, sender: MessageSender) => Promise<GetReturnType<ProtocolMap[K]>> | GetReturnType<ProtocolMap[K]>,
): () => void {
  return messaging.onMessage(type, async ({ data, sender }) => {
    const own = extension.from === 'injected-script' ? isOwnInjectedScript(sender, extension.id) : isOwnPage(sender, extension.id, extension.origin);
    if (!own) return refused;
    const parsed = v.safeParse(PAYLOAD_SCHEMAS[type], data);
    if (!parsed.success) return refused;
    return handler(parsed.output as v.InferOutput<(typeof PAYLOAD_SCHEMAS)[K]>, sender);
  });
}
