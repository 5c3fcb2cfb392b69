/**
 * The registry of site adapters. Adding a site is one file under `utils/sites/` and one line here.
 */
import type { SiteAdapter } from './types';

export const SITE_ADAPTERS: SiteAdapter[] = [
  // one line per site adapter, e.g. `x,` after `import { x } from './x';`
];
