/**
 * Test helpers that make zips lie: they change the fields of an entry made by zipSync (sizes,
 * compression method, flags) in both its own header and the central directory, and build a raw
 * DEFLATE stream of many zeros cheaply (fflate takes ~10 s to compress 200 MB of zeros).
 */

export interface EntryLocation {
  central: number;
  local: number;
  dataStart: number;
  compressedSize: number;
}

function view(zip: Uint8Array): DataView {
  return new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
}

/** Where the entry `name` of a zip without a comment is described and stored. */
export function findEntry(zip: Uint8Array, name: string): EntryLocation {
  const data = view(zip);
  const end = zip.length - 22;
  if (data.getUint32(end, true) !== 0x06054b50) throw new Error('no end record');
  const count = data.getUint16(end + 10, true);
  let at = data.getUint32(end + 16, true);
  for (let i = 0; i < count; i += 1) {
    const nameLength = data.getUint16(at + 28, true);
    const next = at + 46 + nameLength + data.getUint16(at + 30, true) + data.getUint16(at + 32, true);
    if (new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)) === name) {
      const local = data.getUint32(at + 42, true);
      const dataStart = local + 30 + data.getUint16(local + 26, true) + data.getUint16(local + 28, true);
      return { central: at, local, dataStart, compressedSize: data.getUint32(at + 20, true) };
    }
    at = next;
  }
  throw new Error(`no entry ${name}`);
}

export interface EntryPatch {
  method?: number;
  flags?: number;
  size?: number;
  compressedSize?: number;
  /** Replaces the stored bytes; must be the same length as what is there. */
  data?: Uint8Array;
  madeBy?: number;
  externalAttributes?: number;
}

/** Changes entry `name` in place, in its own header and in the central directory. */
export function patchEntry(zip: Uint8Array, name: string, patch: EntryPatch): void {
  const at = findEntry(zip, name);
  const data = view(zip);
  if (patch.method !== undefined) {
    data.setUint16(at.central + 10, patch.method, true);
    data.setUint16(at.local + 8, patch.method, true);
  }
  if (patch.flags !== undefined) {
    data.setUint16(at.central + 8, patch.flags, true);
    data.setUint16(at.local + 6, patch.flags, true);
  }
  if (patch.size !== undefined) {
    data.setUint32(at.central + 24, patch.size, true);
    data.setUint32(at.local + 22, patch.size, true);
  }
  if (patch.compressedSize !== undefined) {
    data.setUint32(at.central + 20, patch.compressedSize, true);
    data.setUint32(at.local + 18, patch.compressedSize, true);
  }
  if (patch.madeBy !== undefined) data.setUint16(at.central + 4, patch.madeBy, true);
  if (patch.externalAttributes !== undefined) data.setUint32(at.central + 38, patch.externalAttributes, true);
  if (patch.data) {
    if (patch.data.length !== at.compressedSize) throw new Error('replacement data must keep the stored length');
    zip.set(patch.data, at.dataStart);
  }
}

/**
 * A raw DEFLATE stream (fixed Huffman codes) that unpacks to `1 + 258 * matches` zero bytes: one
 * literal 0, then `matches` copies of 258 bytes at distance 1. 13 bits per 258 bytes.
 */
export function deflatedZeros(matches: number): { data: Uint8Array; size: number } {
  const out = new Uint8Array(Math.ceil((3 + 8 + matches * 13 + 7) / 8) + 1);
  let bit = 0;
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i += 1) {
      if ((value >> i) & 1) out[bit >> 3]! |= 1 << (bit & 7);
      bit += 1;
    }
  };
  /** Huffman codes are packed most significant bit first. */
  const code = (value: number, count: number) => {
    for (let i = count - 1; i >= 0; i -= 1) put((value >> i) & 1, 1);
  };
  put(1, 1); // last block
  put(1, 2); // fixed Huffman codes
  code(0x30, 8); // literal 0
  for (let i = 0; i < matches; i += 1) {
    code(0xc5, 8); // length 258 (code 285)
    code(0, 5); // distance 1 (code 0)
  }
  code(0, 7); // end of block (code 256)
  return { data: out.subarray(0, Math.ceil(bit / 8)), size: 1 + 258 * matches };
}
