/**
 * The registry of site adapters. Adding a site is one file under `utils/sites/` and one line here.
 */
import { gmail } from './gmail';
import { outlook } from './outlook';
import { protonmail } from './protonmail';
import type { SiteAdapter } from './types';
import { yahoomail } from './yahoomail';

export const SITE_ADAPTERS: SiteAdapter[] = [
  // one line per site adapter, e.g. `x,` after `import { x } from './x';`
  gmail,
  outlook,
  protonmail,
  yahoomail,
];
