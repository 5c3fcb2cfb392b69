/**
 * What the injected reader sends back about a page, and the schema the background checks it
 * against. The page wrote every one of these strings: they are bounded here and treated as text
 * everywhere they go.
 */
import * as v from 'valibot';

/** Caps that keep a capture of a pathological page bounded in time and memory. */
export const PAGE_LIMITS = {
  /** Characters of whole-page text kept (about 4 MB of UTF-16). */
  textChars: 2_000_000,
  visibleTextChars: 200_000,
  selectedTextChars: 200_000,
  titleChars: 2_000,
  urlChars: 16_000,
  /** Text nodes examined for the visible text before stopping. */
  textNodes: 200_000,
  /** Milliseconds spent finding the visible text before stopping. */
  visibleTextBudgetMs: 400,
} as const;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const count = v.pipe(v.number(), v.finite(), v.minValue(0));
const coordinate = v.pipe(v.number(), v.finite());

export const PageReadSchema = v.object({
  url: text(PAGE_LIMITS.urlChars),
  title: text(PAGE_LIMITS.titleChars),
  language: text(100),
  /** When the reader ran in the page, UTC ISO 8601. */
  readAt: v.pipe(v.string(), v.isoTimestamp()),
  timeZone: text(100),
  viewport: v.object({ width: count, height: count }),
  scroll: v.object({ x: coordinate, y: coordinate }),
  documentSize: v.object({ width: count, height: count }),
  devicePixelRatio: v.pipe(v.number(), v.finite(), v.minValue(0)),
  text: text(PAGE_LIMITS.textChars),
  /** Length of the whole-page text before the cap. */
  textLength: count,
  textTruncated: v.boolean(),
  visibleText: text(PAGE_LIMITS.visibleTextChars),
  visibleTextTruncated: v.boolean(),
  selectedText: text(PAGE_LIMITS.selectedTextChars),
  selectedTextTruncated: v.boolean(),
  /** What the reader stopped early on, in plain words (empty when nothing was cut). */
  limitsHit: v.pipe(v.array(text(200)), v.maxLength(20)),
});

export type PageRead = v.InferOutput<typeof PageReadSchema>;

/** Validates what came back from a page; throws a readable error when it is not a page read. */
export function parsePageRead(value: unknown): PageRead {
  const result = v.safeParse(PageReadSchema, value);
  if (!result.success) {
    const first = result.issues[0];
    const where = first?.path?.map((p) => String(p.key)).join('.') || 'value';
    throw new Error(`The page returned an unexpected reading (${where}: ${first?.message ?? 'invalid'})`);
  }
  return result.output;
}
