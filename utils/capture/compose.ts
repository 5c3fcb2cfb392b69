/**
 * Draws slices of real screenshots into a new PNG with OffscreenCanvas, in the background worker
 * (MV3 workers have no DOM). Pixels are copied one to one: the slices are never scaled.
 */
import type { Rect, Size } from './geometry';
import type { ImageComposer } from './stitch';

/** An `ImageComposer` backed by an OffscreenCanvas of `size` device pixels. */
export function composeWithOffscreenCanvas(size: Size): ImageComposer {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas to draw the picture in');
  context.imageSmoothingEnabled = false;
  return {
    async draw(png: Uint8Array, source: Rect, at: { x: number; y: number }) {
      const bitmap = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
      try {
        context.drawImage(bitmap, source.x, source.y, source.width, source.height, at.x, at.y, source.width, source.height);
      } finally {
        bitmap.close();
      }
    },
    async finish() {
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      return new Uint8Array(await blob.arrayBuffer());
    },
  };
}
