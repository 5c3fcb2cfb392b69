/** E2E helpers for encryption at rest: the profile's IndexedDB files, and turning encryption on through the settings page. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openExtensionTab, type ExtensionBrowser } from './harness';

/** Every file of the extension's IndexedDB in the browser profile. */
export function indexedDbFiles(userDataDir: string, extensionId: string): string[] {
  const root = join(userDataDir, 'Default', 'IndexedDB');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  for (const name of readdirSync(root)) if (name.includes(extensionId)) walk(join(root, name));
  return out;
}

/** Files holding `needle` as UTF-8 or UTF-16 (how V8 may store a string). */
export function filesContaining(files: string[], needle: string): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  return files.filter((file) => {
    const bytes = readFileSync(file);
    return forms.some((form) => bytes.includes(form));
  });
}

/** Turns encryption on in the settings page (the log stays unlocked); returns the settings page. */
export async function turnOnEncryptionInSettings(browser: ExtensionBrowser, passphrase: string): Promise<Page> {
  const settings = await openExtensionTab(browser, 'settings.html');
  await settings.getByLabel('New passphrase').fill(passphrase);
  await settings.getByLabel('Type it again').fill(passphrase);
  await settings.getByText(/Strength: very strong/).waitFor();
  await settings.getByRole('button', { name: 'Turn on encryption' }).click();
  await settings.locator('.recovery-sheet__key').waitFor({ timeout: 30_000 });
  await settings.getByLabel('I have printed it or written it down').check();
  await settings.getByRole('button', { name: 'Done' }).click();
  await settings.getByRole('button', { name: 'Lock now' }).waitFor();
  return settings;
}

/** Unlocks with the passphrase through the unlock form shown where the log would be. */
export async function unlockHere(page: Page, passphrase: string): Promise<void> {
  const form = page.locator('.locked-log');
  await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await form.getByRole('button', { name: 'Unlock', exact: true }).click();
  await form.waitFor({ state: 'detached', timeout: 30_000 });
}
