/**
 * The incident summary page of the report: a pure function that gathers, for one incident, what
 * the report prints on its summary page (the advocates' fields, the people, the order, the
 * captures with their fingerprints and notes). The report writer lays it out; the dashboard uses
 * the same data for its incident view.
 */
import type { IncidentRecord, NoteRecord, ProtectiveOrderRecord, ReportRecipient } from '../db/log-records';
import type { CaptureRecord } from '../db/records';
import type { PersonSummary } from '../people/people';
import { accountLabel } from '../people/accounts';

export interface IncidentSummaryCapture {
  /** 1-based position in the incident, oldest first. */
  number: number;
  captureId: string;
  pressedAt: string;
  status: CaptureRecord['status'];
  url: string;
  title: string;
  site: string;
  screenshotSha256?: string;
  note?: string;
  failureReason?: string;
}

export interface IncidentSummary {
  incidentId: string;
  title: string;
  /** The time the person recorded: the UTC instant and the local wall time as typed. */
  occurredAt: string;
  occurredLocal: string;
  description: string;
  location: string;
  /** Category labels in the reader's words (fixed ones translated, the person's own as typed). */
  categories: string[];
  people: { name: string; accounts: string[] }[];
  othersInvolved: string;
  witnesses: string;
  reports: { to: ReportRecipient; toLabel: string; name: string; reference: string; date: string }[];
  protectiveOrder: { violated: true; order?: Omit<ProtectiveOrderRecord, 'id' | 'updatedAt'> } | { violated: false };
  captures: IncidentSummaryCapture[];
  /** First and last capture of the incident (UTC ISO), or '' without captures. */
  firstCaptureAt: string;
  lastCaptureAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentSummaryInput {
  incident: IncidentRecord;
  captures: CaptureRecord[];
  notes: NoteRecord[];
  people: PersonSummary[];
  orders: ProtectiveOrderRecord[];
  categoryLabel: (category: string) => string;
  recipientLabel: (to: ReportRecipient) => string;
}

/** The data of an incident's summary page. Captures missing from the log are left out. */
export function incidentSummary(input: IncidentSummaryInput): IncidentSummary {
  const { incident } = input;
  const byId = new Map(input.captures.map((c) => [c.id, c]));
  const noteOf = new Map(input.notes.map((n) => [n.captureId, n.text]));
  const captures = incident.captureIds
    .map((id) => byId.get(id))
    .filter((c): c is CaptureRecord => !!c)
    .sort((a, b) => a.pressedAt.localeCompare(b.pressedAt));
  const order = incident.orderId ? input.orders.find((o) => o.id === incident.orderId) : undefined;
  const people = input.people.filter((p) => p.id.startsWith('p:') && incident.personIds.includes(p.id.slice(2)));
  return {
    incidentId: incident.id,
    title: incident.title,
    occurredAt: incident.occurredAt,
    occurredLocal: incident.occurredLocal,
    description: incident.description,
    location: incident.location,
    categories: incident.categories.map(input.categoryLabel),
    people: people.map((p) => ({ name: p.name, accounts: p.accounts.map(accountLabel) })),
    othersInvolved: incident.othersInvolved,
    witnesses: incident.witnesses,
    reports: incident.reports.map((r) => ({ ...r, toLabel: input.recipientLabel(r.to) })),
    protectiveOrder: incident.violatesOrder
      ? { violated: true, ...(order ? { order: { court: order.court, caseNumber: order.caseNumber, issuedOn: order.issuedOn, expiresOn: order.expiresOn, restrainedPerson: order.restrainedPerson, terms: order.terms } } : {}) }
      : { violated: false },
    captures: captures.map((c, i) => ({
      number: i + 1,
      captureId: c.id,
      pressedAt: c.pressedAt,
      status: c.status,
      url: c.summary.url,
      title: c.summary.title,
      site: c.summary.site,
      ...(c.artifacts.find((a) => a.role === 'screenshot') ? { screenshotSha256: c.artifacts.find((a) => a.role === 'screenshot')!.sha256 } : {}),
      ...(noteOf.get(c.id) ? { note: noteOf.get(c.id) } : {}),
      ...(c.failure ? { failureReason: c.failure.reason } : {}),
    })),
    firstCaptureAt: captures[0]?.pressedAt ?? '',
    lastCaptureAt: captures.at(-1)?.pressedAt ?? '',
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
  };
}
