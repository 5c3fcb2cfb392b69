import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * The extension asks for no host permission: it reads and captures a page only under
 * `activeTab`, which the browser grants when the person presses a Holdfast shortcut, clicks the
 * toolbar button or uses the context menu. Tests and the demo run this same build.
 */
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({
    plugins: [preact()],
    build: { chunkSizeWarningLimit: 1500 },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    short_name: 'Holdfast',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // pageCapture saves the page as MHTML; under activeTab it reaches only the tab the person
    // captures, like the screenshot (Firefox has no pageCapture: a serialised DOM is kept there).
    permissions: ['activeTab', 'scripting', 'storage', 'unlimitedStorage', 'contextMenus', ...(browser === 'firefox' ? [] : ['pageCapture'])],
    action: { default_title: '__MSG_actionTitle__' },
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+L' } },
      'capture-page': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandCapturePage__',
      },
      'capture-post': {
        suggested_key: { default: 'Alt+Shift+J' },
        description: '__MSG_posts_commandCapturePost__',
      },
    },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    },
    // Firefox builds only (`wxt build -b firefox --mv3`: an MV3 event page). 140 is the first
    // Firefox (an ESR, also the base of Tor Browser 15) that reads `data_collection_permissions`,
    // which AMO asks for; 142 is the first on Android. `web-ext lint` checks these pairings.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'holdfast@holdfast.invalid',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
