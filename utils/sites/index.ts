/**
 * The registry of site adapters. Adding a site is one file under `utils/sites/` and one line here.
 */
import { bluesky } from './bluesky';
import { discord } from './discord';
import { linkedin } from './linkedin';
import { mastodon } from './mastodon';
import { telegram } from './telegram';
import type { SiteAdapter } from './types';
import { whatsapp } from './whatsapp';

export const SITE_ADAPTERS: SiteAdapter[] = [
  // one line per site adapter, e.g. `x,` after `import { x } from './x';`
  bluesky,
  discord,
  linkedin,
  mastodon,
  telegram,
  whatsapp,
];
