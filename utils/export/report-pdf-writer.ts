/**
 * Writes a PDF a piece at a time, so that a report of a thousand screenshots never sits whole in
 * memory. pdf-lib builds the objects (pages, content streams, fonts, images); this writer
 * serialises every finished object as soon as it is flushed and drops it, keeping only the byte
 * offset of each object for the cross-reference table and the few objects that can only be
 * completed at the end (catalog, page tree, document information).
 */
import { PDFContext, PDFCrossRefSection, PDFHeader, PDFRef, PDFStream, PDFTrailer, PDFTrailerDict, type PDFObject } from 'pdf-lib';

const encoder = new TextEncoder();

export class StreamedPdfWriter {
  readonly context = PDFContext.create();
  private offset = 0;
  private readonly offsets = new Map<number, number>();
  private readonly held = new Set<PDFRef>();
  private started = false;

  /** A reference whose object is written only by `end()` (it may change until then). */
  reserve(): PDFRef {
    const ref = this.context.nextRef();
    this.held.add(ref);
    return ref;
  }

  /** The header; must be the first bytes written. */
  start(): Uint8Array {
    if (this.started) throw new Error('The PDF was already started');
    this.started = true;
    const header = PDFHeader.forVersion(1, 7);
    const bytes = new Uint8Array(header.sizeInBytes() + 2);
    const n = header.copyBytesInto(bytes, 0);
    bytes[n] = 0x0a;
    bytes[n + 1] = 0x0a;
    this.offset += bytes.byteLength;
    return bytes;
  }

  /** Serialises every finished object registered so far and forgets it. */
  flush(): Uint8Array {
    return concat(this.flushParts());
  }

  /**
   * The same as `flush`, in pieces: a stream's contents (a screenshot's image data) are handed
   * out as they are, not copied into a larger array.
   */
  flushParts(): Uint8Array[] {
    const ready = this.context.enumerateIndirectObjects().filter(([ref]) => !this.held.has(ref));
    const parts = this.serialiseParts(ready);
    for (const [ref] of ready) this.context.delete(ref);
    return parts;
  }

  /** Writes the held objects, the cross-reference table and the trailer. */
  end(trailer: { root: PDFRef; info?: PDFRef }): Uint8Array {
    const rest = this.context.enumerateIndirectObjects();
    const missing = [...this.held].filter((ref) => !rest.some(([r]) => r === ref));
    if (missing.length) throw new Error(`PDF objects reserved but never assigned: ${missing.join(', ')}`);
    const objects = this.serialise(rest);
    for (const [ref] of rest) this.context.delete(ref);

    const xref = PDFCrossRefSection.create();
    for (const number of [...this.offsets.keys()].sort((a, b) => a - b)) xref.addEntry(PDFRef.of(number), this.offsets.get(number)!);
    const xrefOffset = this.offset;
    const trailerDict = PDFTrailerDict.of(
      this.context.obj({ Size: this.context.largestObjectNumber + 1, Root: trailer.root, ...(trailer.info ? { Info: trailer.info } : {}) }),
    );
    const tail = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset);
    const size = xref.sizeInBytes() + 1 + trailerDict.sizeInBytes() + 2 + tail.sizeInBytes();
    const bytes = new Uint8Array(size);
    let at = xref.copyBytesInto(bytes, 0);
    bytes[at++] = 0x0a;
    at += trailerDict.copyBytesInto(bytes, at);
    bytes[at++] = 0x0a;
    bytes[at++] = 0x0a;
    at += tail.copyBytesInto(bytes, at);
    this.offset += at;
    return concat([objects, bytes.subarray(0, at)]);
  }

  private serialise(objects: [PDFRef, PDFObject][]): Uint8Array {
    return concat(this.serialiseParts(objects));
  }

  private serialiseParts(objects: [PDFRef, PDFObject][]): Uint8Array[] {
    const parts: Uint8Array[] = [];
    for (const [ref, object] of objects) {
      const open = encoder.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
      const body = object instanceof PDFStream ? streamParts(object) : [wholeObject(object)];
      const close = encoder.encode('\nendobj\n\n');
      this.offsets.set(ref.objectNumber, this.offset);
      this.offset += open.byteLength + body.reduce((n, p) => n + p.byteLength, 0) + close.byteLength;
      parts.push(open, ...body, close);
    }
    return parts;
  }
}

function wholeObject(object: PDFObject): Uint8Array {
  const body = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(body, 0);
  return body;
}

const STREAM_OPEN = encoder.encode('\nstream\n');
const STREAM_CLOSE = encoder.encode('\nendstream');

/**
 * A stream object as pdf-lib writes it (dictionary, `stream`, contents, `endstream`), with the
 * contents handed out as they are: pdf-lib copies them byte by byte, slow for a screenshot.
 */
function streamParts(stream: PDFStream): Uint8Array[] {
  (stream as unknown as { updateDict(): void }).updateDict();
  return [wholeObject(stream.dict), STREAM_OPEN, stream.getContents(), STREAM_CLOSE];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
