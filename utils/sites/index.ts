/**
 * The registry of site adapters. Adding a site is one file under `utils/sites/` and one line here.
 */
import { facebook } from './facebook';
import { instagram } from './instagram';
import { reddit } from './reddit';
import { threads } from './threads';
import { tiktok } from './tiktok';
import type { SiteAdapter } from './types';
import { x } from './x';
import { youtube } from './youtube';

export const SITE_ADAPTERS: SiteAdapter[] = [
  // one line per site adapter, e.g. `x,` after `import { x } from './x';`
  facebook,
  instagram,
  reddit,
  threads,
  tiktok,
  x,
  youtube,
];
