/**
 * The registry of site adapters. Adding a site is one file under `utils/sites/` and one line here.
 * The generic adapter is not listed: `extractPost` falls back to it for every other site and
 * whenever a site's own adapter no longer matches the page.
 */
import { bluesky } from './bluesky';
import { discord } from './discord';
import { gmail } from './gmail';
import { linkedin } from './linkedin';
import { mastodon } from './mastodon';
import { outlook } from './outlook';
import { protonmail } from './protonmail';
import { telegram } from './telegram';
import type { SiteAdapter } from './types';
import { whatsapp } from './whatsapp';
import { yahoomail } from './yahoomail';

export const SITE_ADAPTERS: SiteAdapter[] = [
  bluesky,
  discord,
  gmail,
  linkedin,
  mastodon,
  outlook,
  protonmail,
  telegram,
  whatsapp,
  yahoomail,
];
