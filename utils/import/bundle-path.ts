/**
 * Names of files inside a bundle. Every name comes from the bundle, so it is checked before it is
 * used anywhere: a name may only ever mean a file inside the bundle's own folder, on any system
 * the bundle might be unzipped on (Windows, macOS, Linux), and must read the same everywhere.
 */

/** Longest name accepted; Holdfast's own names are under 80 characters. */
export const MAX_PATH_CHARS = 1024;

/** Characters Windows refuses in file names, plus `:` (drive letters, alternate data streams). */
const WINDOWS_RESERVED = /[<>:"|?*]/;
/** Control characters, and invisible or direction-changing ones that make a name read differently. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
/** `CON`, `nul.txt`, `com1`: names Windows treats as devices whatever the folder. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Why a name could point outside the bundle or read ambiguously, in plain words; `null` when it is
 * a safe relative name such as `captures/0001_…/screenshot.png`.
 */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0) return 'it is empty';
  if (path.length > MAX_PATH_CHARS) return 'it is too long';
  if (path.includes('\0')) return 'it contains a NUL character';
  if (path.includes('\\')) return 'it contains a backslash, which Windows reads as a folder separator';
  if (/^[a-z]:/i.test(path)) return 'it starts with a drive letter';
  if (path.startsWith('/')) return 'it is an absolute path';
  if (INVISIBLE.test(path)) return 'it contains control or invisible characters';
  if (WINDOWS_RESERVED.test(path)) return 'it contains a character that is not allowed in file names';
  if (path.normalize('NFC') !== path) return 'it is not in normalised Unicode form';
  for (const segment of path.split('/')) {
    if (segment === '..') return 'it climbs out of its folder with ../';
    if (segment === '.' || segment === '') return 'it has an empty or "." folder name';
    if (/[. ]$/.test(segment)) return 'a part of it ends with a dot or a space, which Windows drops';
    if (WINDOWS_DEVICE.test(segment)) return 'a part of it is a reserved device name on Windows';
  }
  return null;
}

/** True when `path` is a safe relative name inside a bundle. */
export function isSafeBundlePath(path: string): boolean {
  return unsafePathReason(path) === null;
}

/**
 * The key two names collide under: Windows and macOS treat `A.png` and `a.png` as one file, so a
 * bundle may not contain both.
 */
export function pathCollisionKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/** `captures/0001_x` for `captures/0001_x/screenshot.png`; '' for a top-level name. */
export function parentFolder(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
