// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { CaptureFacts, IncidentRecord, PersonRecord, ProtectiveOrderRecord } from '@/utils/db/log-records';
import { renderReportHtml } from '@/utils/export/report-html';
import { buildReportLog, categoryWords, notesByCapture, type ReportLogTables } from '@/utils/export/report-log';
import { renderReportPdf } from '@/utils/export/report-pdf';
import { readPdf } from './pdf-inspect';
import { HOSTILE, ordinaryBundle, type FixtureBundle } from './report-fixtures';

const reader = (bundle: FixtureBundle) => async (path: string) => {
  const bytes = bundle.files.get(path);
  if (!bytes) throw new Error(`no file ${path}`);
  return bytes;
};

function incident(overrides: Partial<IncidentRecord>): IncidentRecord {
  return {
    id: 'inc-1',
    title: 'Threat after I blocked him',
    occurredLocal: '2026-11-28T08:00',
    occurredAt: '2026-11-28T07:00:00.000Z',
    description: 'He wrote that he knows where I live.',
    location: 'X direct messages',
    categories: ['threats', 'my own words'],
    captureIds: [],
    personIds: ['person-1'],
    othersInvolved: '',
    witnesses: 'My sister saw it',
    reports: [{ to: 'police', name: 'City police', reference: 'CR-2026-118', date: '2026-11-29' }],
    violatesOrder: true,
    orderId: 'order-1',
    createdAt: '2026-11-28T09:00:00.000Z',
    updatedAt: '2026-11-28T09:00:00.000Z',
    ...overrides,
  };
}

const ORDER: ProtectiveOrderRecord = {
  id: 'order-1',
  court: 'County court',
  caseNumber: 'PO-77',
  issuedOn: '2026-10-01',
  expiresOn: '2027-10-01',
  restrainedPerson: 'J. Doe',
  terms: 'No contact of any kind',
  updatedAt: '2026-10-01T00:00:00.000Z',
};

const PERSON: PersonRecord = { id: 'person-1', name: 'J. Doe', accountKeys: ['x|12345'], accounts: [], notes: '', createdAt: '', updatedAt: '' };

/** The ordinary bundle's captures, with an incident of two of them and one of a capture not exported. */
function logOf(bundle: FixtureBundle, options: { title?: string } = {}): { tables: ReportLogTables; exported: Map<string, string> } {
  const byTitle = new Map(bundle.input.captures.map((c) => [c.entry.title, c.entry]));
  const first = byTitle.get('First post')!;
  const second = byTitle.get('Second post')!;
  const facts: CaptureFacts[] = [
    { captureId: first.id, pressedAt: first.pressedAt, platform: 'x', account: { key: 'x|12345', platform: 'x', displayName: 'Troll Account', handle: '@troll', accountId: '12345' }, accountKey: 'x|12345' },
    { captureId: 'not-exported', pressedAt: '2026-11-01T10:00:00.000Z', platform: 'x', account: { key: 'x|999', platform: 'x', displayName: 'Someone Else' }, accountKey: 'x|999' },
  ];
  return {
    tables: {
      notes: [
        { captureId: second.id, text: 'He posted this after I blocked him.' },
        { captureId: 'not-exported', text: 'A note about another capture' },
      ],
      incidents: [
        incident({ title: options.title ?? 'Threat after I blocked him', captureIds: [first.id, second.id, 'not-exported'] }),
        incident({ id: 'inc-2', title: 'Only elsewhere', captureIds: ['not-exported'] }),
      ],
      persons: [PERSON],
      orders: [ORDER],
      facts,
    },
    exported: new Map(bundle.input.captures.map((c) => [c.entry.id, c.entry.pressedAt])),
  };
}

describe('the incident log in the report', () => {
  it('keeps only what concerns the exported captures: incidents, their captures, people and notes', () => {
    const bundle = ordinaryBundle();
    const { tables, exported } = logOf(bundle);
    const log = buildReportLog(tables, exported);
    expect(log.incidents.map((i) => i.title)).toEqual(['Threat after I blocked him']);
    const [threat] = log.incidents;
    expect(threat.captureIds).toHaveLength(2);
    expect(threat.captureIds).not.toContain('not-exported');
    expect(threat.capturesLeftOut).toBe(1);
    expect(threat.categories).toEqual(['Threats', 'my own words']);
    expect(threat.order?.caseNumber).toBe('PO-77');
    expect(log.pattern.byPerson.map((p) => p.label)).not.toContain('Someone Else');
    expect(log.pattern.captures.reduce((a, b) => a + b, 0)).toBe(3);
    expect(categoryWords('unwanted-contact')).toBe('Unwanted contact after being told to stop');
    expect([...notesByCapture({ notes: [{ captureId: 'a', text: '  ' }, { captureId: 'b', text: 'kept' }] })]).toEqual([['b', ['kept']]]);
  });

  it('gives each incident a summary in report.html, linking its captures, and draws the pattern with its numbers', () => {
    const bundle = ordinaryBundle();
    const { tables, exported } = logOf(bundle, { title: HOSTILE.script });
    const html = renderReportHtml({ ...bundle.input, log: buildReportLog(tables, exported) });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const section = doc.querySelector('section.incidents')!;
    expect(section).not.toBeNull();
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(section.querySelector('h3')!.textContent).toContain(HOSTILE.script);
    const text = section.textContent!;
    expect(text).toContain('Reported to (Police)');
    expect(text).toContain('CR-2026-118');
    expect(text).toContain('violation of a protective order');
    expect(text).toContain('My sister saw it');
    expect(text).toContain('1 capture of this incident is not in this export.');
    expect(text).not.toContain('Only elsewhere');
    const links = [...section.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toHaveLength(2);
    for (const href of links) expect(doc.querySelector(href!)).not.toBeNull();
    const charts = doc.querySelectorAll('section.pattern figure.chart');
    expect(charts.length).toBeGreaterThanOrEqual(2);
    expect(charts[0].querySelector('svg[role="img"]')).not.toBeNull();
    expect(charts[0].querySelectorAll('tbody tr').length).toBeGreaterThan(0);
  });

  it('leaves the incidents and pattern out of report.html when the log has none', () => {
    const bundle = ordinaryBundle();
    const html = renderReportHtml(bundle.input);
    expect(html).not.toContain('class="incidents"');
    expect(html).not.toContain('class="pattern"');
  });

  it('puts a summary page per incident and the pattern into report.pdf', async () => {
    const bundle = ordinaryBundle();
    const { tables, exported } = logOf(bundle);
    const withLog = await readPdf(await renderReportPdf({ ...bundle.input, log: buildReportLog(tables, exported) }, reader(bundle)));
    const without = await readPdf(await renderReportPdf(bundle.input, reader(bundle)));
    expect(withLog.pageCount).toBeGreaterThanOrEqual(without.pageCount + 2);
    const all = withLog.pages.map((p) => p.text).join('\n');
    expect(all).toContain('Incident 1 of 1');
    expect(all).toContain('Threat after I blocked him');
    expect(all).toContain('CR-2026-118');
    expect(all).toContain('The pattern over time');
    expect(all).toContain('Captures per week, with incidents marked');
    withLog.pages.forEach((page, i) => expect(page.text).toContain(`Page ${i + 1} of ${withLog.pageCount}`));
  });
});
