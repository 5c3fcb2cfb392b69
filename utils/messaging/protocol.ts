/**
 * The one map of messages between the extension's pages and its background worker. Only the
 * extension's own pages may send them (see `isOwnPage`); every payload is checked against its
 * schema before it is used.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import * as v from 'valibot';

export type CaptureRequestResult =
  | { ok: true; captureId: string }
  | { ok: false; reason: string };

interface ProtocolMap {
  /** Capture the page the person is looking at (from the popup's button). */
  captureActiveTab(data: null): CaptureRequestResult;
  /** Wake the worker to finish captures left pending (the popup sends it when it sees any). */
  resumeCaptures(data: null): { ok: boolean };
}

export const messaging = defineExtensionMessaging<ProtocolMap>();

export const PAYLOAD_SCHEMAS = {
  captureActiveTab: v.null(),
  resumeCaptures: v.null(),
} satisfies Record<keyof ProtocolMap, v.GenericSchema>;

/** True when a message came from one of this extension's own pages (popup, dashboard). */
export function isOwnPage(sender: { id?: string; url?: string; tab?: unknown }, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}
