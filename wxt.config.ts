import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * The extension asks for no host permission: it reads and captures a page only under
 * `activeTab`, which the browser grants when the person presses a Holdfast shortcut, clicks the
 * toolbar button or uses the context menu. Tests and the demo run this same build. Every
 * permission has a reason shown to the person (utils/safety/permissions.ts), and
 * tests/e2e/permissions.test.ts pins the built manifest to that list.
 *
 * Content security policy of the extension's pages and worker: only its own scripts, no inline
 * script, no plugin, no framing, and no connection anywhere but the extension itself
 * (`connect-src 'self'`), so nothing can leave the device from a page even by mistake. The
 * opt-in trusted-timestamp feature, when it is wired, must add its authority's origin here.
 * `wxt dev` adds its local server (hot reload) to script-src; connect-src gets it here.
 */
const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
];
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({
    plugins: [preact()],
    build: { chunkSizeWarningLimit: 1500 },
  }),
  manifest: ({ browser, command }) => ({
    name: '__MSG_extName__',
    short_name: 'Holdfast',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // pageCapture saves the page as MHTML; under activeTab it reaches only the tab the person
    // captures, like the screenshot (Firefox has no pageCapture: a serialised DOM is kept there).
    permissions: ['activeTab', 'scripting', 'storage', 'unlimitedStorage', 'contextMenus', 'alarms', ...(browser === 'firefox' ? [] : ['pageCapture'])],
    // Asked for only when the person turns on "do not keep exports in the download list".
    optional_permissions: ['downloads'],
    options_ui: { page: 'settings.html', open_in_tab: true },
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
      extension_pages: EXTENSION_PAGES_CSP.map((directive) =>
        command === 'serve' && directive.startsWith('connect-src') ? `${directive} http://localhost:* ws://localhost:*` : directive,
      ).join('; '),
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
