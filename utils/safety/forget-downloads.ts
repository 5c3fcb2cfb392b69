/**
 * "Do not keep exports in the download list": once an export finishes downloading, its entry is
 * erased from the browser's download history (`downloads.erase`; the file itself stays where it
 * was saved). Needs the optional `downloads` permission, asked for when the person turns it on.
 */

/** The fields of a download item used here. */
export interface DownloadItemLike {
  id: number;
  url?: string;
  finalUrl?: string;
  byExtensionId?: string;
  state?: string;
}

/** The part of `browser.downloads` used here. */
export interface DownloadsLike {
  search(query: { id: number }): Promise<DownloadItemLike[]>;
  erase(query: { id: number }): Promise<number[]>;
}

/**
 * True for a download this extension made: started with `downloads.download` by this extension,
 * or saved from a Blob made in one of its pages (`blob:chrome-extension://<id>/…`).
 */
export function isOwnDownload(item: DownloadItemLike, extensionId: string, extensionOrigin: string): boolean {
  if (item.byExtensionId === extensionId) return true;
  const origin = extensionOrigin.replace(/\/$/, '');
  return [item.url, item.finalUrl].some((url) => typeof url === 'string' && url.startsWith(`blob:${origin}/`));
}

export interface ForgetOptions {
  extensionId: string;
  extensionOrigin: string;
  /** Whether the person asked for it (read when the download finishes). */
  enabled: () => Promise<boolean>;
}

/**
 * Handles one `downloads.onChanged` change: when one of our downloads has just completed and the
 * setting is on, erases its entry. Returns true when it erased one.
 */
export async function forgetFinishedExport(
  downloads: DownloadsLike,
  delta: { id: number; state?: { current?: string } },
  options: ForgetOptions,
): Promise<boolean> {
  if (delta.state?.current !== 'complete') return false;
  if (!(await options.enabled())) return false;
  const [item] = await downloads.search({ id: delta.id });
  if (!item || !isOwnDownload(item, options.extensionId, options.extensionOrigin)) return false;
  await downloads.erase({ id: delta.id });
  return true;
}
