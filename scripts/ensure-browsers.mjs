// Makes sure the programs the tests, the demo and the benchmark drive are installed: Debian's
// chromium (and xvfb + xdotool for the real-keyboard tests, firefox-esr for Firefox). As root
// with apt it installs what is missing; otherwise it stops with the exact command to run.
//   node scripts/ensure-browsers.mjs chromium xvfb xdotool
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PROGRAMS = {
  chromium: { package: 'chromium', found: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  xvfb: { package: 'xvfb', found: () => onPath('Xvfb') },
  xdotool: { package: 'xdotool', found: () => onPath('xdotool') },
  firefox: { package: 'firefox-esr', found: () => existsSync(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr') },
  openssl: { package: 'openssl', found: () => onPath('openssl') },
};

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!PROGRAMS[name]) {
    console.error(`ensure-browsers: unknown program ${name}`);
    process.exit(2);
  }
}
const missing = wanted.filter((name) => !PROGRAMS[name].found()).map((name) => PROGRAMS[name].package);
if (missing.length === 0) process.exit(0);

const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !onPath('apt-get')) {
  console.error(`Missing: ${missing.join(', ')}. Install with:\n  sudo apt-get update && sudo ${command}`);
  process.exit(1);
}
console.log(`Installing ${missing.join(', ')} from Debian's packages…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('sh', ['-c', command], { stdio: 'inherit', env });
const still = wanted.filter((name) => !PROGRAMS[name].found());
if (still.length) {
  console.error(`Still missing after install: ${still.join(', ')}`);
  process.exit(1);
}
