/**
 * The last resort for a post's picture: a rendering of its markup with html2canvas-pro, made only
 * when real screenshots could not show all of the post (the page scrolls inside a box that the
 * window's scroll does not move, say). A rendering is not a screenshot — fonts, effects and
 * embedded media may differ from what was on screen — so it is stored as a separate file and
 * labelled as a rendering everywhere. Runs in the page's isolated world (`post-renderer.js`).
 */

/** What the renderer answers: a PNG data URL, or why there is none. */
export type RenderAnswer = { ok: true; dataUrl: string; width: number; height: number; scale: number } | { ok: false; reason: string };

/** Largest rendering, in device pixels (browsers refuse larger canvases). */
export const MAX_RENDER_PIXELS = 40_000_000;
/** Longest rendering, in device pixels. */
export const MAX_RENDER_HEIGHT = 20_000;

type Render = (element: HTMLElement, options: Record<string, unknown>) => Promise<HTMLCanvasElement>;

/**
 * Renders `element` at the device pixel ratio, or smaller when that would pass the caps. Cross-site
 * images are left out rather than fetched again (`useCORS: false`, `allowTaint: false`).
 */
export async function renderElement(element: Element | null | undefined, render: Render, devicePixelRatio: number): Promise<RenderAnswer> {
  if (!element || !(element as HTMLElement).getBoundingClientRect) return { ok: false, reason: 'The post is no longer on the page.' };
  try {
    const rect = element.getBoundingClientRect();
    if (rect.width <= 0 || rect.height <= 0) return { ok: false, reason: 'The post has no size on the page.' };
    const byArea = Math.sqrt(MAX_RENDER_PIXELS / (rect.width * rect.height));
    const byHeight = MAX_RENDER_HEIGHT / rect.height;
    const scale = Math.max(0.1, Math.min(devicePixelRatio || 1, byArea, byHeight));
    const canvas = await render(element as HTMLElement, { scale, useCORS: false, allowTaint: false, logging: false, backgroundColor: '#ffffff' });
    return { ok: true, dataUrl: canvas.toDataURL('image/png'), width: canvas.width, height: canvas.height, scale };
  } catch (error) {
    return { ok: false, reason: `The rendering failed: ${String(error instanceof Error ? error.message : error).slice(0, 200)}` };
  }
}
