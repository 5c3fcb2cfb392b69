/**
 * The verifier's check of the trusted timestamps in a bundle (`timestamps/index.json` and
 * `timestamps/<seq>.tst`, see utils/export/custody-files.ts). For each token, offline:
 * - the token is for exactly the fingerprint (`hash`) of its custody event in custody/events.json
 *   (its message imprint, SHA-256);
 * - its CMS signature verifies with the authority's certificate inside the token, the token names
 *   that certificate, and the certificate is for time-stamping and was valid at the token's time.
 * Not checked (it needs the authority's root certificate or the internet): whether that
 * certificate comes from a trusted root, and whether it was revoked. Parsing is pkijs'.
 */
import { verifyTimestampToken } from '../../integrity/timestamp';
import type { BundleCheck, CheckSection } from './verify-bundle';

const INDEX = 'timestamps/index.json';
const EVENTS = 'custody/events.json';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Trusted timestamps: each token's time, and whether it matches its event. */
export const timestampsCheck: BundleCheck = {
  id: 'timestamps',
  title: 'Trusted timestamps',
  async run(context): Promise<CheckSection> {
    const base = { id: this.id, title: this.title };
    if (!context.present.has(INDEX)) {
      return { ...base, outcome: 'not-checked', summary: 'This bundle has no trusted timestamps (they are off unless the person turns them on).', findings: [] };
    }
    const read = async (path: string) => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await context.source.read(path))) as unknown;
    let index: unknown;
    let events: unknown;
    try {
      index = await read(INDEX);
      events = context.present.has(EVENTS) ? await read(EVENTS) : null;
    } catch {
      return { ...base, outcome: 'failed', summary: `${INDEX} cannot be read.`, findings: [] };
    }
    if (!isRecord(index) || !Array.isArray(index.tokens)) return { ...base, outcome: 'failed', summary: `${INDEX} cannot be read.`, findings: [] };
    const eventHash = new Map<number, string>();
    if (isRecord(events) && Array.isArray(events.events)) for (const e of events.events) if (isRecord(e)) eventHash.set(Number(e.seq), String(e.hash));

    const findings: string[] = [];
    let good = 0;
    let bad = 0;
    for (const entry of index.tokens) {
      if (!isRecord(entry)) continue;
      const seq = Number(entry.seq);
      const file = String(entry.file);
      const hash = eventHash.get(seq);
      if (!context.present.has(file) || !file.startsWith('timestamps/')) {
        bad += 1;
        findings.push(`Event ${seq}: its timestamp token ${file} is missing.`);
        continue;
      }
      if (!hash) {
        bad += 1;
        findings.push(`Event ${seq}: the chain of custody has no such event, so its timestamp cannot be matched.`);
        continue;
      }
      const result = await verifyTimestampToken(await context.source.read(file), hash);
      if (result.ok) {
        good += 1;
        findings.push(`Event ${seq}: MATCHES. Timestamped at ${result.genTime} (UTC) by ${result.tsaName || 'an unnamed authority'}; the token is for this event's fingerprint and its signature is valid.`);
      } else {
        bad += 1;
        findings.push(`Event ${seq}: DOES NOT MATCH. ${result.problems.map((p) => p.message).join(' ')}`);
      }
    }
    findings.push("Not checked here: whether the authority's certificate comes from a trusted root (check with its root certificate, e.g. openssl ts -verify), and whether it was revoked (that needs the internet).");
    return {
      ...base,
      outcome: bad ? 'failed' : 'passed',
      summary: bad ? `${bad} of ${good + bad} timestamps do not match, listed below.` : `All ${good} trusted timestamps match their custody events.`,
      findings,
    };
  },
};
