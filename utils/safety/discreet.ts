/**
 * Discreet mode: nothing on the toolbar, the menus or the tab titles says "evidence" or
 * "harassment" to someone glancing at the screen. The toolbar shows a plain grey icon and a
 * neutral title, the badge shows a colour without text, the page menu item has a neutral name,
 * and Holdfast's pages take a neutral title (tab strip, history). The extension's name in the
 * browser's extension list cannot be changed at run time.
 */
import { i18n } from '#i18n';

export const NORMAL_ICON = { 16: '/icon/16.png', 32: '/icon/32.png', 48: '/icon/48.png', 128: '/icon/128.png' } as const;
export const PLAIN_ICON = { 16: '/icon/plain-16.png', 32: '/icon/plain-32.png', 48: '/icon/plain-48.png', 128: '/icon/plain-128.png' } as const;

/** The toolbar button's title when nothing is happening. */
export function toolbarTitle(discreet: boolean): string {
  return discreet ? i18n.t('discreet.toolbarTitle') : i18n.t('actionTitle');
}

/** The page's context-menu items, by id. */
export type CaptureMenuId = 'capture-page' | 'capture-post' | 'capture-full-page';

/** The title of one of the page's context-menu items (the page, the post, the whole page). */
export function captureMenuTitle(discreet: boolean, id: CaptureMenuId = 'capture-page'): string {
  if (id === 'capture-post') return discreet ? i18n.t('discreet.menuCapturePost') : i18n.t('posts.menuCapturePost');
  if (id === 'capture-full-page') return discreet ? i18n.t('discreet.menuCaptureFullPage') : i18n.t('posts.menuCaptureFullPage');
  return discreet ? i18n.t('discreet.menuCapturePage') : i18n.t('menuCapturePage');
}

/** Title for Holdfast's own pages (tabs, history, window switcher). */
export function pageTitle(discreet: boolean, normal: string): string {
  return discreet ? i18n.t('discreet.pageTitle') : normal;
}

/** The browser calls the toolbar appearance needs. */
export interface ToolbarLike {
  action: {
    setIcon(details: { path: Record<number, string> }): Promise<void>;
    setTitle(details: { title: string }): Promise<void>;
  };
  contextMenus: { update(id: string, properties: { title: string }): Promise<void> | void };
}

/** Sets the toolbar icon and title and the menu item for discreet mode on or off. */
export async function applyToolbarAppearance(discreet: boolean, toolbar: ToolbarLike, menuIds: readonly CaptureMenuId[]): Promise<void> {
  await toolbar.action.setIcon({ path: discreet ? PLAIN_ICON : NORMAL_ICON });
  await toolbar.action.setTitle({ title: toolbarTitle(discreet) });
  for (const id of menuIds) {
    try {
      await toolbar.contextMenus.update(id, { title: captureMenuTitle(discreet, id) });
    } catch {
      // not created yet: it is created with the right title
    }
  }
}
