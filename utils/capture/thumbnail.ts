/** A small WebP preview of a screenshot for lists (not evidence; never exported). */
export async function makeThumbnail(png: Blob, width = 320): Promise<Blob> {
  const bitmap = await createImageBitmap(png);
  try {
    const scale = Math.min(1, width / bitmap.width);
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(w, h);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas for the preview');
    context.drawImage(bitmap, 0, 0, w, h);
    return await canvas.convertToBlob({ type: 'image/webp', quality: 0.7 });
  } finally {
    bitmap.close();
  }
}
