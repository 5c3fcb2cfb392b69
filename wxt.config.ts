import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { OPTIONAL_HOST_PERMISSIONS } from './utils/safety/permissions';

/**
 * The extension asks for no host permission: it reads and captures a page only under
 * `activeTab`, which the browser grants when the person presses a Holdfast shortcut, clicks the
 * toolbar button or uses the context menu. Tests and the demo run this same build. Every
 * permission has a reason shown to the person (utils/safety/permissions.ts), and
 * tests/e2e/permissions.test.ts pins the built manifest to that list.
 *
 * Content security policy of the extension's pages and worker: only its own scripts, no inline
 * script, no plugin, no framing, and no connection anywhere but the extension itself
 * (`connect-src 'self'`), so nothing can leave the device from a page even by mistake — except
 * for the opt-in trusted timestamps (issue 6, utils/integrity/timestamp-worker.ts): the worker
 * (this policy governs its fetches too) POSTs a SHA-256 fingerprint to the authority the person
 * chose. The person may type any https authority, so connect-src allows `https:`; plain http only
 * for the two listed public authorities that answer on http (their tokens are signed) and for
 * 127.0.0.1 / localhost, which never leave the device (the E2E test runs a local `openssl ts`
 * authority there without TLS). The real gate is the optional host permission below: without it
 * the worker never sends, and a cross-origin request from a page without it is blocked by CORS.
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
  "connect-src 'self' https: http://timestamp.digicert.com http://timestamp.sectigo.com http://127.0.0.1:* http://localhost:*",
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
    // Asked for only when the person turns on trusted timestamps, for their authority only.
    optional_host_permissions: [...OPTIONAL_HOST_PERMISSIONS],
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
