/**
 * The registry of site adapters. Adding a site is one file under `utils/sites/` and one line here.
 * The generic adapter is not listed: `extractPost` falls back to it for every other site and
 * whenever a site's own adapter no longer matches the page.
 */
import { bluesky } from './bluesky';
import { discord } from './discord';
import { facebook } from './facebook';
import { gmail } from './gmail';
import { instagram } from './instagram';
import { linkedin } from './linkedin';
import { mastodon } from './mastodon';
import { outlook } from './outlook';
import { protonmail } from './protonmail';
import { reddit } from './reddit';
import { telegram } from './telegram';
import { threads } from './threads';
import { tiktok } from './tiktok';
import type { SiteAdapter } from './types';
import { whatsapp } from './whatsapp';
import { x } from './x';
import { yahoomail } from './yahoomail';
import { youtube } from './youtube';

export const SITE_ADAPTERS: SiteAdapter[] = [
  bluesky,
  discord,
  facebook,
  gmail,
  instagram,
  linkedin,
  mastodon,
  outlook,
  protonmail,
  reddit,
  telegram,
  threads,
  tiktok,
  whatsapp,
  x,
  yahoomail,
  youtube,
];
