import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fromBase64 } from '../../utils/crypto/bytes';
import { LOG_KEY_ALGORITHM } from '../../utils/crypto/log-key';
import { decodeSealedItem, openJson, openSealed, type SealedItem } from '../../utils/crypto/seal';
import { UNLOCKED_KEY_ITEM } from '../../utils/crypto/session-key';
import { SEALING_CONTEXT } from '../../utils/db/evidence-codec';
import {
  clickToolbarButton,
  currentWorker,
  launchWithExtension,
  openExtensionTab,
  openExtensionWindow,
  readLog,
  startFixtureServer,
  waitForSettled,
  type ExtensionBrowser,
  type FixtureServer,
  type LoggedCapture,
} from './harness';

const PASSPHRASE = 'violet harbour seven kettles';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every file of the extension's IndexedDB in the profile on disk (LevelDB files and blob files). */
function indexedDbFiles(userDataDir: string, extensionId: string): string[] {
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

/** Files holding `needle`, as UTF-8 or as UTF-16 (how V8 may store a string), or as raw bytes. */
function filesContaining(files: string[], needle: string | Buffer): string[] {
  const forms = typeof needle === 'string' ? [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')] : [needle];
  return files.filter((file) => {
    const bytes = readFileSync(file);
    return forms.some((form) => bytes.includes(form));
  });
}

/** The raw stored rows of a table, with byte arrays as plain arrays (to cross into the test). */
function rawRows(page: Page, table: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    (name) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const open = indexedDB.open('holdfast');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = async () => {
            const plain = async (value: unknown): Promise<unknown> => {
              if (value instanceof Uint8Array) return { bytes: Array.from(value) };
              if (value instanceof Blob) return { bytes: Array.from(new Uint8Array(await value.arrayBuffer())) };
              if (Array.isArray(value)) return Promise.all(value.map(plain));
              if (value && typeof value === 'object') return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await plain(v)])));
              return value;
            };
            resolve((await plain(request.result)) as Record<string, unknown>[]);
          };
        };
      }),
    table,
  );
}

const bytesOf = (value: unknown) => new Uint8Array((value as { bytes: number[] }).bytes);
function sealedItemOf(value: Record<string, unknown>): SealedItem {
  return { v: value.v as 1, alg: value.alg as SealedItem['alg'], kid: value.kid as string, epk: bytesOf(value.epk), iv: bytesOf(value.iv), ct: bytesOf(value.ct) };
}

describe('encryption at rest in the real browser (production build)', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;
  const clearMarker = `CLEAR-${crypto.randomUUID()}`;
  const sealedMarker = `SEALED-${crypto.randomUUID()}`;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function capture(marker: string): Promise<LoggedCapture> {
    const page = await browser.context.newPage();
    await page.goto(server.url(`marked.html?m=${marker}`));
    await page.bringToFront();
    const before = (await readLog(await currentWorker(browser))).length;
    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.getByRole('button', { name: 'Capture this page' }).click();
    const log = await waitForSettled(await currentWorker(browser), before + 1);
    await popup.close();
    await page.close();
    return log[log.length - 1];
  }

  it('without encryption the marker is on disk in the clear (the search works)', async () => {
    const plain = await capture(clearMarker);
    expect(plain.status, JSON.stringify(plain.failure)).toBe('done');
    expect(plain.summary.title).toBe(`Marked ${clearMarker}`);
    await expect.poll(() => filesContaining(indexedDbFiles(browser.userDataDir, browser.extensionId), clearMarker).length).toBeGreaterThan(0);
    expect(filesContaining(indexedDbFiles(browser.userDataDir, browser.extensionId), PNG_SIGNATURE).length).toBeGreaterThan(0);
  });

  it('with encryption on, a capture made while locked keeps no text or image bytes in the clear; a wrong passphrase reads nothing; unlocking opens it', async () => {
    const settings = await openExtensionTab(browser, 'settings.html');
    await settings.getByLabel('New passphrase').fill(PASSPHRASE);
    await settings.getByLabel('Type it again').fill(PASSPHRASE);
    await settings.getByText(/Strength: very strong/).waitFor();
    await settings.getByRole('button', { name: 'Turn on encryption' }).click();
    const recoveryKey = (await settings.locator('.recovery-sheet__key').textContent({ timeout: 30_000 }))!.trim();
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    await settings.getByLabel('I have printed it or written it down').check();
    await settings.getByRole('button', { name: 'Done' }).click();
    await settings.getByText(/Older captures are encrypted now/).waitFor({ timeout: 30_000 });
    await settings.getByRole('button', { name: 'Lock now' }).click();
    await settings.getByText(/The log is locked\. New captures are kept encrypted/).waitFor();

    const sealed = await capture(sealedMarker);
    expect(sealed.status, JSON.stringify(sealed.failure)).toBe('done');
    expect(sealed.summary).toEqual({ url: '', title: '', site: '' });
    expect(sealed.artifacts).toEqual([]);

    // On disk: neither marker's text (the older capture was sealed too) nor any PNG.
    await new Promise((r) => setTimeout(r, 1_000));
    const files = indexedDbFiles(browser.userDataDir, browser.extensionId);
    expect(files.length).toBeGreaterThan(0);
    expect(filesContaining(files, sealedMarker)).toEqual([]);

    // A wrong passphrase: refused, and the log stays locked.
    await settings.getByLabel('Passphrase', { exact: true }).first().fill('violet harbour seven kettle');
    await settings.getByRole('button', { name: 'Unlock', exact: true }).click();
    await settings.getByText(/That passphrase does not open this log/).waitFor({ timeout: 30_000 });
    const worker = await currentWorker(browser);
    expect(await worker.evaluate((item) => chrome.storage.session.get(item), UNLOCKED_KEY_ITEM)).toEqual({});

    await settings.getByLabel('Passphrase', { exact: true }).first().fill(PASSPHRASE);
    await settings.getByRole('button', { name: 'Unlock', exact: true }).click();
    await settings.getByText('The log is unlocked in this browser.').waitFor({ timeout: 30_000 });
    const session = (await worker.evaluate((item) => chrome.storage.session.get(item), UNLOCKED_KEY_ITEM))[UNLOCKED_KEY_ITEM] as { pkcs8: string };
    const privateKey = await crypto.subtle.importKey('pkcs8', fromBase64(session.pkcs8), LOG_KEY_ALGORITHM, false, ['deriveBits']);

    const record = (await rawRows(settings, 'captures')).find((r) => r.id === sealed.id)!;
    const content = (await openJson(privateKey, sealedItemOf((record.sealed as { content: Record<string, unknown> }).content), SEALING_CONTEXT.capture(sealed.id))) as {
      summary: { title: string; url: string };
      artifacts: { role: string; blobId: string; sha256: string }[];
    };
    expect(content.summary.title).toBe(`Marked ${sealedMarker}`);
    expect(content.summary.url).toBe(server.url(`marked.html?m=${sealedMarker}`));
    const screenshotRef = content.artifacts.find((a) => a.role === 'screenshot')!;
    const row = (await rawRows(settings, 'sealedBlobs')).find((r) => r.id === screenshotRef.blobId)!;
    const png = await openSealed(privateKey, decodeSealedItem(bytesOf(row.data)), SEALING_CONTEXT.artifact(sealed.id, screenshotRef.blobId, 'screenshot'));
    expect(Buffer.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(createHash('sha256').update(png).digest('hex')).toBe(screenshotRef.sha256);

    // The screenshot's bytes and its fingerprint are not on disk in the clear.
    const middle = Buffer.from(png.subarray(Math.floor(png.length / 2), Math.floor(png.length / 2) + 64));
    const now = indexedDbFiles(browser.userDataDir, browser.extensionId);
    expect(filesContaining(now, middle)).toEqual([]);
    expect(filesContaining(now, screenshotRef.sha256)).toEqual([]);
    expect(filesContaining(now, sealedMarker)).toEqual([]);
    await settings.close();
  });
});
