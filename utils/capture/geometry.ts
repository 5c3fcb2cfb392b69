/**
 * Where a post or a whole page lies in real screenshots: which pixels of a `captureVisibleTab`
 * image show it (crop), and, when it is taller than the window, which scroll positions to shoot
 * and which slice of each shot goes where in the stitched image. Pure arithmetic, so that every
 * transformation recorded in `metadata.json` can be checked without a browser.
 */

/** A rectangle: CSS pixels for page geometry, device pixels for image geometry. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * Device pixels per CSS pixel in a screenshot: the image's width over the viewport's width. This
 * is the device pixel ratio (and the browser zoom) as the image itself shows it, which is what a
 * crop must use; `window.devicePixelRatio` is recorded beside it.
 */
export function shotScale(image: Size, viewport: Size): number {
  if (viewport.width <= 0 || image.width <= 0) return 1;
  return image.width / viewport.width;
}

/** The intersection of two rectangles, or null when they do not overlap. */
export function intersect(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  if (right <= x || bottom <= y) return null;
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * The pixels of a screenshot that show `element` (its rectangle relative to the viewport, CSS
 * pixels): the element cut to the viewport, scaled, and snapped outward to whole pixels inside the
 * image. Null when no part of the element is on screen.
 */
export function cropInShot(element: Rect, viewport: Size, image: Size): { source: Rect; visible: Rect; scale: number } | null {
  const visible = intersect(element, { x: 0, y: 0, width: viewport.width, height: viewport.height });
  if (!visible) return null;
  const scale = shotScale(image, viewport);
  const left = clamp(Math.floor(visible.x * scale), 0, image.width);
  const top = clamp(Math.floor(visible.y * scale), 0, image.height);
  const right = clamp(Math.ceil((visible.x + visible.width) * scale), 0, image.width);
  const bottom = clamp(Math.ceil((visible.y + visible.height) * scale), 0, image.height);
  if (right <= left || bottom <= top) return null;
  return { source: { x: left, y: top, width: right - left, height: bottom - top }, visible, scale };
}

/** True when the whole element is inside the viewport (a single crop shows all of it). */
export function fitsInViewport(element: Rect, viewport: Size): boolean {
  return element.y >= 0 && element.y + element.height <= viewport.height + 0.5 && element.height > 0;
}

/** A vertical stretch of the document, CSS pixels from its top. */
export interface Span {
  top: number;
  height: number;
}

/**
 * The scroll positions (CSS pixels from the top of the document) at which to take screenshots so
 * that together they show all of `region`: one window height apart, the last one clamped to the
 * furthest the page scrolls. At most `maxShots`.
 */
export function planStitch(region: Span, viewportHeight: number, maxScrollY: number, maxShots = 100): number[] {
  const positions: number[] = [];
  if (viewportHeight <= 0 || region.height <= 0) return positions;
  const bottom = region.top + region.height;
  for (let y = region.top; positions.length < maxShots; y += viewportHeight) {
    const clamped = clamp(Math.round(y), 0, Math.max(0, maxScrollY));
    if (positions[positions.length - 1] !== clamped) positions.push(clamped);
    if (y + viewportHeight >= bottom || clamped < Math.round(y)) break;
  }
  return positions;
}

/** One slice of one screenshot, and where it goes in the stitched image (device pixels). */
export interface Slice {
  /** The pixels taken from the screenshot. */
  source: Rect;
  /** Where they are drawn in the stitched image (same size as `source`). */
  target: { x: number; y: number };
  /** The document rows this slice shows, CSS pixels. */
  rows: Span;
}

/**
 * The part of a screenshot taken at scroll position `scroll` that adds to the stitched image of
 * `region` (document coordinates, CSS pixels), given that rows above `coveredUntil` are already
 * drawn. `scale` is device pixels per CSS pixel; `image` is the screenshot's size. Null when the
 * shot adds nothing new.
 */
export function sliceOfShot(
  region: Rect,
  scroll: { x: number; y: number },
  viewport: Size,
  image: Size,
  coveredUntil: number,
): Slice | null {
  const scale = shotScale(image, viewport);
  const regionBottom = region.y + region.height;
  const top = Math.max(region.y, scroll.y, coveredUntil);
  const bottom = Math.min(regionBottom, scroll.y + viewport.height);
  if (bottom <= top) return null;
  const left = Math.max(region.x, scroll.x);
  const right = Math.min(region.x + region.width, scroll.x + viewport.width);
  if (right <= left) return null;
  const sx = clamp(Math.round((left - scroll.x) * scale), 0, image.width);
  const sy = clamp(Math.round((top - scroll.y) * scale), 0, image.height);
  const ex = clamp(Math.round((right - scroll.x) * scale), 0, image.width);
  const ey = clamp(Math.round((bottom - scroll.y) * scale), 0, image.height);
  if (ex <= sx || ey <= sy) return null;
  return {
    source: { x: sx, y: sy, width: ex - sx, height: ey - sy },
    target: { x: Math.round((left - region.x) * scale), y: Math.round((top - region.y) * scale) },
    rows: { top, height: bottom - top },
  };
}

/**
 * The region to stitch, cut to a pixel budget: at most `maxHeightPx` device pixels tall and
 * `maxAreaPx` device pixels in all (browsers refuse larger canvases). `cut` says by how much.
 */
export function capRegion(region: Rect, scale: number, maxHeightPx: number, maxAreaPx: number): { region: Rect; cut: boolean } {
  const widthPx = Math.max(1, Math.ceil(region.width * scale));
  const byArea = Math.floor(maxAreaPx / widthPx);
  const maxRows = Math.max(1, Math.floor(Math.min(maxHeightPx, byArea) / Math.max(scale, 1e-6)));
  if (region.height <= maxRows) return { region, cut: false };
  return { region: { ...region, height: maxRows }, cut: true };
}

/** The stitched image's size in device pixels for `region` at `scale`. */
export function stitchedSize(region: Rect, scale: number): Size {
  return { width: Math.max(1, Math.round(region.width * scale)), height: Math.max(1, Math.round(region.height * scale)) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The part of a post that one screenshot adds, measured after the page was scrolled for it: `rect`
 * is the post's rectangle in the window, `clip` the part of the window through which it can be
 * seen (the window cut by every box around the post that scrolls or clips), both CSS pixels.
 * Rows of the post above `covered` are already drawn. `left` is the window x the picture starts
 * at. Works whether the window scrolls or a box inside the page does. Null when the shot adds
 * nothing.
 */
export function elementSlice(rect: Rect, clip: Rect, viewport: Size, image: Size, covered: number, left: number): Slice | null {
  const scale = shotScale(image, viewport);
  const top = Math.max(covered, clip.y - rect.y, 0);
  const bottom = Math.min(rect.height, clip.y + clip.height - rect.y);
  if (bottom - top < 0.5) return null;
  const from = Math.max(rect.x, clip.x, 0);
  const to = Math.min(rect.x + rect.width, clip.x + clip.width, viewport.width);
  if (to <= from) return null;
  const sx = clamp(Math.round(from * scale), 0, image.width);
  const sy = clamp(Math.round((rect.y + top) * scale), 0, image.height);
  const ex = clamp(Math.round(to * scale), 0, image.width);
  const ey = clamp(Math.round((rect.y + bottom) * scale), 0, image.height);
  if (ex <= sx || ey <= sy) return null;
  return {
    source: { x: sx, y: sy, width: ex - sx, height: ey - sy },
    target: { x: Math.max(0, Math.round((from - left) * scale)), y: Math.round(top * scale) },
    rows: { top, height: bottom - top },
  };
}
