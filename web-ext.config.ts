import { existsSync } from 'node:fs';
import { defineWebExtConfig } from 'wxt';

/**
 * `npm run dev` opens a browser with the extension loaded. On Debian the browsers are
 * /usr/bin/chromium and /usr/bin/firefox-esr; elsewhere WXT finds Chrome and Firefox itself.
 */
export default defineWebExtConfig({
  binaries: {
    ...(existsSync('/usr/bin/chromium') ? { chrome: '/usr/bin/chromium' } : {}),
    ...(existsSync('/usr/bin/firefox-esr') ? { firefox: '/usr/bin/firefox-esr' } : {}),
  },
});
