/**
 * Reads a zip the way a careful court clerk would: from its central directory (the zip's table of
 * contents), never by scanning for headers. Holdfast's bundles are written by `client-zip`, which
 * stores files with a trailing "data descriptor"; a scanning reader (fflate's streaming `Unzip`)
 * has to look for the next header signature inside file data, so page text containing the bytes
 * `PK\x03\x04` could smuggle in a file that no other zip tool sees. fflate's other reader
 * (`unzipSync`) needs the whole archive in memory and inflates without counting. So the directory
 * is read here, from slices of the Blob, and fflate's streaming `Inflate` does the DEFLATE work,
 * with every byte it produces counted against what the directory declared.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Inflate } from 'fflate';
import { sha256Hex } from '../integrity/sha256';
import { pathCollisionKey, unsafePathReason } from './bundle-path';
import type { ImportLimits } from './limits';
import { quoteName, refuse } from './refusal';

/** One file (or folder) as the zip's central directory describes it. */
export interface ZipEntry {
  /** The name, without the trailing `/` of a folder. */
  path: string;
  isFolder: boolean;
  /** 0: stored as is; 8: DEFLATE. */
  method: 0 | 8;
  compressedSize: number;
  /** Unpacked size as declared; the bytes that come out must match it exactly. */
  size: number;
  localHeaderOffset: number;
  /** Where the next entry (or the directory) starts; this entry's data must end before it. */
  end: number;
  /** The name exactly as stored, compared with the entry's own header. */
  rawName: Uint8Array;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_BYTES = 22;
const CENTRAL_BYTES = 46;
const LOCAL_BYTES = 30;
const MAX_COMMENT = 0xffff;
/** The table of contents of a 50,000-entry bundle is under 6 MB. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** DEFLATE turns one byte into at most 1032: used to size each step of inflation. */
const DEFLATE_MAX_RATIO = 1032;
const READ_BYTES = 1024 * 1024;
const MIN_STEP = 4 * 1024;
const MAX_STEP = 64 * 1024;

const NOT_A_ZIP = 'This file is not a zip archive. An evidence bundle is the .zip file Holdfast saved when you exported your log.';

async function readBytes(zip: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await zip.slice(start, end).arrayBuffer());
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Finds the end-of-directory record: the last one whose comment runs exactly to the end. */
function findEndRecord(tail: Uint8Array): number {
  const data = view(tail);
  for (let at = tail.length - EOCD_BYTES; at >= 0; at -= 1) {
    if (data.getUint32(at, true) === EOCD_SIGNATURE && at + EOCD_BYTES + data.getUint16(at + 20, true) === tail.length) return at;
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and checks the zip's table of contents before a single file is unpacked: the number of
 * entries, every name, the declared sizes and compression ratios, and that no two entries share
 * bytes (overlapping entries are a zip-bomb technique).
 */
export async function readZipDirectory(zip: Blob, limits: ImportLimits): Promise<ZipEntry[]> {
  if (zip.size < EOCD_BYTES) throw refuse('NOT_A_ZIP', NOT_A_ZIP);
  const tailStart = Math.max(0, zip.size - EOCD_BYTES - MAX_COMMENT);
  const tail = await readBytes(zip, tailStart, zip.size);
  const endAt = findEndRecord(tail);
  if (endAt < 0) throw refuse('NOT_A_ZIP', NOT_A_ZIP);
  const end = view(tail);
  const endOffset = tailStart + endAt;
  const disk = end.getUint16(endAt + 4, true);
  const directoryDisk = end.getUint16(endAt + 6, true);
  const entriesHere = end.getUint16(endAt + 8, true);
  const entryCount = end.getUint16(endAt + 10, true);
  const directorySize = end.getUint32(endAt + 12, true);
  const directoryOffset = end.getUint32(endAt + 16, true);

  if (entryCount > limits.maxEntries) {
    throw refuse('TOO_MANY_FILES', `The zip holds ${entryCount} files, more than Holdfast imports (${limits.maxEntries}).`);
  }
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entryCount) {
    throw refuse('UNSUPPORTED_ZIP', 'This zip is split across several parts. Holdfast bundles are always one file.');
  }
  const usesZip64 = entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff || (endAt >= 20 && end.getUint32(endAt - 20, true) === ZIP64_LOCATOR_SIGNATURE);
  if (usesZip64) {
    throw refuse('TOO_LARGE', `This zip uses the extension for archives over 4 GB, larger than Holdfast imports (${limits.maxTotalBytes} bytes).`);
  }
  if (directoryOffset + directorySize !== endOffset) {
    throw refuse('DAMAGED_ZIP', 'The zip is damaged: its table of contents is not where the zip says it is.');
  }
  if (directorySize > MAX_DIRECTORY_BYTES) throw refuse('TOO_MANY_FILES', 'The zip’s table of contents is larger than that of any evidence bundle.');

  const directory = await readBytes(zip, directoryOffset, endOffset);
  const data = view(directory);
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let totalBytes = 0;
  let at = 0;
  for (let index = 0; index < entryCount; index += 1) {
    if (at + CENTRAL_BYTES > directory.length || data.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw refuse('DAMAGED_ZIP', 'The zip is damaged: its table of contents is cut short.');
    }
    const madeBy = data.getUint16(at + 4, true);
    const flags = data.getUint16(at + 8, true);
    const method = data.getUint16(at + 10, true);
    const compressedSize = data.getUint32(at + 20, true);
    const size = data.getUint32(at + 24, true);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    const startDisk = data.getUint16(at + 34, true);
    const externalAttributes = data.getUint32(at + 38, true);
    const localHeaderOffset = data.getUint32(at + 42, true);
    const next = at + CENTRAL_BYTES + nameLength + extraLength + commentLength;
    if (next > directory.length) throw refuse('DAMAGED_ZIP', 'The zip is damaged: its table of contents is cut short.');
    const rawName = directory.slice(at + CENTRAL_BYTES, at + CENTRAL_BYTES + nameLength);
    at = next;

    let name: string;
    try {
      name = utf8.decode(rawName);
    } catch {
      throw refuse('UNSAFE_PATH', 'A file in the zip has a name that is not readable text.');
    }
    const isFolder = name.endsWith('/');
    const path = isFolder ? name.slice(0, -1) : name;
    const unsafe = unsafePathReason(path);
    if (unsafe) throw refuse('UNSAFE_PATH', `The file name ${quoteName(name)} is not safe: ${unsafe}.`, name);
    const isUnixSymlink = madeBy >> 8 === 3 && ((externalAttributes >>> 16) & 0xf000) === 0xa000;
    if (isUnixSymlink) throw refuse('UNSAFE_PATH', `${quoteName(name)} is a link to somewhere else, not a file.`, path);
    const key = pathCollisionKey(path);
    if (seen.has(key)) throw refuse('DUPLICATE_PATH', `The zip contains ${quoteName(path)} more than once.`, path);
    seen.add(key);

    if (flags & 0x41) throw refuse('UNSUPPORTED_ZIP', `${quoteName(path)} is encrypted. Holdfast bundles are never encrypted inside the zip.`, path);
    if (method !== 0 && method !== 8) throw refuse('UNSUPPORTED_ZIP', `${quoteName(path)} uses a kind of compression (method ${method}) that Holdfast bundles never use.`, path);
    if (startDisk !== 0) throw refuse('UNSUPPORTED_ZIP', 'This zip is split across several parts. Holdfast bundles are always one file.', path);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localHeaderOffset === 0xffffffff) {
      throw refuse('TOO_LARGE', `${quoteName(path)} needs the extension for archives over 4 GB, larger than Holdfast imports.`, path);
    }
    if (isFolder && size !== 0) throw refuse('DAMAGED_ZIP', `The zip is damaged: the folder ${quoteName(path)} has contents of its own.`, path);
    if (size > limits.maxFileBytes) {
      throw refuse('TOO_LARGE', `${quoteName(path)} would unpack to ${size} bytes, more than Holdfast imports for one file (${limits.maxFileBytes}).`, path);
    }
    totalBytes += size;
    if (totalBytes > limits.maxTotalBytes) {
      throw refuse('TOO_LARGE', `The files in the zip would unpack to more than Holdfast imports (${limits.maxTotalBytes} bytes).`, path);
    }
    if (method === 0 && compressedSize !== size) {
      throw refuse('DAMAGED_ZIP', `The zip is damaged: ${quoteName(path)} is stored as is but its two recorded sizes differ.`, path);
    }
    if (method === 8 && size > limits.ratioFloorBytes && size > compressedSize * limits.maxCompressionRatio) {
      throw refuse(
        'SUSPICIOUS_COMPRESSION',
        `${quoteName(path)} claims to unpack ${compressedSize} bytes into ${size}, far more than real evidence compresses (a "zip bomb").`,
        path,
      );
    }
    entries.push({ path, isFolder, method, compressedSize, size, localHeaderOffset, end: directoryOffset, rawName });
  }
  if (at !== directory.length) throw refuse('DAMAGED_ZIP', 'The zip is damaged: its table of contents has more in it than the zip says.');

  // Only now, with every declared size accepted, where the bytes are.
  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (const [i, entry] of byOffset.entries()) {
    const following = byOffset[i + 1];
    const dataEnd = entry.localHeaderOffset + LOCAL_BYTES + entry.rawName.length + entry.compressedSize;
    if (!following && dataEnd > directoryOffset) {
      throw refuse('DAMAGED_ZIP', `The zip is damaged: ${quoteName(entry.path)} runs past the end of the files.`, entry.path);
    }
    if (following && dataEnd > following.localHeaderOffset) {
      throw refuse('DAMAGED_ZIP', `The zip is damaged: ${quoteName(entry.path)} and ${quoteName(following.path)} share bytes (a "zip bomb" technique).`, following.path);
    }
    if (following) entry.end = following.localHeaderOffset;
  }
  return byOffset;
}

/**
 * The unpacked bytes of one file, exactly `entry.size` of them. Inflation stops as soon as more
 * come out than the directory declared, so a file that lies about its size costs a few megabytes
 * of work at most.
 */
export async function readZipEntry(zip: Blob, entry: ZipEntry): Promise<Uint8Array> {
  const { start, damaged } = await entryData(zip, entry);
  if (entry.method === 0) return readBytes(zip, start, start + entry.size);
  return inflateCounted(zip, start, entry, damaged);
}

/**
 * The SHA-256 (lowercase hex) of one file's unpacked bytes. A stored file (Holdfast's own
 * bundles store every file) is hashed a megabyte at a time, never held whole: `report.pdf`
 * carries every screenshot again. A compressed one is unpacked as `readZipEntry` does.
 */
export async function hashZipEntry(zip: Blob, entry: ZipEntry): Promise<string> {
  const { start } = await entryData(zip, entry);
  if (entry.method !== 0) return sha256Hex(await readZipEntry(zip, entry));
  const hash = sha256.create();
  for (let at = 0; at < entry.size; at += READ_BYTES) hash.update(await readBytes(zip, start + at, start + Math.min(entry.size, at + READ_BYTES)));
  return bytesToHex(hash.digest());
}

/** Checks a file's own header against the directory; where its data starts. */
async function entryData(zip: Blob, entry: ZipEntry): Promise<{ start: number; damaged: (what: string) => Error }> {
  const header = await readBytes(zip, entry.localHeaderOffset, Math.min(entry.end, entry.localHeaderOffset + LOCAL_BYTES + entry.rawName.length));
  const fields = view(header);
  const damaged = (what: string) => refuse('DAMAGED_ZIP', `The zip is damaged: ${what} (${quoteName(entry.path)}).`, entry.path);
  if (header.length < LOCAL_BYTES + entry.rawName.length || fields.getUint32(0, true) !== LOCAL_SIGNATURE) throw damaged('a file header is missing');
  const nameLength = fields.getUint16(26, true);
  const extraLength = fields.getUint16(28, true);
  const localName = header.subarray(LOCAL_BYTES);
  if (fields.getUint16(8, true) !== entry.method || nameLength !== entry.rawName.length || localName.some((b, i) => b !== entry.rawName[i])) {
    throw damaged('a file’s own header does not match the table of contents');
  }
  if (fields.getUint16(6, true) & 0x41) throw refuse('UNSUPPORTED_ZIP', `${quoteName(entry.path)} is encrypted.`, entry.path);
  const start = entry.localHeaderOffset + LOCAL_BYTES + nameLength + extraLength;
  if (start + entry.compressedSize > entry.end) throw damaged('a file runs into the next one');
  return { start, damaged };
}

async function inflateCounted(zip: Blob, start: number, entry: ZipEntry, damaged: (what: string) => Error): Promise<Uint8Array> {
  const out = new Uint8Array(entry.size);
  if (entry.compressedSize === 0) {
    if (entry.size === 0) return out;
    throw damaged('a compressed file is empty');
  }
  let produced = 0;
  let overflowed = false;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    if (overflowed || produced + chunk.length > entry.size) {
      overflowed = true;
      return;
    }
    out.set(chunk, produced);
    produced += chunk.length;
    finished = final;
  });
  for (let readAt = 0; readAt < entry.compressedSize; readAt += READ_BYTES) {
    const piece = await readBytes(zip, start + readAt, start + Math.min(entry.compressedSize, readAt + READ_BYTES));
    for (let i = 0; i < piece.length; ) {
      // Small steps when little room is left, so a lying file is caught after a little work.
      const room = entry.size - produced + 1;
      const step = Math.min(MAX_STEP, Math.max(MIN_STEP, Math.ceil(room / DEFLATE_MAX_RATIO)));
      const last = readAt + i + step >= entry.compressedSize;
      try {
        inflater.push(piece.subarray(i, i + step), last);
      } catch {
        throw damaged('a compressed file cannot be unpacked');
      }
      if (overflowed) {
        throw refuse('TOO_LARGE', `${quoteName(entry.path)} unpacks to more bytes than the zip says it holds (a "zip bomb").`, entry.path);
      }
      i += step;
    }
  }
  if (!finished || produced !== entry.size) throw damaged('a compressed file unpacks to fewer bytes than the zip says');
  return out;
}
