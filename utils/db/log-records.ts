/**
 * What the incident log adds to the database (schema version 3): the person's notes on captures,
 * incidents with the fields advocates use, people (accounts merged by the person), the details of
 * a protective order (stored once), facts read from each capture's `metadata.json`, a record of
 * every edit (old and new value, so the chain of custody can take them over), and the search index.
 *
 * Encryption at rest: `notes`, `incidents`, `people`, `protectiveOrders`, `captureFacts`, `edits`
 * and `searchIndex` hold words of the evidence or of the person; they are the records to seal.
 */
import type { PostFields } from '../sites/types';
import type { SealedCaptureContent } from './records';

/** A note the person wrote on a capture. The capture itself is never changed by a note. */
export interface NoteRecord {
  captureId: string;
  text: string;
  createdAt: string;
  updatedAt: string;
  /** The text before the last change, when there was one (every change is also in `edits`). */
  previousText?: string;
  /**
   * With encryption on: `text` and `previousText` sealed together (`NoteWords`, utils/notes/notes.ts);
   * `text` is then empty and `previousText` absent. Read it with `noteWords`.
   */
  sealed?: SealedCaptureContent;
}

/** The behaviour categories of the advocates' incident log; the person can add their own. */
export const BEHAVIOUR_CATEGORIES = [
  'threats',
  'unwanted-contact',
  'monitoring',
  'private-information',
  'impersonation',
  'intimate-images',
  'defamation',
  'hate',
] as const;
export type BehaviourCategory = (typeof BEHAVIOUR_CATEGORIES)[number];

/** To whom an incident was reported. */
export const REPORT_RECIPIENTS = ['platform', 'police', 'lawyer', 'advocate'] as const;
export type ReportRecipient = (typeof REPORT_RECIPIENTS)[number];

export interface IncidentReport {
  to: ReportRecipient;
  /** Who exactly: "Instagram", "City police, 4th precinct", a name. */
  name: string;
  /** Report, case or ticket number. */
  reference: string;
  /** When it was reported, `YYYY-MM-DD`, or ''. */
  date: string;
}

/** One incident: what happened, grouped from one or more captures. */
export interface IncidentRecord {
  id: string;
  /** A short name the person gives it. */
  title: string;
  /** When it happened as the person records it: local `YYYY-MM-DDTHH:mm` (as typed) and the UTC instant. */
  occurredLocal: string;
  occurredAt: string;
  description: string;
  /** Platform or place, e.g. "Instagram direct messages", "outside my work". */
  location: string;
  /** Keys of `BEHAVIOUR_CATEGORIES` and the person's own words. */
  categories: string[];
  captureIds: string[];
  /** People of the people list involved. */
  personIds: string[];
  /** Others involved, in the person's words (names not in the people list). */
  othersInvolved: string;
  witnesses: string;
  reports: IncidentReport[];
  /** True when the person says this violated a protective order; the order is stored once. */
  violatesOrder: boolean;
  orderId?: string;
  createdAt: string;
  updatedAt: string;
  /** With encryption on: the words sealed (utils/db/log-words.ts); the word fields are then blank. */
  sealed?: SealedCaptureContent;
}

/** A protective or restraining order; its details are entered once and referred to by incidents. */
export interface ProtectiveOrderRecord {
  id: string;
  court: string;
  caseNumber: string;
  issuedOn: string;
  expiresOn: string;
  /** The person the order restrains, as written in it. */
  restrainedPerson: string;
  /** What the order forbids, in the person's words or copied from it. */
  terms: string;
  updatedAt: string;
  /** With encryption on: the words sealed (utils/db/log-words.ts); the word fields are then blank. */
  sealed?: SealedCaptureContent;
}

/** An account as it appears on a page: the author of a post or the sender of an email. */
export interface AccountRef {
  /** Stable key: `platform|accountId`, `platform|@handle`, `platform|address` or `platform|name`. */
  key: string;
  platform: string;
  displayName?: string;
  handle?: string;
  address?: string;
  accountId?: string;
  profileUrl?: string;
}

/** Facts read from a capture's `metadata.json` (derived, rebuilt when missing). */
export interface CaptureFacts {
  captureId: string;
  /** When the key was pressed (copied from the capture, for the people list and charts). */
  pressedAt: string;
  /** Platform id from the site adapter, else the page's host name. */
  platform: string;
  /** The author or sender, when the capture is of a post, message or email. */
  account?: AccountRef;
  accountKey?: string;
  post?: PostFields;
}

/**
 * A person in the person's own words: one individual who may use several accounts. An account
 * not merged into anyone is shown as a person of its own.
 */
export interface PersonRecord {
  id: string;
  name: string;
  accountKeys: string[];
  /** Accounts the person added by hand (seen outside the captures), by key. */
  accounts: AccountRef[];
  notes: string;
  createdAt: string;
  updatedAt: string;
  /** With encryption on: the words sealed (utils/db/log-words.ts); the word fields are then blank. */
  sealed?: SealedCaptureContent;
}

/** One change the person made: the old and the new value, for the chain of custody. */
export interface EditRecord {
  seq?: number;
  subjectKind: 'capture' | 'incident' | 'person' | 'protective-order';
  subjectId: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  at: string;
  /** With encryption on (notes, incidents, people, orders): `{ oldValue, newValue }` sealed; both clear values are then `null`. */
  sealed?: SealedCaptureContent;
}

/** A persisted search index (MiniSearch JSON); sealed like the rest when encryption lands. */
export interface SearchIndexRecord {
  id: string;
  formatVersion: number;
  json: string;
  documentCount: number;
  /** Captures whose words are in the index. */
  captureIds: string[];
  /** `updatedAt` of each note and incident when it was indexed, by document id. */
  versions: Record<string, string>;
  savedAt: string;
}
