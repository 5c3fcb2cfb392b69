/**
 * Issue 5, the incident log's own words (production build, real Chromium): with encryption on, an
 * incident whose description carries a unique marker, and a capture of a post page on a real host
 * name whose text carries another, leave neither marker in the profile's IndexedDB files; the
 * incidents view shows the lock screen while locked and the incident's words after unlocking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickToolbarButton, currentWorker, launchWithExtension, openExtensionTab, openExtensionWindow, waitForSettled, type ExtensionBrowser } from './harness';
import { filesContaining, indexedDbFiles, turnOnEncryptionInSettings, unlockHere } from './sealed-disk';
import { sitePage, startSiteServer, type SiteServer } from './sites-server';

const PASSPHRASE = 'amber lantern ninety owls';
const THREAD = '/r/Leipzig/comments/1p8xyzq/someone_keeps_leaving_notes_on_my_bike/';

describe('incidents and post text sealed on disk (encryption on, production build)', () => {
  let sites: SiteServer;
  let browser: ExtensionBrowser;
  const postMarker = `posttext${crypto.randomUUID().replaceAll('-', '')}`;
  const incidentMarker = `incidenttext${crypto.randomUUID().replaceAll('-', '')}`;

  beforeAll(async () => {
    sites = await startSiteServer(({ host, url }) => {
      if (host !== 'www.reddit.com' || !url.pathname.startsWith('/r/Leipzig/comments/')) return undefined;
      const page = sitePage('reddit/thread.html');
      return { ...page, body: String(page.body).replaceAll('Someone keeps leaving notes on my bike', `Someone keeps leaving notes on my bike ${postMarker}`) };
    });
    browser = await launchWithExtension({ ignoreHTTPSErrors: true, extraArgs: [sites.resolverRules(['www.reddit.com'])] });
  });
  afterAll(async () => {
    await browser?.close();
    await sites?.close();
  });

  it('keeps neither the post text nor the incident description in the clear, and reads the incident back after unlock', async () => {
    const settings = await turnOnEncryptionInSettings(browser, PASSPHRASE);

    const page = await browser.context.newPage();
    await page.goto(`https://www.reddit.com${THREAD}`);
    await expect.poll(() => page.evaluate(() => document.body.innerText)).toContain(postMarker);
    await page.bringToFront();
    await clickToolbarButton(browser, page);
    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.getByRole('button', { name: 'Capture this page' }).click();
    const log = await waitForSettled(await currentWorker(browser), 1);
    expect(log[0]!.status, JSON.stringify(log[0]!.failure)).toBe('done');
    await popup.close();
    await page.close();

    const dashboard = await openExtensionTab(browser, 'dashboard.html#incidents');
    await dashboard.getByRole('button', { name: 'Add an incident without captures' }).click();
    await dashboard.getByLabel('Short name').fill('Notes on my bike');
    await dashboard.getByLabel('What happened').fill(`He left another note: ${incidentMarker}`);
    await dashboard.getByRole('button', { name: 'Save incident' }).click();
    await dashboard.getByText(`He left another note: ${incidentMarker}`).waitFor({ timeout: 30_000 });

    await settings.bringToFront();
    await settings.getByRole('button', { name: 'Lock now' }).click();
    await settings.getByText(/The log is locked\. New captures are kept encrypted/).waitFor();
    await settings.close();
    // The dashboard gives way to the lock screen; the words are gone from the page.
    await dashboard.locator('.locked-log').waitFor({ timeout: 30_000 });
    expect(await dashboard.getByText(incidentMarker, { exact: false }).count()).toBe(0);

    await new Promise((r) => setTimeout(r, 1_000));
    const files = indexedDbFiles(browser.userDataDir, browser.extensionId);
    expect(files.length).toBeGreaterThan(0);
    expect(filesContaining(files, postMarker)).toEqual([]);
    expect(filesContaining(files, incidentMarker)).toEqual([]);

    await unlockHere(dashboard, PASSPHRASE);
    await dashboard.getByText(`He left another note: ${incidentMarker}`).waitFor({ timeout: 30_000 });
    await dashboard.getByRole('button', { name: 'Notes on my bike' }).waitFor();
    await dashboard.close();
  });
});
