import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONAL_HOST_PERMISSION_REASON, OPTIONAL_PERMISSION_REASONS, REQUIRED_PERMISSION_REASONS } from '../../utils/safety/permissions';
import { PRODUCTION_BUILD, launchWithExtension, type ExtensionBrowser } from './harness';

/**
 * Least privilege, pinned: the production manifest asks for exactly these permissions. Adding one
 * means changing this list on purpose, and giving the person a reason (utils/safety/permissions.ts).
 */
const ALLOWED_PERMISSIONS = ['activeTab', 'alarms', 'contextMenus', 'pageCapture', 'scripting', 'storage', 'unlimitedStorage'];
const ALLOWED_OPTIONAL_PERMISSIONS = ['downloads'];
/**
 * Sites asked for only when the person turns on trusted timestamps, and then only the one
 * authority they chose: any https authority they may type, the two listed public authorities
 * that answer on plain http, and this computer (the E2E test's local authority).
 */
const ALLOWED_OPTIONAL_HOST_PERMISSIONS = ['http://127.0.0.1/*', 'http://localhost/*', 'http://timestamp.digicert.com/*', 'http://timestamp.sectigo.com/*', 'https://*/*'];

const manifest = () => JSON.parse(readFileSync(join(PRODUCTION_BUILD, 'manifest.json'), 'utf8'));
const locale = (lang: string) => JSON.parse(readFileSync(join(PRODUCTION_BUILD, `_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const messageKey = (key: string) => key.replace(/\./g, '_');

describe('the production manifest', () => {
  it('asks for exactly the allowed permissions and no access to any site', () => {
    const m = manifest();
    expect([...m.permissions].sort()).toEqual(ALLOWED_PERMISSIONS);
    expect([...(m.optional_permissions ?? [])].sort()).toEqual(ALLOWED_OPTIONAL_PERMISSIONS);
    expect(m.host_permissions ?? []).toEqual([]);
    expect([...(m.optional_host_permissions ?? [])].sort()).toEqual(ALLOWED_OPTIONAL_HOST_PERMISSIONS);
    expect(m.content_scripts ?? []).toEqual([]);
    expect(m.externally_connectable).toBeUndefined();
    expect(m.web_accessible_resources ?? []).toEqual([]);
  });

  it('gives the person a reason for every permission, in English and Spanish', () => {
    const m = manifest();
    expect(Object.keys(REQUIRED_PERMISSION_REASONS).sort()).toEqual([...m.permissions].sort());
    expect(Object.keys(OPTIONAL_PERMISSION_REASONS).sort()).toEqual([...m.optional_permissions].sort());
    for (const lang of ['en', 'es']) {
      const messages = locale(lang);
      for (const key of [...Object.values(REQUIRED_PERMISSION_REASONS), ...Object.values(OPTIONAL_PERMISSION_REASONS), OPTIONAL_HOST_PERMISSION_REASON]) {
        expect(messages[messageKey(key)]?.message, `${lang} ${key}`).toMatch(/\w{3,}/);
      }
    }
  });

  it('has a strict content security policy: own scripts only, nothing inline, connections out only to a timestamp authority', () => {
    const csp: string = manifest().content_security_policy.extension_pages;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    // Opt-in trusted timestamps: the worker may POST a fingerprint to the authority the person chose
    // (any https one they type; plain http only to the two listed public ones and this computer),
    // and only once its optional host permission is granted.
    expect(directives['connect-src']).toEqual(["'self'", 'https:', 'http://timestamp.digicert.com', 'http://timestamp.sectigo.com', 'http://127.0.0.1:*', 'http://localhost:*']);
    expect(directives['base-uri']).toEqual(["'none'"]);
    const withoutConnect = csp.split(';').filter((d) => !d.trim().startsWith('connect-src')).join(';');
    expect(withoutConnect).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|https?:|\*/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval/);
  });

  it('ships no inline script, event-handler attribute or remote resource in its pages', () => {
    const pages = readdirSync(PRODUCTION_BUILD).filter((f) => f.endsWith('.html'));
    expect(pages.sort()).toEqual(['dashboard.html', 'popup.html', 'settings.html']);
    for (const page of pages) {
      const html = readFileSync(join(PRODUCTION_BUILD, page), 'utf8');
      for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
        expect(script[1], page).toMatch(/\bsrc="\/[^"]+\.js"/);
        expect(script[2].trim(), page).toBe('');
      }
      expect(html, page).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, page).not.toMatch(/(src|href)="(https?:)?\/\//i);
    }
  });
});

describe('in the browser', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchWithExtension();
  });
  afterAll(async () => browser?.close());

  it('holds only the allowed permissions after installation', async () => {
    const granted = await browser.worker.evaluate(() => chrome.permissions.getAll());
    expect([...(granted.permissions ?? [])].sort()).toEqual(ALLOWED_PERMISSIONS);
    expect(granted.origins ?? []).toEqual([]);
  });
});
