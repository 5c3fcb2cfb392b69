import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseMessagesText } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const messages = (file: string) => new Set(parseMessagesText(readFileSync(resolve(root, file), 'utf8'), 'YAML').map((m) => m.key.join('.')));

describe('the words of the export and import screens', () => {
  it('has a plain reason, in English and Spanish, for every code an import can be refused with', () => {
    const codes = [...readFileSync(resolve(root, 'utils/import/refusal.ts'), 'utf8').matchAll(/\| '([A-Z_]+)'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(10);
    for (const file of ['locales/en.yml', 'locales/es.yml']) {
      const keys = messages(file);
      for (const code of codes) expect(keys.has(`import.reason.${code}`), `${file}: import.reason.${code}`).toBe(true);
    }
  });

  it('says everything of the export, import and custody screens in Spanish too', () => {
    const ours = (keys: Set<string>) => [...keys].filter((k) => /^(export|import|custody)\.|^list\.select$/.test(k)).sort();
    expect(ours(messages('locales/es.yml'))).toEqual(ours(messages('locales/en.yml')));
  });
});
