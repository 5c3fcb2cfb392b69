/**
 * The trusted-timestamp setting (issue 6): off by default. When on, the worker sends the SHA-256
 * fingerprint of each new `capture-added` custody event — nothing else — to the timestamp
 * authority the person chose, and keeps the signed token it answers with.
 *
 * Kept in `storage.local` (nothing secret: an on/off and an address). Turning it on or off, and
 * changing the authority, is a custody `settings-changed` event.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import type { HoldfastDb } from '../db/database';
import { recordSettingChanged } from './custody-log';

/**
 * True for an authority address the extension may contact: https with a host and no credentials;
 * or plain http to this computer (127.0.0.1, localhost) only, which never leaves the device (the
 * automated tests run a local `openssl ts` authority there); or one of the listed public
 * authorities that only answer plain http (a token is signed, so http cannot forge one).
 */
export function isAcceptableAuthorityUrl(value: unknown, publicHttpUrls: readonly string[] = []): value is string {
  if (typeof value !== 'string' || value.length > 2_000) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || !url.hostname || url.hash) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || publicHttpUrls.includes(value);
}

/** The host permission pattern for an authority address: its scheme and host, any path (any port). */
export function authorityOriginPattern(authorityUrl: string): string {
  const url = new URL(authorityUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

export const TimestampSettingsSchema = v.object({
  enabled: v.boolean(),
  /** The authority's address; empty until one is chosen. */
  authorityUrl: v.string(),
  /** When it was last turned on (UTC ISO); only captures added after this are timestamped. */
  enabledAt: v.nullable(v.string()),
});

export type TimestampSettings = v.InferOutput<typeof TimestampSettingsSchema>;

export const DEFAULT_TIMESTAMP_SETTINGS: TimestampSettings = Object.freeze({ enabled: false, authorityUrl: '', enabledAt: null });

const item = storage.defineItem<Record<string, unknown>>('local:trustedTimestamps', { fallback: {}, version: 1 });

/** The setting as it is now (a damaged value reads as off). */
export async function getTimestampSettings(): Promise<TimestampSettings> {
  const stored = await item.getValue();
  return v.is(TimestampSettingsSchema, stored) ? stored : { ...DEFAULT_TIMESTAMP_SETTINGS };
}

/** Calls `onChange` whenever the setting changes (any page or the worker). */
export function watchTimestampSettings(onChange: (settings: TimestampSettings) => void): () => void {
  return item.watch((value) => onChange(v.is(TimestampSettingsSchema, value) ? value : { ...DEFAULT_TIMESTAMP_SETTINGS }));
}

/**
 * Turns timestamps on with `authorityUrl` or off, and records the change in the chain of custody
 * (`trustedTimestamps` on/off, `timestampAuthority` the address: not a secret).
 */
export async function saveTimestampSettings(db: HoldfastDb, enabled: boolean, authorityUrl: string, now: () => number = Date.now): Promise<TimestampSettings> {
  const before = await getTimestampSettings();
  const next: TimestampSettings = {
    enabled,
    authorityUrl,
    enabledAt: enabled ? (before.enabled ? before.enabledAt : new Date(now()).toISOString()) : null,
  };
  await item.setValue(next);
  if (before.enabled !== next.enabled) await recordSettingChanged(db, 'trustedTimestamps', before.enabled ? 'on' : 'off', next.enabled ? 'on' : 'off', now).catch(() => undefined);
  if (next.enabled && before.authorityUrl !== next.authorityUrl) await recordSettingChanged(db, 'timestampAuthority', before.authorityUrl || null, next.authorityUrl, now).catch(() => undefined);
  return next;
}
