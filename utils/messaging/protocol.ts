/**
 * The one map of messages between the extension's pages and its background worker. Only the
 * extension's own pages may send them (see `isOwnPage`); every payload is checked against its
 * schema before it is used.
 */
import { defineExtensionMessaging, type GetReturnType } from '@webext-core/messaging';
import * as v from 'valibot';

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
}

export const messaging = defineExtensionMessaging<ProtocolMap>();

export const PAYLOAD_SCHEMAS = {
  captureActiveTab: v.null(),
  resumeCaptures: v.null(),
  quickExit: v.null(),
} satisfies Record<keyof ProtocolMap, v.GenericSchema>;

/** True when a message came from one of this extension's own pages (popup, dashboard). */
export function isOwnPage(sender: { id?: string; url?: string; tab?: unknown }, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

/** The extension a handler answers for: `browser.runtime.id` and `browser.runtime.getURL('/')`. */
export interface OwnExtension {
  id: string;
  origin: string;
}

/**
 * Registers a handler that runs only for a message from one of this extension's own pages whose
 * payload matches its schema in `PAYLOAD_SCHEMAS`; anything else gets `refused` and runs nothing.
 * Every handler in the background goes through this (a unit test checks it).
 */
export function onOwnMessage<K extends keyof ProtocolMap>(
  type: K,
  extension: OwnExtension,
  refused: GetReturnType<ProtocolMap[K]>,
  handler: (data: v.InferOutput<(typeof PAYLOAD_SCHEMAS)[K]>) => Promise<GetReturnType<ProtocolMap[K]>> | GetReturnType<ProtocolMap[K]>,
): () => void {
  return messaging.onMessage(type, async ({ data, sender }) => {
    if (!isOwnPage(sender, extension.id, extension.origin)) return refused;
    const parsed = v.safeParse(PAYLOAD_SCHEMAS[type], data);
    if (!parsed.success) return refused;
    return handler(parsed.output as v.InferOutput<(typeof PAYLOAD_SCHEMAS)[K]>);
  });
}
