import { getDb } from '@/utils/db/database';
import { resetLogSearch } from '@/components/use-log-search';

/** Empties every table of the shared database and forgets the page's search index. */
export async function emptyLog(): Promise<void> {
  resetLogSearch();
  const db = getDb();
  await Promise.all(db.tables.map((t) => t.clear()));
}
