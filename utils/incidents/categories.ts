/**
 * Words for behaviour categories and report recipients. The fixed categories are translated; a
 * category the person typed is shown as they typed it.
 */
import { BEHAVIOUR_CATEGORIES, REPORT_RECIPIENTS, type ReportRecipient } from '../db/log-records';

/** The label of a category, given the translations of the fixed ones. */
export function categoryLabelWith(words: Record<string, string>): (category: string) => string {
  return (category) => words[category] ?? category;
}

/** True for one of the fixed categories. */
export function isFixedCategory(category: string): boolean {
  return (BEHAVIOUR_CATEGORIES as readonly string[]).includes(category);
}

/** Splits "stalking at work, fake profiles" into the person's own categories (trimmed, no repeats, no fixed ones). */
export function ownCategories(typed: string): string[] {
  return [...new Set(typed.split(/[,;\n]/).map((c) => c.trim()).filter((c) => c && !isFixedCategory(c)))].slice(0, 20);
}

export function isRecipient(value: string): value is ReportRecipient {
  return (REPORT_RECIPIENTS as readonly string[]).includes(value);
}
