import { describe, expect, it } from 'vitest';
import { capRegion, cropInShot, elementSlice, fitsInViewport, intersect, planStitch, shotScale, sliceOfShot, stitchedSize } from '@/utils/capture/geometry';

const VIEWPORT = { width: 1280, height: 800 };

describe('cutting a post out of a screenshot', () => {
  it('takes the device pixel ratio from the image itself', () => {
    expect(shotScale({ width: 2560, height: 1600 }, VIEWPORT)).toBe(2);
    expect(shotScale({ width: 1280, height: 800 }, VIEWPORT)).toBe(1);
    // browser zoom 125 % on a 1× screen
    expect(shotScale({ width: 1600, height: 1000 }, VIEWPORT)).toBe(1.25);
  });

  it('scales the element rectangle to image pixels at a device pixel ratio of 2', () => {
    const crop = cropInShot({ x: 100, y: 200, width: 600, height: 300 }, VIEWPORT, { width: 2560, height: 1600 });
    expect(crop?.source).toEqual({ x: 200, y: 400, width: 1200, height: 600 });
    expect(crop?.scale).toBe(2);
  });

  it('snaps fractional CSS pixels outward so no row of the post is lost', () => {
    const crop = cropInShot({ x: 10.4, y: 20.6, width: 100.2, height: 50.1 }, VIEWPORT, { width: 1280, height: 800 });
    expect(crop?.source).toEqual({ x: 10, y: 20, width: 101, height: 51 });
  });

  it('keeps only the part on screen, and nothing when the element is off screen', () => {
    const crop = cropInShot({ x: -50, y: 700, width: 400, height: 300 }, VIEWPORT, { width: 1280, height: 800 });
    expect(crop?.visible).toEqual({ x: 0, y: 700, width: 350, height: 100 });
    expect(crop?.source).toEqual({ x: 0, y: 700, width: 350, height: 100 });
    expect(cropInShot({ x: 0, y: 900, width: 400, height: 300 }, VIEWPORT, { width: 1280, height: 800 })).toBeNull();
    expect(cropInShot({ x: 0, y: 10, width: 0, height: 300 }, VIEWPORT, { width: 1280, height: 800 })).toBeNull();
  });

  it('knows when one screenshot shows the whole element', () => {
    expect(fitsInViewport({ x: 0, y: 10, width: 100, height: 790 }, VIEWPORT)).toBe(true);
    expect(fitsInViewport({ x: 0, y: 10, width: 100, height: 900 }, VIEWPORT)).toBe(false);
    expect(fitsInViewport({ x: 0, y: -5, width: 100, height: 100 }, VIEWPORT)).toBe(false);
  });

  it('intersects rectangles', () => {
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toEqual({ x: 5, y: 5, width: 5, height: 5 });
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBeNull();
  });
});

describe('scrolling and stitching', () => {
  it('plans one shot per window height from the top of the region', () => {
    expect(planStitch({ top: 0, height: 8000 }, 800, 7200)).toEqual([0, 800, 1600, 2400, 3200, 4000, 4800, 5600, 6400, 7200]);
    expect(planStitch({ top: 300, height: 2100 }, 800, 5000)).toEqual([300, 1100, 1900]);
  });

  it('clamps the last shot to how far the page scrolls, without repeating it', () => {
    expect(planStitch({ top: 0, height: 2000 }, 800, 1200)).toEqual([0, 800, 1200]);
    expect(planStitch({ top: 3000, height: 2000 }, 800, 3500)).toEqual([3000, 3500]);
  });

  it('stops at the shot limit and plans nothing for an empty region', () => {
    expect(planStitch({ top: 0, height: 100_000 }, 800, 99_200, 5)).toHaveLength(5);
    expect(planStitch({ top: 0, height: 0 }, 800, 1000)).toEqual([]);
  });

  it('cuts each shot so that the slices cover the region exactly once, top to bottom', () => {
    const region = { x: 40, y: 300, width: 600, height: 2100 };
    const image = { width: 2560, height: 1600 }; // device pixel ratio 2
    const maxScroll = 5000;
    let covered = region.y;
    const slices = [];
    for (const y of planStitch({ top: region.y, height: region.height }, VIEWPORT.height, maxScroll)) {
      const slice = sliceOfShot(region, { x: 0, y }, VIEWPORT, image, covered);
      if (!slice) continue;
      slices.push(slice);
      covered = slice.rows.top + slice.rows.height;
    }
    expect(covered).toBe(region.y + region.height);
    expect(slices.map((s) => s.target.y)).toEqual([0, 1600, 3200]);
    expect(slices.map((s) => s.source.height)).toEqual([1600, 1600, 1000]);
    expect(slices.every((s) => s.source.x === 80 && s.source.width === 1200 && s.source.y === 0)).toBe(true);
    const size = stitchedSize(region, 2);
    expect(size).toEqual({ width: 1200, height: 4200 });
    expect(slices.reduce((sum, s) => sum + s.source.height, 0)).toBe(size.height);
  });

  it('takes only the new rows of a shot the page could not scroll far enough for', () => {
    // the page stops at 1200: the last shot overlaps the one before; only its new rows are used
    const region = { x: 0, y: 0, width: 1280, height: 2000 };
    const first = sliceOfShot(region, { x: 0, y: 0 }, VIEWPORT, VIEWPORT, 0)!;
    const second = sliceOfShot(region, { x: 0, y: 800 }, VIEWPORT, VIEWPORT, 800)!;
    const last = sliceOfShot(region, { x: 0, y: 1200 }, VIEWPORT, VIEWPORT, 1600)!;
    expect([first.rows, second.rows, last.rows]).toEqual([
      { top: 0, height: 800 },
      { top: 800, height: 800 },
      { top: 1600, height: 400 },
    ]);
    expect(last.source).toEqual({ x: 0, y: 400, width: 1280, height: 400 });
    expect(last.target).toEqual({ x: 0, y: 1600 });
    expect(sliceOfShot(region, { x: 0, y: 1200 }, VIEWPORT, VIEWPORT, 2000)).toBeNull();
  });

  it('caps the stitched image in pixels and says so', () => {
    expect(capRegion({ x: 0, y: 0, width: 1280, height: 8000 }, 1, 20_000, 50_000_000)).toEqual({ region: { x: 0, y: 0, width: 1280, height: 8000 }, cut: false });
    expect(capRegion({ x: 0, y: 0, width: 1280, height: 30_000 }, 1, 20_000, 50_000_000)).toEqual({ region: { x: 0, y: 0, width: 1280, height: 20_000 }, cut: true });
    // at a ratio of 2 the picture is 2560 pixels wide: the area cap (50 M / 2560 = 19,531 rows)
    // is tighter than the height cap, and rows are CSS pixels (half as many)
    expect(capRegion({ x: 0, y: 0, width: 1280, height: 30_000 }, 2, 20_000, 50_000_000).region.height).toBe(9765);
    expect(capRegion({ x: 0, y: 0, width: 5000, height: 30_000 }, 1, 20_000, 50_000_000).region.height).toBe(10_000);
  });
});

describe('stitching a post measured after each scroll (the window or a box inside the page scrolls)', () => {
  it('takes the rows of the post that show through the box, below those already drawn', () => {
    // a post 1800 tall in a box from y=100 to y=700 of an 800-tall window, ratio 2
    const image = { width: 2560, height: 1600 };
    const clip = { x: 200, y: 100, width: 1000, height: 600 };
    const first = elementSlice({ x: 220, y: 120, width: 900, height: 1800 }, clip, VIEWPORT, image, 0, 220)!;
    expect(first.rows).toEqual({ top: 0, height: 580 });
    expect(first.source).toEqual({ x: 440, y: 240, width: 1800, height: 1160 });
    expect(first.target).toEqual({ x: 0, y: 0 });
    // the box scrolled so that row 580 is at its top
    const second = elementSlice({ x: 220, y: 100 - 580, width: 900, height: 1800 }, clip, VIEWPORT, image, 580, 220)!;
    expect(second.rows).toEqual({ top: 580, height: 600 });
    expect(second.source.y).toBe(200);
    expect(second.target.y).toBe(1160);
  });

  it('adds nothing when the box could not scroll any further', () => {
    const clip = { x: 0, y: 0, width: 1280, height: 800 };
    expect(elementSlice({ x: 0, y: -500, width: 100, height: 1300 }, clip, VIEWPORT, VIEWPORT, 1300, 0)).toBeNull();
    expect(elementSlice({ x: 0, y: 900, width: 100, height: 100 }, clip, VIEWPORT, VIEWPORT, 0, 0)).toBeNull();
  });

  it('keeps within the window and the box sideways', () => {
    const slice = elementSlice({ x: -40, y: 0, width: 1400, height: 100 }, { x: 0, y: 0, width: 1280, height: 800 }, VIEWPORT, VIEWPORT, 0, 0)!;
    expect(slice.source).toEqual({ x: 0, y: 0, width: 1280, height: 100 });
  });
});
