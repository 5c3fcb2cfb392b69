/**
 * Images made from real screenshots: a post cut out of the viewport screenshot, or a post or page
 * taller than the window, shot while scrolling and stitched. Every shot goes through the queue's
 * pacer (the browser allows two a second); the page is put back as it was afterwards, whatever
 * happened. The result says exactly how it was made (`ImageTransformation`).
 */
import * as v from 'valibot';
import { capRegion, cropInShot, elementSlice, planStitch, sliceOfShot, stitchedSize, type Rect, type Size } from './geometry';
import type { ImageTransformation, SourceShot } from './metadata';
import { PostShotStateSchema, ScrollStateSchema } from './post-read';
import { pngSize } from './screenshot';

/** An image being drawn from slices of screenshots (OffscreenCanvas in the worker). */
export interface ImageComposer {
  draw(png: Uint8Array, source: Rect, at: { x: number; y: number }): Promise<void>;
  /** The finished image as PNG bytes. */
  finish(): Promise<Uint8Array>;
}

/** Size caps of a stitched image, in device pixels (browsers refuse larger canvases). */
export const STITCH_LIMITS = {
  maxHeightPx: 20_000,
  maxAreaPx: 50_000_000,
  maxShots: 60,
  /** Time given after each scroll: full pages load lazy content; a post is already there. */
  fullPageSettleMs: 250,
  postSettleMs: 50,
} as const;

/** A screenshot already taken, with where the page stood. */
export interface Shot {
  bytes: Uint8Array;
  at: string;
  sha256: string;
  scroll: { x: number; y: number };
  viewport: Size;
  /** Its file name when it is kept as the capture's screenshot. */
  keptAs: string | null;
}

export interface StitchServices {
  /** Scrolls the page to `y`, hides fixed headers when asked; answers the page's state (unvalidated). */
  scrollForShot(y: number, hideFixed: boolean, settleMs: number): Promise<unknown>;
  restorePage(): Promise<void>;
  /** One paced screenshot of the tab, checked to be still on screen. */
  shoot(): Promise<{ bytes: Uint8Array; at: string }>;
  composeImage(size: Size): ImageComposer;
  sha256(bytes: Uint8Array): Promise<string>;
}

export interface DerivedImage {
  png: Uint8Array;
  transformation: ImageTransformation;
}

/** Cuts `element` (viewport CSS pixels) out of a screenshot in which all of it is visible. */
export async function cropFromShot(shot: Shot, element: Rect, compose: (size: Size) => ImageComposer): Promise<DerivedImage | null> {
  const image = pngSize(shot.bytes);
  const crop = cropInShot(element, shot.viewport, image);
  if (!crop) return null;
  const composer = compose({ width: crop.source.width, height: crop.source.height });
  await composer.draw(shot.bytes, crop.source, { x: 0, y: 0 });
  const png = await composer.finish();
  return {
    png,
    transformation: {
      method: 'crop',
      region: { x: crop.visible.x + shot.scroll.x, y: crop.visible.y + shot.scroll.y, width: crop.visible.width, height: crop.visible.height },
      scale: crop.scale,
      shots: [{ sha256: shot.sha256, keptAs: shot.keptAs, takenAt: shot.at, scroll: shot.scroll, source: crop.source, placedAt: { x: 0, y: 0 } }],
      hiddenFixedElements: 0,
      settleMs: 0,
      truncated: false,
      missingRows: 0,
      note: null,
    },
  };
}

export interface StitchInput {
  /** The part of the document to show, CSS pixels from its top left. */
  region: Rect;
  viewport: Size;
  documentHeight: number;
  scale: number;
  /** The viewport screenshot, reused as the first shot when it shows the top of the region. */
  first?: Shot;
  settleMs: number;
}

/**
 * A whole page: scrolls the window through `region` and stitches the shots into one image, at most
 * the size caps. Always puts the page back (scroll position, hidden headers). Throws only when no
 * shot could be taken.
 */
export async function stitchRegion(input: StitchInput, services: StitchServices): Promise<DerivedImage> {
  const capped = capRegion(input.region, input.scale, STITCH_LIMITS.maxHeightPx, STITCH_LIMITS.maxAreaPx);
  const region = capped.region;
  const size = stitchedSize(region, input.scale);
  const composer = services.composeImage(size);
  const shots: SourceShot[] = [];
  let covered = region.y;
  let hidden = 0;
  const bottom = region.y + region.height;

  const add = async (shot: Shot) => {
    const image = pngSize(shot.bytes);
    const slice = sliceOfShot(region, shot.scroll, shot.viewport, image, covered);
    if (!slice) return;
    await composer.draw(shot.bytes, slice.source, slice.target);
    covered = slice.rows.top + slice.rows.height;
    shots.push({ sha256: shot.sha256, keptAs: shot.keptAs, takenAt: shot.at, scroll: shot.scroll, source: slice.source, placedAt: slice.target });
  };

  // The viewport screenshot serves as the first shot of a page whose top it shows (headers and all,
  // as the page looks at its top); fixed and sticky headers are hidden for the shots after it.
  const first = input.first;
  if (first && first.scroll.y <= region.y && first.scroll.y + first.viewport.height > region.y) await add(first);
  const maxScrollY = Math.max(0, input.documentHeight - input.viewport.height);
  const positions = planStitch({ top: covered, height: bottom - covered }, input.viewport.height, maxScrollY, STITCH_LIMITS.maxShots);
  let stoppedBecause: string | null = null;
  try {
    for (const y of positions) {
      if (covered >= bottom) break;
      if (y + input.viewport.height <= covered) continue;
      const hide = shots.length > 0;
      const state = v.parse(ScrollStateSchema, await services.scrollForShot(y, hide, input.settleMs));
      hidden = Math.max(hidden, state.hiddenFixed);
      const taken = await services.shoot();
      await add({ ...taken, sha256: await services.sha256(taken.bytes), scroll: state.scroll, viewport: state.viewport, keptAs: null });
    }
  } catch (error) {
    if (!shots.length) throw error;
    stoppedBecause = `the shots stopped early: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await services.restorePage().catch(() => undefined);
  }
  if (!shots.length) throw new Error('No screenshot showed the region');
  const notes: string[] = [];
  if (capped.cut) notes.push(`cut at ${region.height} of ${input.region.height} CSS pixels (the size cap is ${STITCH_LIMITS.maxHeightPx} pixels tall, ${STITCH_LIMITS.maxAreaPx} in all)`);
  if (covered < bottom) notes.push(`rows ${Math.round(covered)}–${Math.round(bottom)} of the region were not shown by any shot and are left blank`);
  if (stoppedBecause) notes.push(stoppedBecause);
  const png = await composer.finish();
  return {
    png,
    transformation: {
      method: 'scroll-and-stitch',
      region,
      scale: input.scale,
      shots,
      hiddenFixedElements: hidden,
      settleMs: input.settleMs,
      truncated: capped.cut || covered < bottom,
      missingRows: Math.max(0, Math.round(bottom - covered)),
      note: notes.length ? notes.join('; ') : null,
    },
  };
}

export interface PostStitchServices {
  /** Brings the post's row `row` to the top of where it can be seen; answers where the post now is (unvalidated). */
  scrollPostRow(row: number, settleMs: number): Promise<unknown>;
  restorePage(): Promise<void>;
  /** One paced screenshot of the tab, checked to be still on screen. */
  shoot(): Promise<{ bytes: Uint8Array; at: string }>;
  composeImage(size: Size): ImageComposer;
  sha256(bytes: Uint8Array): Promise<string>;
}

export interface PostStitchInput {
  /** The post's rectangle in the window when it was read, CSS pixels. */
  rect: Rect;
  /** The window's scroll position then. */
  scroll: { x: number; y: number };
  viewport: Size;
  scale: number;
  settleMs: number;
}

/**
 * A post taller than the space it is seen through, shot top to bottom and stitched: before each
 * shot the page brings the next unshown row of the post to the top (scrolling a box inside the
 * page, as webmail and chat apps do, or the window) and measures where the post is; each shot adds
 * the rows it shows. Fixed and sticky elements are hidden for the shots; the page is always put
 * back. Rows no shot could show are left blank and counted in `missingRows`.
 */
export async function stitchPost(input: PostStitchInput, services: PostStitchServices): Promise<DerivedImage> {
  const left = Math.max(input.rect.x, 0);
  const width = Math.max(1, Math.min(input.rect.x + input.rect.width, input.viewport.width) - left);
  const whole = { x: left + input.scroll.x, y: input.rect.y + input.scroll.y, width, height: input.rect.height };
  const capped = capRegion(whole, input.scale, STITCH_LIMITS.maxHeightPx, STITCH_LIMITS.maxAreaPx);
  const height = capped.region.height;
  const composer = services.composeImage(stitchedSize(capped.region, input.scale));
  const shots: SourceShot[] = [];
  let covered = 0;
  let hidden = 0;
  let stoppedBecause: string | null = null;
  try {
    for (let i = 0; i < STITCH_LIMITS.maxShots && height - covered >= 0.5; i += 1) {
      const answer = await services.scrollPostRow(covered, input.settleMs);
      if (answer === null) throw new Error('the post is no longer on the page');
      const state = v.parse(PostShotStateSchema, answer);
      hidden = Math.max(hidden, state.hiddenFixed);
      const taken = await services.shoot();
      const slice = elementSlice({ ...state.rect, height: Math.min(state.rect.height, height) }, state.clip, state.viewport, pngSize(taken.bytes), covered, left);
      if (!slice) break; // the page would not show any more of the post
      await composer.draw(taken.bytes, slice.source, slice.target);
      covered = slice.rows.top + slice.rows.height;
      shots.push({ sha256: await services.sha256(taken.bytes), keptAs: null, takenAt: taken.at, scroll: state.scroll, source: slice.source, placedAt: slice.target, rows: slice.rows });
    }
  } catch (error) {
    if (!shots.length) {
      await services.restorePage().catch(() => undefined);
      throw error;
    }
    stoppedBecause = `the shots stopped early: ${error instanceof Error ? error.message : String(error)}`;
  }
  await services.restorePage().catch(() => undefined);
  if (!shots.length) throw new Error('No screenshot showed the post');
  const missingRows = Math.max(0, Math.round(height - covered));
  const notes: string[] = [];
  if (capped.cut) notes.push(`cut at ${height} of ${whole.height} CSS pixels (the size cap is ${STITCH_LIMITS.maxHeightPx} pixels tall, ${STITCH_LIMITS.maxAreaPx} in all)`);
  if (missingRows > 0) notes.push(`the last ${missingRows} CSS pixel rows of the post could not be brought on screen and are left blank`);
  if (stoppedBecause) notes.push(stoppedBecause);
  return {
    png: await composer.finish(),
    transformation: {
      method: 'scroll-and-stitch',
      region: capped.region,
      scale: input.scale,
      shots,
      hiddenFixedElements: hidden,
      settleMs: input.settleMs,
      truncated: capped.cut || missingRows > 0,
      missingRows,
      note: notes.length ? notes.join('; ') : null,
    },
  };
}
