import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// The fake browser has no i18n: answer from the English locale file, as the built extension does.
const messages = generateChromeMessages(parseMessagesText(readFileSync(resolve(import.meta.dirname, '../../locales/en.yml'), 'utf8'), 'YAML'));

function getMessage(key: string, substitutions?: string | string[]): string {
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const message = messages[key]?.message ?? '';
  return message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

function installI18n() {
  Object.assign(fakeBrowser.i18n, { getMessage, getUILanguage: () => 'en' });
}

installI18n();
beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
});
