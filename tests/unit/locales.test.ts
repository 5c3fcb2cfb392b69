import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';

function messages(locale: string): Record<string, { message: string }> {
  const text = readFileSync(resolve(import.meta.dirname, `../../locales/${locale}.yml`), 'utf8');
  return generateChromeMessages(parseMessagesText(text, 'YAML')) as Record<string, { message: string }>;
}

describe('the interface words', () => {
  it('has every English string in Spanish too, with the same placeholders', () => {
    const en = messages('en');
    const es = messages('es');
    const placeholders = (s: string) => [...s.matchAll(/\$\d/g)].map((m) => m[0]).sort();
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      if (key.startsWith('@@')) continue;
      expect(es[key].message.trim(), key).not.toBe('');
      expect(placeholders(es[key].message), key).toEqual(placeholders(en[key].message));
    }
  });
});
