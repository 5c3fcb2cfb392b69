/**
 * What Holdfast may do in the browser and why, in the person's words (locale keys). The test
 * `tests/e2e/permissions.test.ts` pins the production manifest to exactly these, so a new
 * permission cannot ship without a reason shown to the person.
 */

/** Asked for at install. */
export const REQUIRED_PERMISSION_REASONS = {
  activeTab: 'permissions.activeTab',
  scripting: 'permissions.scripting',
  storage: 'permissions.storage',
  unlimitedStorage: 'permissions.unlimitedStorage',
  contextMenus: 'permissions.contextMenus',
  alarms: 'permissions.alarms',
  // Chromium only: Firefox has no pageCapture, and its build does not ask for it.
  pageCapture: 'permissions.pageCapture',
} as const;

/** Asked for only when the person turns on the feature that needs it. */
export const OPTIONAL_PERMISSION_REASONS = {
  downloads: 'permissions.downloads',
} as const;

/**
 * Sites Holdfast may be allowed to contact, asked for only when the person turns on trusted
 * timestamps, and then for the one authority they chose (e.g. `https://freetsa.org/` + any path):
 * any https host, because they may type their own authority; the two listed public authorities
 * that answer on plain http; and this computer (127.0.0.1, localhost), for tests. One reason for all.
 */
export const OPTIONAL_HOST_PERMISSIONS = [
  'https://*/*',
  'http://timestamp.digicert.com/*',
  'http://timestamp.sectigo.com/*',
  'http://127.0.0.1/*',
  'http://localhost/*',
] as const;
export const OPTIONAL_HOST_PERMISSION_REASON = 'permissions.timestampAuthority';

export type OptionalPermission = keyof typeof OPTIONAL_PERMISSION_REASONS;

/** The part of `browser.permissions` used here. */
export interface PermissionsLike {
  request(permissions: { permissions: OptionalPermission[] }): Promise<boolean>;
  remove(permissions: { permissions: OptionalPermission[] }): Promise<boolean>;
}

/**
 * Asks for an optional permission. Must be called straight from a click (the browser shows its
 * prompt only in answer to the person's action). Resolves true when granted.
 */
export async function requestOptionalPermission(permissions: PermissionsLike, name: OptionalPermission): Promise<boolean> {
  try {
    return await permissions.request({ permissions: [name] });
  } catch {
    return false;
  }
}

/** Gives an optional permission back when the feature that needed it is turned off. */
export async function releaseOptionalPermission(permissions: PermissionsLike, name: OptionalPermission): Promise<void> {
  await permissions.remove({ permissions: [name] }).catch(() => false);
}
