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

  /** The chunks as bytes (strings as UTF-8), hashed as they pass; the digest is ready at the end. */
  async *through(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
    if (this.digest !== null) throw new Error('This tap was already used');
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      if (!bytes.byteLength) continue;
      this.hash.update(bytes);
      this.size += bytes.byteLength;
      yield bytes;
    }
    this.digest = bytesToHex(this.hash.digest());
  }

  /** Lowercase hex SHA-256 of everything that passed; only once the chunks are exhausted. */
  get sha256(): string {
    if (this.digest === null) throw new Error('The file has not been written to the end yet');
    return this.digest;
  }
}
