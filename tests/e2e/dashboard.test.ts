import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickToolbarButton,
  currentWorker,
  launchWithExtension,
  openExtensionTab,
  openExtensionWindow,
  readLog,
  sha256,
  startFixtureServer,
  unzipBundle,
  waitForSettled,
  type ExtensionBrowser,
  type FixtureServer,
} from './harness';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (evaluated through the debugger protocol, which the page's CSP does not block). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return { violations: result.violations, passes: (result as unknown as { passes: unknown[] }).passes.length };
  })) as { violations: AxeViolation[]; passes: number };
  // A scan that checked nothing would pass anything.
  expect(violations.passes).toBeGreaterThan(10);
  if (process.env.HOLDFAST_SHOTS) await page.screenshot({ path: `${process.env.HOLDFAST_SHOTS}/${Date.now()}.png`, fullPage: true });
  return violations.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Captures a fixture page through the toolbar button and the popup's button, as a person would. */
async function captureThroughPopup(browser: ExtensionBrowser, server: FixtureServer, path: string, expected: number): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(server.url(path));
  await page.bringToFront();
  await clickToolbarButton(browser, page);
  const popup = await openExtensionWindow(browser, 'popup.html');
  await popup.getByRole('button', { name: 'Capture this page' }).click();
  await waitForSettled(await currentWorker(browser), expected);
  await popup.close();
}

describe('the incident log dashboard (production build, real Chromium)', () => {
  let server: FixtureServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('makes an incident of two captures, finds it by search, shows it on the timeline and exports it alone', async () => {
    await captureThroughPopup(browser, server, 'article.html', 1);
    await captureThroughPopup(browser, server, 'direct-message.html', 2);
    await captureThroughPopup(browser, server, 'scrolling.html', 3);
    const log = await waitForSettled(await currentWorker(browser), 3);
    expect(log.map((c) => c.status)).toEqual(['done', 'done', 'done']);
    const wanted = log.filter((c) => !c.summary.url.endsWith('scrolling.html'));

    const dashboard = await openExtensionTab(browser, 'dashboard.html');
    await dashboard.locator('li.log-row').nth(2).waitFor();
    expect(await dashboard.locator('li.log-row').count()).toBe(3);

    // Select the two captures by their labelled checkboxes and make an incident of them.
    await dashboard.getByRole('checkbox', { name: 'Select: Community board — a thread about the allotment' }).check();
    await dashboard.getByRole('checkbox', { name: 'Select: Messages — conversation with night_owl_77' }).check();
    await dashboard.getByText('2 captures selected').waitFor();
    await dashboard.getByRole('button', { name: 'Make an incident of these' }).click();

    // Saving without a name says what to fix, next to the field.
    await dashboard.getByRole('textbox', { name: 'Short name' }).waitFor();
    await dashboard.getByRole('button', { name: 'Save incident' }).click();
    await dashboard.getByText('Give the incident a short name.').waitFor();

    await dashboard.getByRole('textbox', { name: 'Short name' }).fill('Threats about the allotment');
    await dashboard.getByLabel('Date and time it happened').fill('2026-11-28T21:15');
    await dashboard.getByRole('textbox', { name: 'What happened' }).fill('He said he knows where I park and found my new number. Word to find: PERIWINKLE.');
    await dashboard.getByRole('textbox', { name: 'Platform or place' }).fill('Community board and text messages');
    await dashboard.getByRole('checkbox', { name: 'Threats' }).check();
    await dashboard.getByRole('checkbox', { name: 'Monitoring or tracking' }).check();
    await dashboard.getByRole('textbox', { name: 'Other kinds, in your words' }).fill('Showing up at places I go');
    await dashboard.getByRole('textbox', { name: 'Witnesses' }).fill('My neighbour Ana');
    await dashboard.getByRole('button', { name: 'Add a report' }).click();
    await dashboard.getByRole('combobox', { name: 'Reported to' }).selectOption('police');
    await dashboard.getByRole('textbox', { name: 'Name (who or where)' }).fill('City police');
    await dashboard.getByRole('textbox', { name: 'Report or case number' }).fill('CR-2026-0417');
    await dashboard.getByRole('checkbox', { name: 'This broke a protective or restraining order' }).check();
    await dashboard.getByRole('textbox', { name: 'Case number', exact: true }).fill('PO-55-2026');
    await dashboard.getByRole('textbox', { name: 'Court', exact: true }).fill('County Family Court');
    await dashboard.getByRole('button', { name: 'Save incident' }).click();
    await dashboard.getByText('Incident “Threats about the allotment” saved.').waitFor();

    const card = dashboard.locator('li.card', { hasText: 'Threats about the allotment' });
    await card.waitFor();
    expect(await card.textContent()).toContain('2 captures');
    expect(await card.textContent()).toContain('Reported to Police: CR-2026-0417');
    expect(await card.textContent()).toContain('Broke a protective order');

    // What was stored: the advocates' fields and the order, once.
    const stored = await dashboard.evaluate(
      () =>
        new Promise<{ incidents: Record<string, unknown>[]; orders: Record<string, unknown>[] }>((resolve, reject) => {
          const open = indexedDB.open('holdfast');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['incidents', 'protectiveOrders']);
            const incidents = tx.objectStore('incidents').getAll();
            const orders = tx.objectStore('protectiveOrders').getAll();
            tx.oncomplete = () => resolve({ incidents: incidents.result, orders: orders.result });
          };
        }),
    );
    expect(stored.incidents).toHaveLength(1);
    const incident = stored.incidents[0];
    expect([...(incident.captureIds as string[])].sort()).toEqual(wanted.map((c) => c.id).sort());
    expect(incident.categories).toEqual(['threats', 'monitoring', 'Showing up at places I go']);
    expect(incident.reports).toEqual([{ to: 'police', name: 'City police', reference: 'CR-2026-0417', date: '' }]);
    expect(incident.violatesOrder).toBe(true);
    expect(stored.orders).toHaveLength(1);
    expect(stored.orders[0]).toMatchObject({ caseNumber: 'PO-55-2026', court: 'County Family Court' });
    expect(incident.orderId).toBe(stored.orders[0].id);

    // Find it by search: the incident by a word of its description, a capture by its page text.
    await dashboard.getByRole('tab', { name: 'Log' }).click();
    await dashboard.getByRole('searchbox', { name: 'Search your log' }).fill('periwinkle');
    await dashboard.getByRole('heading', { name: 'Incidents that match' }).waitFor();
    await dashboard.getByRole('button', { name: 'Threats about the allotment' }).waitFor();
    await dashboard.getByRole('searchbox', { name: 'Search your log' }).fill('greenhouse-9c2e');
    await dashboard.getByText('1 capture shown.').waitFor();
    expect(await dashboard.locator('li.log-row .log-row__open').allTextContents()).toEqual(['Messages — conversation with night_owl_77']);

    // The detail of a capture: its fingerprints and a note.
    await dashboard.getByRole('button', { name: 'Messages — conversation with night_owl_77' }).click();
    const screenshot = wanted.find((c) => c.summary.url.endsWith('direct-message.html'))!.artifacts.find((a) => a.role === 'screenshot')!;
    await dashboard.locator('#capture-detail code.hash', { hasText: screenshot.sha256 }).waitFor();
    await dashboard.getByRole('button', { name: 'Show the screenshot' }).waitFor();
    await dashboard.getByRole('textbox', { name: /^Note/ }).fill('Sent at 2 am, the night after I blocked him.');
    await dashboard.getByRole('button', { name: 'Save note' }).click();
    await dashboard.getByText('Note saved.').waitFor();
    await dashboard.getByRole('button', { name: 'Back to the list' }).click();
    await dashboard.getByRole('searchbox', { name: 'Search your log' }).fill('blocked him');
    await dashboard.getByText('1 capture shown.').waitFor();

    // The timeline marks the incident.
    await dashboard.getByRole('tab', { name: 'Pattern over time' }).click();
    const timeline = dashboard.getByRole('img', { name: /Captures per week, with incidents marked/ });
    await timeline.waitFor();
    expect(await timeline.locator('title').allTextContents()).toContain('Threats about the allotment');
    expect(await dashboard.locator('#pattern-timeline-desc').textContent()).toContain('Incidents marked: 1.');

    // Export the incident alone, through the export screen.
    await dashboard.getByRole('tab', { name: 'Incidents' }).click();
    await card.getByRole('button', { name: 'Export this incident' }).click();
    expect(await dashboard.getByRole('radio', { name: 'Incident: Threats about the allotment (2 captures)' }).isChecked()).toBe(true);
    await dashboard.waitForFunction(() => !(document.querySelector('.export button.button--primary') as HTMLButtonElement | null)?.disabled);
    const [download] = await Promise.all([dashboard.waitForEvent('download', { timeout: 60_000 }), dashboard.getByRole('button', { name: 'Export', exact: true }).click()]);
    const zipPath = `${browser.downloadsDir}/${download.suggestedFilename()}`;
    await download.saveAs(zipPath);
    const { files } = unzipBundle(zipPath);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.captureCount).toBe(2);
    expect(manifest.captures.map((c: { id: string }) => c.id).sort()).toEqual(wanted.map((c) => c.id).sort());
    for (const file of manifest.files) expect(sha256(files[file.path])).toBe(file.sha256);
    // The report has the incident's summary, with its fields and its two captures, and the pattern.
    const report = new TextDecoder().decode(files['report.html']);
    const incidentSection = report.slice(report.indexOf('<section class="incidents"'), report.indexOf('</section>', report.indexOf('<section class="incidents"')));
    expect(incidentSection).toContain('Threats about the allotment');
    expect(incidentSection).toContain('PERIWINKLE');
    expect(incidentSection).toContain('My neighbour Ana');
    expect(incidentSection).toContain('Monitoring or tracking');
    expect(incidentSection.match(/href="#capture-\d+"/g)).toHaveLength(2);
    expect(report).toContain('<section class="pattern"');
    expect((await readLog(dashboard)).length).toBe(3);
    await dashboard.close();
  });

  it('has no serious or critical accessibility problem in the popup or any dashboard view (axe-core)', async () => {
    const popup = await openExtensionWindow(browser, 'popup.html');
    await popup.locator('li.capture').first().waitFor();
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();

    const dashboard = await openExtensionTab(browser, 'dashboard.html');
    await dashboard.locator('li.log-row').first().waitFor();
    const found: Record<string, string[]> = {};
    found.log = await seriousViolations(dashboard);
    await dashboard.locator('li.log-row .log-row__open').first().click();
    await dashboard.locator('#capture-detail h2').waitFor();
    found.detail = await seriousViolations(dashboard);
    for (const [tab, ready] of [
      ['Incidents', 'li.card'],
      ['People', '#people-heading'],
      ['Pattern over time', 'svg.chart'],
      ['Export', '.export-view'],
    ] as const) {
      await dashboard.getByRole('tab', { name: tab }).click();
      await dashboard.locator(ready).first().waitFor();
      found[tab] = await seriousViolations(dashboard);
    }
    await dashboard.getByRole('tab', { name: 'Incidents' }).click();
    await dashboard.locator('li.card').getByRole('button', { name: 'Open' }).click();
    await dashboard.locator('form.incident-form').waitFor();
    found.incidentForm = await seriousViolations(dashboard);
    await dashboard.emulateMedia({ colorScheme: 'dark' });
    found.incidentFormDark = await seriousViolations(dashboard);
    await dashboard.getByRole('tab', { name: 'Log' }).click();
    await dashboard.locator('li.log-row').first().waitFor();
    found.logDark = await seriousViolations(dashboard);
    expect(found).toEqual({ log: [], detail: [], Incidents: [], People: [], 'Pattern over time': [], Export: [], incidentForm: [], incidentFormDark: [], logDark: [] });
  });
});
