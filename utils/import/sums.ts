/**
 * `SHA256SUMS`: the list a clerk checks with `sha256sum -c SHA256SUMS`, one `<hex>  <name>` line
 * per file. On import it must agree with the files present and with the manifest, so that the
 * bundle a person restores is one that would also pass the clerk's check.
 */
import { SUMS_PATH } from '../export/layout';
import { quoteName, refuse } from './refusal';

/** One line of `SHA256SUMS`. */
export interface SumsLine {
  path: string;
  sha256: string;
}

/** `sha256sum` writes two spaces (text mode) or a space and `*` (binary mode) before the name. */
const LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

/** The lines of `SHA256SUMS`; refuses a list that `sha256sum -c` would not read as we do. */
export function parseSums(bytes: Uint8Array): SumsLine[] {
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw refuse('CHANGED', 'SHA256SUMS, the list of fingerprints, is not readable text: it has been changed.', SUMS_PATH);
  }
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const sums: SumsLine[] = [];
  const seen = new Map<string, string>();
  for (const [index, line] of lines.entries()) {
    const match = LINE.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (!match) {
      throw refuse('CHANGED', `Line ${index + 1} of SHA256SUMS, the list of fingerprints, is not in the form sha256sum writes: the list has been changed.`, SUMS_PATH);
    }
    const sha256 = match[1]!.toLowerCase();
    const path = match[2]!;
    const earlier = seen.get(path);
    if (earlier !== undefined && earlier !== sha256) {
      throw refuse('CHANGED', `SHA256SUMS gives two different fingerprints for ${quoteName(path)}: the list has been changed.`, SUMS_PATH);
    }
    seen.set(path, sha256);
    sums.push({ path, sha256 });
  }
  return sums;
}
