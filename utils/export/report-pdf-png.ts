/**
 * Puts a PNG screenshot into the PDF without decoding it. A PNG's compressed image data (its IDAT
 * chunks) is a zlib stream of filtered rows, which PDF reads natively with `FlateDecode` and the
 * PNG predictors (`/Predictor 15`, PDF 1.7 §7.4.4.4). Chromium's `captureVisibleTab` screenshots
 * are 8-bit RGB, non-interlaced: those are copied as they are, in a few milliseconds and with no
 * more memory than the file itself. pdf-lib's own PNG path decodes every pixel and compresses
 * them again (about 0.45 s and 35 MB per 1280×800 screenshot here); it remains the fallback for
 * the PNGs this one does not take (alpha channel, palette, interlaced, 16-bit).
 */
import type { PDFContext, PDFRef } from 'pdf-lib';

export interface PngImageData {
  width: number;
  height: number;
  /** 1 for grey, 3 for RGB. */
  colors: 1 | 3;
  /** The concatenated IDAT chunks: one zlib stream. */
  data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The image data of an 8-bit grey or RGB, non-interlaced PNG, ready for a PDF; null for any other
 * PNG or for bytes that are not a well-formed PNG.
 */
export function pngForPdf(bytes: Uint8Array): PngImageData | null {
  if (bytes.byteLength < 8 + 25 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let header: { width: number; height: number; colors: 1 | 3 } | null = null;
  const parts: Uint8Array[] = [];
  let total = 0;
  while (at + 12 <= bytes.byteLength) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    const start = at + 8;
    const end = start + length;
    if (end + 4 > bytes.byteLength) return null;
    if (type === 'IHDR') {
      if (length !== 13 || header) return null;
      const width = view.getUint32(start);
      const height = view.getUint32(start + 4);
      const bitDepth = bytes[start + 8];
      const colorType = bytes[start + 9];
      const interlace = bytes[start + 12];
      if (!width || !height || bitDepth !== 8 || (colorType !== 0 && colorType !== 2) || interlace !== 0) return null;
      header = { width, height, colors: colorType === 2 ? 3 : 1 };
    } else if (type === 'IDAT') {
      if (!header) return null;
      parts.push(bytes.subarray(start, end));
      total += length;
    } else if (type === 'IEND') {
      break;
    } else if (type === 'PLTE' || type === 'tRNS') {
      // Transparency or a palette on a grey/RGB image: leave it to the decoding path.
      return null;
    }
    at = end + 4;
  }
  if (!header || !total) return null;
  const data = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.byteLength;
  }
  return { ...header, data };
}

/** Registers the PNG's data as a PDF image XObject and returns its reference. */
export function embedPngData(context: PDFContext, png: PngImageData): PDFRef {
  return context.register(
    context.stream(png.data, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: png.width,
      Height: png.height,
      ColorSpace: png.colors === 3 ? 'DeviceRGB' : 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: png.colors, BitsPerComponent: 8, Columns: png.width },
    }),
  );
}
