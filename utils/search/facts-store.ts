/**
 * Where the facts of each capture (platform, the author's account, the post fields) are read
 * from. With encryption off they are in the `captureFacts` table. With encryption on they are as
 * sensitive as the evidence (the abuser's account names, what the post said), so they are never
 * written to disk: the search sync keeps them in this page's memory while the log is unlocked,
 * rebuilds them after each unlock from the opened captures, and forgets them when it locks.
 * Every reader goes through here so it sees both.
 */
import type { HoldfastDb } from '../db/database';
import type { CaptureFacts } from '../db/log-records';

const inMemory = new Map<string, CaptureFacts>();

/** Keeps facts of sealed captures in memory only (never on disk). */
export function keepFactsInMemory(facts: readonly CaptureFacts[]): void {
  for (const f of facts) inMemory.set(f.captureId, f);
}

/** Forgets every fact kept in memory (the log was locked). */
export function forgetFactsInMemory(): void {
  inMemory.clear();
}

/** How many facts are held in memory (for tests and the status line). */
export function factsInMemoryCount(): number {
  return inMemory.size;
}

/** The facts of these captures, in the order given (undefined where there are none). */
export async function factsOf(db: HoldfastDb, ids: readonly string[]): Promise<(CaptureFacts | undefined)[]> {
  const stored = await db.captureFacts.bulkGet([...ids]);
  return stored.map((f, i) => f ?? inMemory.get(ids[i]!));
}

/** The facts of one capture. */
export async function factsOfCapture(db: HoldfastDb, id: string): Promise<CaptureFacts | undefined> {
  return (await db.captureFacts.get(id)) ?? inMemory.get(id);
}

/** Every capture's facts. */
export async function allFacts(db: HoldfastDb): Promise<CaptureFacts[]> {
  const stored = await db.captureFacts.toArray();
  const seen = new Set(stored.map((f) => f.captureId));
  return [...stored, ...[...inMemory.values()].filter((f) => !seen.has(f.captureId))];
}

/** The facts of captures made by these accounts. */
export async function factsOfAccounts(db: HoldfastDb, accountKeys: readonly string[]): Promise<CaptureFacts[]> {
  if (!accountKeys.length) return [];
  const stored = await db.captureFacts.where('accountKey').anyOf([...accountKeys]).toArray();
  const seen = new Set(stored.map((f) => f.captureId));
  const keys = new Set(accountKeys);
  return [...stored, ...[...inMemory.values()].filter((f) => !seen.has(f.captureId) && f.accountKey !== undefined && keys.has(f.accountKey))];
}

/** The distinct platforms of the log, sorted. */
export async function platformsInLog(db: HoldfastDb): Promise<string[]> {
  const stored = (await db.captureFacts.orderBy('platform').uniqueKeys()).map(String);
  return [...new Set([...stored, ...[...inMemory.values()].map((f) => f.platform)])].sort();
}

/** The distinct account keys of the log, with one fact of each (for its label). */
export async function accountsInLog(db: HoldfastDb): Promise<Map<string, CaptureFacts | undefined>> {
  const keys = (await db.captureFacts.orderBy('accountKey').uniqueKeys()).map(String);
  const result = new Map<string, CaptureFacts | undefined>();
  for (const key of keys) result.set(key, await db.captureFacts.where('accountKey').equals(key).first());
  for (const f of inMemory.values()) if (f.accountKey !== undefined && !result.has(f.accountKey)) result.set(f.accountKey, f);
  return result;
}
