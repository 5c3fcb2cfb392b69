import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, PRODUCTION_BUILD } from './harness';

/** The end-to-end tests need both builds and a Chromium; say exactly what is missing. */
export default function setup() {
  for (const dir of [PRODUCTION_BUILD]) {
    if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`Missing build ${dir}: run "npm run build" (npm test does it).`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: run "sudo apt-get install -y chromium xvfb xdotool" or set CHROMIUM_PATH.`);
}
