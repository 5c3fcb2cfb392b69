// @vitest-environment happy-dom
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERIFIER_HTML, VERIFIER_SOURCES } from '@/utils/export/verifier/verifier-html.generated';

const ROOT = resolve(__dirname, '../../../..');

describe('verify.html (generated)', () => {
  it('was built from the current sources: run "npm run build:verifier" after changing them', () => {
    for (const [path, digest] of Object.entries(VERIFIER_SOURCES)) {
      expect(createHash('sha256').update(readFileSync(join(ROOT, path))).digest('hex'), path).toBe(digest);
    }
    const dir = join(ROOT, 'utils/export/verifier');
    const sources = readdirSync(dir).filter((f) => !f.includes('.generated.')).map((f) => `utils/export/verifier/${f}`);
    expect(Object.keys(VERIFIER_SOURCES)).toEqual(expect.arrayContaining(sources));
  });

  it('is one self-contained page: one inline script and style, allowed by hash, no network, no external resource', () => {
    const doc = new DOMParser().parseFromString(VERIFIER_HTML, 'text/html');
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts).toHaveLength(1);
    expect(scripts[0].hasAttribute('src')).toBe(false);
    const hash = (text: string) => createHash('sha256').update(text).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash(scripts[0].textContent!)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(doc.querySelector('style')!.textContent!)}'`);
    expect(doc.querySelectorAll('link, iframe, img, object, embed, [src], [href]').length).toBe(0);
    expect(VERIFIER_HTML).not.toMatch(/https?:\/\/|fetch\(|XMLHttpRequest|WebSocket|sendBeacon|new Worker|import\(/);
  });

  it('offers the folder picker, the zip picker and the digest field', () => {
    const doc = new DOMParser().parseFromString(VERIFIER_HTML, 'text/html');
    expect(doc.querySelector('input#folder[type=file][webkitdirectory]')).not.toBeNull();
    expect(doc.querySelector('input#zip[type=file]')!.getAttribute('accept')).toContain('.zip');
    expect(doc.querySelector('input#digest')).not.toBeNull();
  });
});
