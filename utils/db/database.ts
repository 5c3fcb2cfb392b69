import Dexie, { type EntityTable, type Table } from 'dexie';
import type { CustodyEvent } from '../integrity/custody';
import type { CaptureSignatureRow, SigningKeyRow } from '../integrity/custody-log';
import type { TimestampRow } from '../integrity/timestamp-queue';
import type { CaptureRecord, KeyringRow, PendingPageRead, SealedBlob, StoredBlob, Thumbnail } from './records';
import type { CaptureFacts, EditRecord, IncidentRecord, NoteRecord, PersonRecord, ProtectiveOrderRecord, SearchIndexRecord } from './log-records';

/**
 * The one database of the extension. Each schema version is kept here forever; a new version
 * only adds (tables, indexes) or migrates with an `upgrade` that is tested against a fixture of
 * the previous version.
 */
export class HoldfastDb extends Dexie {
  captures!: EntityTable<CaptureRecord, 'id'>;
  blobs!: EntityTable<StoredBlob, 'sha256'>;
  thumbnails!: EntityTable<Thumbnail, 'captureId'>;
  pendingPageReads!: EntityTable<PendingPageRead, 'captureId'>;
  /** The chain of custody (`utils/integrity/custody.ts`), append-only, by event number. */
  custody!: Table<CustodyEvent, number>;
  // Version 3: the incident log (dashboard).
  notes!: EntityTable<NoteRecord, 'captureId'>;
  incidents!: EntityTable<IncidentRecord, 'id'>;
  people!: EntityTable<PersonRecord, 'id'>;
  protectiveOrders!: EntityTable<ProtectiveOrderRecord, 'id'>;
  captureFacts!: EntityTable<CaptureFacts, 'captureId'>;
  edits!: EntityTable<EditRecord, 'seq'>;
  searchIndex!: EntityTable<SearchIndexRecord, 'id'>;
  /** Version 4: the keyring of an encrypted log (one row, `id: 'log'`); empty while encryption is off. */
  keyring!: EntityTable<KeyringRow, 'id'>;
  /** Version 4: sealed artifact bytes, under a random id (never the SHA-256 of what they hold). */
  sealedBlobs!: EntityTable<SealedBlob, 'id'>;
  /** Version 5: this profile's signing key pair (one row, `id: 'profile'`); the private key cannot be exported. */
  signingKeys!: EntityTable<SigningKeyRow, 'id'>;
  /** Version 5: the signature of each capture's evidence statement (only hashes and the signature: no evidence). */
  captureSignatures!: EntityTable<CaptureSignatureRow, 'captureId'>;
  /** Version 7: trusted timestamps (RFC 3161) of custody events, by event number; pending until the authority answers. */
  timestamps!: EntityTable<TimestampRow, 'seq'>;

  constructor(name = 'holdfast') {
    super(name);
    this.version(1).stores({
      captures: '&id, pressedAt, status, [status+pressedAt]',
      blobs: '&sha256',
      thumbnails: '&captureId',
      pendingPageReads: '&captureId',
    });
    // Version 2 adds the chain of custody; nothing else changes.
    this.version(2).stores({ custody: '&seq' });
    // Version 3 (the incident log) only adds tables.
    this.version(3).stores({
      notes: '&captureId, updatedAt',
      incidents: '&id, occurredAt, updatedAt, *captureIds, *categories, *personIds',
      people: '&id, *accountKeys',
      protectiveOrders: '&id',
      captureFacts: '&captureId, accountKey, platform',
      edits: '++seq, [subjectKind+subjectId], at',
      searchIndex: '&id',
    });
    // Encryption at rest (issue 5). Adds tables only: nothing stored before is changed when the
    // database is upgraded. Existing captures are sealed later, when the person turns encryption
    // on (see `sealExistingCaptures` in evidence-codec.ts), not by this upgrade.
    this.version(4).stores({
      keyring: '&id',
      sealedBlobs: '&id, captureId',
    });
    // Version 5 (chain of custody, issue 6) only adds tables.
    this.version(5).stores({
      signingKeys: '&id',
      captureSignatures: '&captureId',
    });
    // Version 6 is reserved (sealed incidents and people). Version 7 (trusted timestamps, issue 6) only adds a table.
    this.version(7).stores({ timestamps: '&seq, state' });
  }
}

let shared: HoldfastDb | undefined;

/** The database for this extension context, opened on first use. */
export function getDb(): HoldfastDb {
  shared ??= new HoldfastDb();
  return shared;
}
