import html2canvas from 'html2canvas-pro';
import type { PageTools } from '@/utils/capture/page-tools';
import { renderElement } from '@/utils/capture/render-post';

/**
 * Injected only when real screenshots could not show all of a post (see `render-post.ts`), after
 * `post-reader.js`, into the same isolated world: it renders the element the reader found. Kept
 * out of the reader so that html2canvas-pro is loaded only when it is needed.
 */
export default defineUnlistedScript(() => {
  const world = globalThis as unknown as { holdfastPageTools?: PageTools; holdfastRenderPost?: () => Promise<unknown> };
  world.holdfastRenderPost ??= () => renderElement(world.holdfastPageTools?.postElement(), html2canvas as never, window.devicePixelRatio);
  return true;
});
