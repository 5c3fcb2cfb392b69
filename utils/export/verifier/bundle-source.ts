/**
 * Where the verifier reads a bundle from: a folder the person chose or dropped, a .zip, or (in
 * tests) a map of paths to bytes. Files are read one at a time, when they are checked, so a
 * folder of any size is checked in the memory of its largest file.
 *
 * The bundle's root is the folder that holds `manifest.json` (the shallowest one), so it does not
 * matter whether the person picked the bundle folder itself or the folder around it. File names
 * are data: they are only compared and shown as text, never used to reach anything else.
 */
import { unzipSync } from 'fflate';

export interface BundleSource {
  /** Every file of the bundle, by path relative to the bundle's root, `/`-separated. */
  readonly paths: string[];
  /** The bytes of one file of the bundle. */
  read(path: string): Promise<Uint8Array>;
  /** Things about the source itself worth telling the person (e.g. two zip entries with one name). */
  readonly notes: string[];
}

/** A file seen in a folder or a zip, before the bundle's root is known. */
export interface SourceEntry {
  /** Path as the browser or the zip gives it, `/`-separated. */
  path: string;
  read(): Promise<Uint8Array>;
}

/** Biggest single file the verifier will read (a screenshot or page text is far smaller). */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** A bundle held in memory, by path (tests, and the zip route). */
export function sourceFromMap(files: Map<string, Uint8Array>): BundleSource {
  return sourceFromEntries([...files].map(([path, bytes]) => ({ path, read: async () => bytes })));
}

/**
 * A bundle from entries whose paths may carry a leading folder (`holdfast-evidence-…/manifest.json`):
 * the root is where the shallowest `manifest.json` is; entries outside it are left out.
 */
export function sourceFromEntries(entries: SourceEntry[], notes: string[] = []): BundleSource {
  const cleaned = entries.map((e) => ({ ...e, path: e.path.replace(/\\/g, '/').replace(/^\/+/, '') })).filter((e) => e.path !== '' && !e.path.endsWith('/'));
  const manifests = cleaned.filter((e) => e.path === 'manifest.json' || e.path.endsWith('/manifest.json'));
  let root = '';
  if (manifests.length) {
    const shallowest = manifests.reduce((a, b) => (depth(b.path) < depth(a.path) ? b : a));
    root = shallowest.path.slice(0, shallowest.path.length - 'manifest.json'.length);
  } else {
    const first = commonFirstFolder(cleaned.map((e) => e.path));
    if (first) root = `${first}/`;
  }
  const byPath = new Map<string, SourceEntry>();
  const sourceNotes = [...notes];
  for (const entry of cleaned) {
    if (!entry.path.startsWith(root)) continue;
    const path = entry.path.slice(root.length);
    if (byPath.has(path)) sourceNotes.push(`Two files have the same name: ${path}. Only the first was checked.`);
    else byPath.set(path, entry);
  }
  return {
    paths: [...byPath.keys()],
    notes: sourceNotes,
    read: async (path) => {
      const entry = byPath.get(path);
      if (!entry) throw new Error(`No file ${path} in this bundle`);
      return entry.read();
    },
  };
}

/** Minimal view of a `File` from `<input type=file webkitdirectory>`. */
export interface FolderFile {
  webkitRelativePath: string;
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The files of a chosen folder (`<input type=file webkitdirectory>`). */
export function sourceFromFolder(files: ArrayLike<FolderFile>): BundleSource {
  return sourceFromEntries(
    Array.from(files, (file) => ({
      path: file.webkitRelativePath || file.name,
      read: async () => {
        if (file.size > MAX_FILE_BYTES) throw new Error('The file is too large to check here');
        return new Uint8Array(await file.arrayBuffer());
      },
    })),
  );
}

/**
 * The files of a .zip. The zip is held in memory; each file is decompressed only when it is
 * checked, and dropped after.
 */
export function sourceFromZip(zip: Uint8Array): BundleSource {
  const seen = new Map<string, number>();
  const sizes = new Map<string, number>();
  unzipSync(zip, {
    filter: (file) => {
      seen.set(file.name, (seen.get(file.name) ?? 0) + 1);
      sizes.set(file.name, file.originalSize);
      return false;
    },
  });
  const notes = [...seen].filter(([, n]) => n > 1).map(([name]) => `The zip holds ${seen.get(name)} entries named ${name}.`);
  return sourceFromEntries(
    [...seen.keys()].map((name) => ({
      path: name,
      read: async () => {
        if ((sizes.get(name) ?? 0) > MAX_FILE_BYTES) throw new Error('The file is too large to check here');
        const files = unzipSync(zip, { filter: (file) => file.name === name });
        const bytes = files[name];
        if (!bytes) throw new Error('The file could not be read from the zip');
        return bytes;
      },
    })),
    notes,
  );
}

function depth(path: string): number {
  return path.split('/').length;
}

function commonFirstFolder(paths: string[]): string | null {
  if (!paths.length) return null;
  const first = paths[0].split('/')[0];
  return paths.every((p) => p.includes('/') && p.split('/')[0] === first) ? first : null;
}
