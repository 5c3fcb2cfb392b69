/**
 * What the person added to the log, for the report of an export: their notes on the exported
 * captures (`notesByCapture`), the incidents those captures belong to (the advocates' incident log fields), and the
 * pattern over time drawn from the exported captures only.
 *
 * An export of some captures discloses nothing about the others: an incident lists only the
 * exported captures (and says how many of its captures were left out, without naming them), and
 * the people and charts are counted from the exported captures and incidents alone.
 */
import type { HoldfastDb } from '../db/database';
import { createEvidenceCodec, type EvidenceCodec } from '../db/evidence-codec';
import { openIncident, openOrder, openPerson, type OpenedRecord } from '../db/log-words';
import { noteWords } from '../notes/notes';
import { factsOf } from '../search/facts-store';
import type { CaptureFacts, IncidentRecord, IncidentReport, PersonRecord, ProtectiveOrderRecord } from '../db/log-records';
import { BEHAVIOUR_CATEGORIES } from '../db/log-records';
import { chartSvgMarkup } from '../pattern/chart-svg';
import { ENGLISH_CHART_WORDS, patternCharts } from '../pattern/charts';
import { buildPattern, type PatternData } from '../pattern/weekly';
import { summarisePeople } from '../people/people';

/** A protective order as the report shows it. */
export interface ReportOrder {
  court: string;
  caseNumber: string;
  issuedOn: string;
  expiresOn: string;
  restrainedPerson: string;
  terms: string;
}

/** One incident, limited to the exported captures. */
export interface ReportIncident {
  id: string;
  title: string;
  /** As the person typed it (local time, `YYYY-MM-DDTHH:mm`), and the UTC instant. */
  occurredLocal: string;
  occurredAt: string;
  description: string;
  location: string;
  /** Behaviour categories in words. */
  categories: string[];
  /** Ids of the exported captures in this incident. */
  captureIds: string[];
  /** Captures of the incident that are not in this export. */
  capturesLeftOut: number;
  /** Names of the people involved (from the people list). */
  people: string[];
  othersInvolved: string;
  witnesses: string;
  reports: { to: string; name: string; reference: string; date: string }[];
  violatesOrder: boolean;
  order?: ReportOrder;
}

/** The person's additions to the log, for the report. */
export interface ReportLog {
  /** Incidents with at least one exported capture, in order of when they happened. */
  incidents: ReportIncident[];
  /** Weekly counts of the exported captures and incidents. */
  pattern: PatternData;
}

/** The advocates' behaviour categories in the report's words (English, like the rest of it). */
export const CATEGORY_WORDS: Record<(typeof BEHAVIOUR_CATEGORIES)[number], string> = {
  threats: 'Threats',
  'unwanted-contact': 'Unwanted contact after being told to stop',
  monitoring: 'Monitoring or tracking',
  'private-information': 'Sharing private information',
  impersonation: 'Impersonation',
  'intimate-images': 'Sharing intimate images without consent',
  defamation: 'Defamation',
  hate: 'Hate',
};

const RECIPIENT_WORDS: Record<string, string> = { platform: 'Platform', police: 'Police', lawyer: 'Lawyer', advocate: 'Advocate' };

/** A category key in words; the person's own categories are their own words. */
export function categoryWords(category: string): string {
  return (CATEGORY_WORDS as Record<string, string>)[category] ?? category;
}

/** The person's notes on captures, by capture id (empty notes left out). */
export function notesByCapture(tables: Pick<ReportLogTables, 'notes'>): Map<string, string[]> {
  return new Map(tables.notes.filter((n) => n.text.trim() !== '').map((n) => [n.captureId, [n.text]]));
}

/** What the report needs from the log's own tables, as they are stored. */
export interface ReportLogTables {
  notes: { captureId: string; text: string }[];
  incidents: IncidentRecord[];
  persons: PersonRecord[];
  orders: ProtectiveOrderRecord[];
  facts: CaptureFacts[];
}

/**
 * Reads the notes, incidents, people, orders and facts that concern `captureIds`. Sealed notes,
 * incidents, people and orders are opened with `codec` (the export runs unlocked); one that does not open is left out.
 */
export async function readReportLogTables(db: HoldfastDb, captureIds: string[], codec: EvidenceCodec = createEvidenceCodec()): Promise<ReportLogTables> {
  const [stored, storedIncidents, storedPersons, storedOrders, facts] = await Promise.all([
    db.notes.bulkGet(captureIds),
    db.incidents.where('captureIds').anyOf(captureIds).distinct().toArray(),
    db.people.toArray(),
    db.protectiveOrders.toArray(),
    // With encryption on, facts live only in the page's memory while the log is unlocked.
    factsOf(db, captureIds),
  ]);
  // Sealed incidents, people and orders are opened the same way; one that does not open is left out.
  const words = await Promise.all([
    Promise.all(storedIncidents.map((i) => openIncident(codec, i))),
    Promise.all(storedPersons.map((p) => openPerson(codec, p))),
    Promise.all(storedOrders.map((o) => openOrder(codec, o))),
  ]);
  const readable = <R,>(opened: OpenedRecord<R>[]) => opened.flatMap((o) => (o.state === 'locked' ? [] : [o.record]));
  const [incidents, persons, orders] = [readable(words[0]), readable(words[1]), readable(words[2])];
  const notes: ReportLogTables['notes'] = [];
  for (const note of stored) {
    const words = note ? await noteWords(codec, note) : undefined;
    if (note && words) notes.push({ captureId: note.captureId, text: words.text });
  }
  return {
    notes,
    incidents,
    persons,
    orders,
    facts: facts.filter((f): f is CaptureFacts => Boolean(f)),
  };
}

/**
 * The report's view of the log for the exported captures (`exported`: id → time of the key
 * press). Pure: pass what `readReportLogTables` read.
 */
export function buildReportLog(tables: ReportLogTables, exported: Map<string, string>): ReportLog {
  const facts = tables.facts.filter((f) => exported.has(f.captureId));
  const relevant = tables.incidents
    .map((incident) => ({ incident, ids: incident.captureIds.filter((id) => exported.has(id)) }))
    .filter(({ ids }) => ids.length > 0);
  // People, counted from the exported captures only: a person seen only elsewhere is not named.
  const people = summarisePeople(facts, tables.persons, relevant.map(({ incident, ids }) => ({ ...incident, captureIds: ids }))).filter((p) => p.captureIds.length > 0);
  const personNames = new Map<string, string>();
  for (const person of tables.persons) personNames.set(person.id, person.name);
  const orders = new Map(tables.orders.map((o) => [o.id, o]));
  const incidents: ReportIncident[] = relevant
    .sort((a, b) => a.incident.occurredAt.localeCompare(b.incident.occurredAt) || a.incident.title.localeCompare(b.incident.title))
    .map(({ incident, ids }) => {
      const order = incident.violatesOrder && incident.orderId ? orders.get(incident.orderId) : undefined;
      return {
        id: incident.id,
        title: incident.title,
        occurredLocal: incident.occurredLocal,
        occurredAt: incident.occurredAt,
        description: incident.description,
        location: incident.location,
        categories: incident.categories.map(categoryWords),
        captureIds: ids,
        capturesLeftOut: incident.captureIds.length - ids.length,
        people: incident.personIds.map((id) => personNames.get(id)).filter((n): n is string => Boolean(n)),
        othersInvolved: incident.othersInvolved,
        witnesses: incident.witnesses,
        reports: incident.reports.map((r: IncidentReport) => ({ to: RECIPIENT_WORDS[r.to] ?? r.to, name: r.name, reference: r.reference, date: r.date })),
        violatesOrder: incident.violatesOrder,
        ...(order
          ? { order: { court: order.court, caseNumber: order.caseNumber, issuedOn: order.issuedOn, expiresOn: order.expiresOn, restrainedPerson: order.restrainedPerson, terms: order.terms } }
          : {}),
      };
    });
  const pattern = buildPattern({
    captures: [...exported.values()].map((pressedAt) => ({ pressedAt })),
    facts,
    incidents: relevant.map(({ incident, ids }) => ({ ...incident, captureIds: ids })),
    people,
    categoryLabel: categoryWords,
  });
  return { incidents, pattern };
}

/** A chart of the report: its title, what it shows in words, and its SVG markup (escaped text only). */
export interface ReportChart {
  title: string;
  summary: string;
  svg: string;
  /** The weekly values, also given as a table. */
  weeks: string[];
  series: { label: string; values: number[] }[];
}

/** The three pattern charts of the report, in English; empty when there is nothing to draw. */
export function reportCharts(pattern: PatternData): ReportChart[] {
  if (!pattern.weeks.length) return [];
  const charts = patternCharts(pattern, ENGLISH_CHART_WORDS, 'report-chart');
  return [charts.timeline, charts.byPerson, charts.byCategory]
    .filter((c) => c.series.length > 0)
    .map((c) => ({ title: c.title, summary: c.summary, svg: chartSvgMarkup(c), weeks: c.xLabels, series: c.series }));
}
