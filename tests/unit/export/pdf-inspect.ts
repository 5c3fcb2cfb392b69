/**
 * Reads back what the report PDF says, for tests: pages, the text drawn on each page (decoded
 * from the content streams, as a PDF reader's text selection would), images, and a structural
 * check of the cross-reference table.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';

export interface PdfPageText {
  text: string;
  images: number;
}

/** Every offset in the xref table must point at its `N 0 obj`, and startxref at `xref`. */
export function checkCrossReferences(pdf: Uint8Array): { objects: number } {
  const text = new TextDecoder('latin1').decode(pdf);
  if (!text.startsWith('%PDF-1.7\n')) throw new Error('no PDF header');
  if (!text.trimEnd().endsWith('%%EOF')) throw new Error('no %%EOF');
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  if (!text.startsWith('xref', startxref)) throw new Error(`startxref ${startxref} does not point at xref`);
  const table = text.slice(startxref).split('trailer')[0].split('\n');
  let objects = 0;
  let number = 0;
  for (const line of table.slice(1)) {
    const head = /^(\d+) (\d+)$/.exec(line);
    if (head) {
      number = Number(head[1]);
      continue;
    }
    const entry = /^(\d{10}) (\d{5}) ([nf]) $/.exec(line);
    if (!entry) continue;
    if (entry[3] === 'n') {
      const offset = Number(entry[1]);
      if (!text.startsWith(`${number} 0 obj`, offset)) throw new Error(`object ${number} is not at ${offset}`);
      objects += 1;
    }
    number += 1;
  }
  return { objects };
}

/** The text of each page, in drawing order, one line per text-showing operator. */
export async function readPdf(pdf: Uint8Array): Promise<{ pageCount: number; pages: PdfPageText[] }> {
  const doc = await PDFDocument.load(pdf);
  const decoder = new TextDecoder('windows-1252');
  const pages = doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams: PDFStream[] = [];
    const collect = (value: unknown) => {
      if (value instanceof PDFRef) collect(doc.context.lookup(value));
      else if (value instanceof PDFArray) value.asArray().forEach(collect);
      else if (value instanceof PDFStream) streams.push(value);
    };
    collect(contents);
    let ops = '';
    for (const stream of streams) {
      const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
      ops += new TextDecoder('latin1').decode(bytes);
    }
    const lines: string[] = [];
    for (const match of ops.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) {
      const hex = match[1];
      const bytes = new Uint8Array(hex.length / 2);
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
      lines.push(decoder.decode(bytes));
    }
    const images = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict)?.keys().length ?? 0;
    return { text: lines.join('\n'), images };
  });
  return { pageCount: doc.getPageCount(), pages };
}
