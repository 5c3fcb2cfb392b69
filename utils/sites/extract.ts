/**
 * Reads the post, comment, message or email under the pointer: the site's own adapter first, the
 * generic adapter when the site has none or its adapter no longer recognises the markup. Runs in
 * the captured page and never throws; what happened is told in the extraction report.
 */
import { generic } from './generic';
import { SITE_ADAPTERS } from './index';
import type { ExtractionReport, PostFields, SiteAdapter } from './types';

export interface PostExtraction {
  /** The fields read, or null when no adapter recognised a post around the target. */
  fields: PostFields | null;
  /** The element of the post that was read (for the cropped screenshot), or null. */
  post: Element | null;
  report: ExtractionReport;
}

/** Longest error message kept in a note. */
const MAX_ERROR_CHARS = 200;

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_CHARS) || 'unknown error';
}

type Step<T> = { value: T | null; error?: string };

function attempt<T>(run: () => T | null): Step<T> {
  try {
    return { value: run() ?? null };
  } catch (error) {
    return { value: null, error: describeError(error) };
  }
}

/** The first site adapter (never the generic one) whose `matches` accepts the page. */
function siteAdapterFor(pageUrl: URL, adapters: readonly SiteAdapter[], notes: string[]): SiteAdapter | undefined {
  for (const adapter of adapters) {
    if (adapter.id === generic.id) continue;
    const match = attempt(() => adapter.matches(pageUrl));
    if (match.error) notes.push(`${adapter.name}: matches() failed (${match.error}); skipped.`);
    if (match.value === true) return adapter;
  }
  return undefined;
}

/**
 * Finds the post around `target` and reads its fields with the first adapter in `adapters` that
 * matches `pageUrl`, falling back to the generic adapter when that adapter's `findPost` or
 * `extract` returns null or throws (`report.fellBackFrom` then names the site adapter and the notes
 * say which step failed). Never throws.
 */
export function extractPost(target: Element, pageUrl: URL, adapters: readonly SiteAdapter[] = SITE_ADAPTERS): PostExtraction {
  const notes: string[] = [];
  const site = attempt(() => siteAdapterFor(pageUrl, adapters, notes) ?? null).value;

  if (site) {
    const found = attempt(() => site.findPost(target));
    if (found.error) {
      notes.push(`${site.name}: findPost failed (${found.error}).`);
    } else if (!found.value) {
      notes.push(`${site.name}: findPost found no post around the element (the site's markup may have changed).`);
    } else {
      const post = found.value;
      const read = attempt(() => site.extract(post, pageUrl));
      if (read.error) notes.push(`${site.name}: extract failed (${read.error}).`);
      else if (!read.value) notes.push(`${site.name}: extract did not recognise the post's markup.`);
      else return { fields: read.value, post, report: { adapter: site.id, notes } };
    }
  }

  const fellBackFrom = site ? { fellBackFrom: site.id } : {};
  const found = attempt(() => generic.findPost(target));
  if (!found.value) {
    notes.push(found.error ? `Generic: findPost failed (${found.error}).` : 'Generic: no article-like element around the element.');
    return { fields: null, post: null, report: { adapter: generic.id, ...fellBackFrom, notes } };
  }
  const post = found.value;
  const read = attempt(() => generic.extract(post, pageUrl));
  if (!read.value) notes.push(read.error ? `Generic: extract failed (${read.error}).` : 'Generic: the element holds nothing it can read.');
  return { fields: read.value, post, report: { adapter: generic.id, ...fellBackFrom, notes } };
}
