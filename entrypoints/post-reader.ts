import { i18n } from '#i18n';
import { createPageTools, type PageTools } from '@/utils/capture/page-tools';
import { startPicker, type Picker } from '@/utils/capture/picker';
import { extractPost } from '@/utils/sites/extract';
import { messaging } from '@/utils/messaging/protocol';

/** Where the tools live in the extension's isolated world of the page (the page cannot see it). */
interface IsolatedWorld {
  holdfastPageTools?: PageTools;
  /** The element the pick mode chose, kept for the capture that follows. */
  holdfastPicked?: Element | null;
  holdfastPicker?: Picker;
}

/**
 * Injected with `scripting.executeScript({ files: ['/post-reader.js'] })` at the moment of a post
 * or full-page capture, or when the person starts the pick mode; never registered on any site. It
 * holds the site adapters, so the page reader (`reader.js`) used for ordinary captures stays small.
 * It installs its tools once in the isolated world; the background then calls them (read, scroll
 * for a shot, restore, fetch the raw email, serialise the DOM, pick).
 */
export default defineUnlistedScript(() => {
  const world = globalThis as unknown as IsolatedWorld;
  const menus = (globalThis as unknown as { browser?: { menus?: { getTargetElement?: (id: number) => Element | null } } }).browser?.menus;

  const startPick = (token: string): boolean => {
    world.holdfastPicker?.stop();
    world.holdfastPicked = null;
    world.holdfastPicker = startPicker(
      window,
      { instructions: i18n.t('posts.pickInstructions'), outlineLabel: i18n.t('posts.pickOutline') },
      (element) => extractPost(element, new URL(location.href)).post,
      (element) => {
        world.holdfastPicked = element;
        void messaging.sendMessage('postPicked', { token }).catch(() => undefined);
      },
      () => {
        void messaging.sendMessage('pickCancelled', { token }).catch(() => undefined);
      },
    );
    return true;
  };

  world.holdfastPageTools ??= createPageTools(
    window,
    () => world.holdfastPicked,
    typeof menus?.getTargetElement === 'function' ? (id) => menus.getTargetElement!(id) : undefined,
    startPick,
  );
  return true;
});
