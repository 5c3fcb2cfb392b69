/**
 * The verifier's check of the chain of custody and the signatures in a bundle (see
 * utils/export/custody-files.ts for the files): every custody event's fingerprint and link (events
 * about captures not in the bundle are withheld: only their fingerprints are checked), the chain
 * head's signature, each capture statement's signature and its files against the bundle's
 * fingerprints, and the signature of manifest.json. WebCrypto only: no network.
 *
 * Trusted timestamps are checked in timestamp-check.ts.
 */
import { canonicalSha256 } from '../../integrity/canonical';
import { chainHeadStatement, verifyChain, type ChainHead } from '../../integrity/custody';
import { fingerprint, toPublicKeyJwk, verifyBytesSignature, verifySignature, type PublicKeyJwk } from '../../integrity/signing';
import type { BundleCheck, BundleContext, CheckSection } from './verify-bundle';

const EVENTS = 'custody/events.json';
const HEAD = 'custody/chain-head.json';
const HEAD_SIG = 'custody/chain-head.sig';
const STATEMENTS = 'custody/statements.json';
const STATEMENT_SIGS = 'custody/statement-signatures.json';
const KEY = 'signing-key.jwk.json';
const MANIFEST_SIG = 'manifest.sig';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

async function readJson(context: BundleContext, path: string): Promise<unknown> {
  if (!context.present.has(path)) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await context.source.read(path))) as unknown;
  } catch {
    return null;
  }
}

async function readText(context: BundleContext, path: string): Promise<string | undefined> {
  if (!context.present.has(path)) return undefined;
  try {
    return new TextDecoder().decode(await context.source.read(path)).trim();
  } catch {
    return undefined;
  }
}

/** The chain of custody: intact, withheld events named, deletions listed as tombstones. */
export const custodyChainCheck: BundleCheck = {
  id: 'custody',
  title: 'Chain of custody',
  async run(context): Promise<CheckSection> {
    const file = await readJson(context, EVENTS);
    const base = { id: this.id, title: this.title };
    if (file === undefined) return { ...base, outcome: 'not-checked', summary: 'This bundle has no chain of custody (custody/events.json).', findings: [] };
    if (!isRecord(file) || !Array.isArray(file.events)) return { ...base, outcome: 'failed', summary: 'custody/events.json cannot be read.', findings: [] };
    const head = await readJson(context, HEAD);
    const vouched = isRecord(head) && isRecord(head.head) && typeof head.head.seq === 'number' && typeof head.head.hash === 'string' ? ({ seq: head.head.seq, hash: head.head.hash } as ChainHead) : undefined;
    const report = await verifyChain(file.events, vouched ? { expectedHead: vouched } : {});
    const findings = report.problems.map((p) => p.message);
    if (report.withheldNote) findings.push(report.withheldNote);
    for (const raw of file.events) {
      if (!isRecord(raw) || raw.type !== 'capture-deleted' || !isRecord(raw.payload)) continue;
      const p = raw.payload;
      const files = Array.isArray(p.files) ? p.files.filter(isRecord).map((f) => `${String(f.name)} (SHA-256 ${String(f.sha256)})`) : [];
      findings.push(
        `Tombstone: capture ${String(p.captureId)} was deleted on ${String(raw.at)} (custody event ${String(raw.seq)}). Reason given: "${String(p.reason)}". The fingerprints of its files are kept: ${files.join(', ') || 'none'}.`,
      );
    }
    return {
      ...base,
      outcome: report.ok ? 'passed' : 'failed',
      summary: report.ok
        ? `The chain of custody is intact: ${report.count} events, each matching its fingerprint and linked to the one before it; nothing was removed, added or reordered.`
        : `The chain of custody is broken: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}, listed below.`,
      findings,
    };
  },
};

/** The signatures: chain head, capture statements (and their files), manifest.json. */
export const signaturesCheck: BundleCheck = {
  id: 'signatures',
  title: 'Signatures',
  async run(context): Promise<CheckSection> {
    const base = { id: this.id, title: this.title };
    const keyFile = await readJson(context, KEY);
    if (keyFile === undefined) return { ...base, outcome: 'not-checked', summary: 'This bundle is not signed (no signing-key.jwk.json).', findings: [] };
    let key: PublicKeyJwk;
    try {
      key = toPublicKeyJwk(isRecord(keyFile) ? keyFile.publicKey : null);
    } catch {
      return { ...base, outcome: 'failed', summary: 'signing-key.jwk.json does not hold an ECDSA P-256 public key.', findings: [] };
    }
    const keyPrint = await fingerprint(key);
    const findings: string[] = [`Public key fingerprint: ${keyPrint}. Compare it with the one printed in the report.`];
    if (isRecord(keyFile) && typeof keyFile.fingerprint === 'string' && keyFile.fingerprint !== keyPrint) findings.push('signing-key.jwk.json states another fingerprint than its key has.');
    let bad = 0;
    let good = 0;
    const tally = (ok: boolean, what: string) => {
      if (ok) good += 1;
      else {
        bad += 1;
        findings.push(`The signature of ${what} does not match: it was changed after it was signed, or signed with another key.`);
      }
    };

    const manifestSig = await readText(context, MANIFEST_SIG);
    if (manifestSig === undefined || !context.manifestBytes) findings.push('manifest.json is not signed (no manifest.sig).');
    else tally(await verifyBytesSignature(key, context.manifestBytes, manifestSig), 'manifest.json');

    const head = await readJson(context, HEAD);
    const headSig = await readText(context, HEAD_SIG);
    if (isRecord(head) && isRecord(head.head) && headSig !== undefined) {
      const h = head.head;
      tally(await verifySignature(key, chainHeadStatement({ seq: Number(h.seq), hash: String(h.hash) }), headSig), `the chain of custody up to event ${String(h.seq)}`);
    }

    const statements = await readJson(context, STATEMENTS);
    const sigs = await readJson(context, STATEMENT_SIGS);
    const events = await readJson(context, EVENTS);
    const addedHash = new Map<string, string>();
    if (isRecord(events) && Array.isArray(events.events)) {
      for (const e of events.events) if (isRecord(e) && e.type === 'capture-added' && isRecord(e.payload)) addedHash.set(String(e.payload.captureId), String(e.payload.recordSha256));
    }
    const folders = new Map<string, string>();
    const manifestValue = context.manifestBytes ? (JSON.parse(new TextDecoder().decode(context.manifestBytes)) as unknown) : null;
    if (isRecord(manifestValue) && Array.isArray(manifestValue.captures)) for (const c of manifestValue.captures) if (isRecord(c)) folders.set(String(c.id), String(c.folder));
    const sha = new Map((context.manifest?.files ?? []).map((f) => [f.path, f.sha256]));
    if (isRecord(statements) && Array.isArray(statements.statements)) {
      const signatures = isRecord(sigs) && isRecord(sigs.signatures) ? sigs.signatures : {};
      for (const entry of statements.statements) {
        if (!isRecord(entry) || !isRecord(entry.statement)) continue;
        const id = String(entry.captureId);
        const signature = signatures[id];
        tally(typeof signature === 'string' && (await verifySignature(key, entry.statement, signature)), `capture ${id}'s statement`);
        const statementHash = await canonicalSha256(entry.statement);
        const recorded = addedHash.get(id);
        if (recorded && recorded !== statementHash) {
          bad += 1;
          findings.push(`Capture ${id}: its statement differs from the one recorded in the chain of custody when it was captured.`);
        }
        const folder = folders.get(id);
        for (const f of Array.isArray(entry.statement.files) ? entry.statement.files.filter(isRecord) : []) {
          const inBundle = folder ? sha.get(`${folder}/${String(f.name)}`) : undefined;
          if (inBundle !== f.sha256) {
            bad += 1;
            findings.push(`Capture ${id}, file ${String(f.name)}: the bundle's fingerprint for it is not the one signed when it was captured.`);
          }
        }
      }
    }
    return {
      ...base,
      outcome: bad ? 'failed' : 'passed',
      summary: bad ? `${bad} signature check${bad === 1 ? '' : 's'} failed, listed below.` : `All ${good} signatures are valid for the public key in signing-key.jwk.json.`,
      findings,
    };
  },
};
