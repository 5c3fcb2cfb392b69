/**
 * SHA-256 of a file that is written a piece at a time (`report.html`, `report.pdf`): WebCrypto
 * only hashes whole buffers, so the pieces go through `@noble/hashes`' incremental SHA-256 on
 * their way into the zip and are never gathered.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();

/** Passes chunks through unchanged, counting their bytes and hashing them. */
export class HashingTap {
  private readonly hash = sha256.create();
  private digest: string | null = null;
  /** Bytes passed through so far. */
  size = 0;

  /**
   * The chunks as bytes (strings as UTF-8), hashed as they pass; the digest is ready at the end.
   * Small chunks are gathered into pieces of about `pieceBytes`, fewer for the zip to handle.
   */
  async *through(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, pieceBytes = 128 * 1024): AsyncGenerator<Uint8Array> {
    if (this.digest !== null) throw new Error('This tap was already used');
    let gathered: Uint8Array[] = [];
    let gatheredBytes = 0;
    const flush = () => {
      const piece = gathered.length === 1 ? gathered[0] : concat(gathered, gatheredBytes);
      gathered = [];
      gatheredBytes = 0;
      return piece;
    };
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      if (!bytes.byteLength) continue;
      this.hash.update(bytes);
      this.size += bytes.byteLength;
      if (bytes.byteLength >= pieceBytes) {
        // Large enough on its own (a screenshot in the PDF): never copied.
        if (gatheredBytes) yield flush();
        yield bytes;
        continue;
      }
      gathered.push(bytes);
      gatheredBytes += bytes.byteLength;
      if (gatheredBytes >= pieceBytes) yield flush();
    }
    if (gatheredBytes) yield flush();
    this.digest = bytesToHex(this.hash.digest());
  }

  /** Lowercase hex SHA-256 of everything that passed; only once the chunks are exhausted. */
  get sha256(): string {
    if (this.digest === null) throw new Error('The file has not been written to the end yet');
    return this.digest;
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
