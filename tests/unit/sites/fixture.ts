/**
 * Loads a saved-page fixture from `tests/fixtures/sites/` into the test's document (happy-dom).
 * Scripts in fixtures are never run: the parsed page is only imported as nodes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Tests run from the project root (vitest's root). */
const FIXTURES = resolve(process.cwd(), 'tests/fixtures/sites');

/** Replaces the document's content with the fixture `<site>/<file>`. */
export function loadFixture(relativePath: string): Document {
  const html = readFileSync(resolve(FIXTURES, relativePath), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const imported = document.importNode(parsed.documentElement, true);
  document.removeChild(document.documentElement);
  document.appendChild(imported);
  return document;
}

/** The element matching `selector`, or a failed test. */
export function must<T extends Element = Element>(selector: string, root: ParentNode = document): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`fixture has no ${selector}`);
  return element;
}

/** The text node inside `root` that contains `words` (the element under the pointer is its parent). */
export function elementWithText(root: Element, words: string): Element {
  const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeValue?.includes(words) && node.parentElement) return node.parentElement;
  }
  throw new Error(`no element with text "${words}"`);
}

/** The hostile string used as a display name in every adapter test. */
export const HOSTILE = '<img src=x onerror=alert(1)>';
