/**
 * Reads `SHA256SUMS` as `sha256sum -c` does: one `<64 hex>  <path>` per line (`<hex> *<path>` in
 * binary mode). Lines that are not in that form are reported, never guessed at.
 */

export interface SumsLine {
  sha256: string;
  path: string;
  /** 1-based line number, to point at it. */
  line: number;
}

export interface ParsedSums {
  entries: SumsLine[];
  /** Line numbers that could not be read. */
  unreadable: number[];
}

const LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;

export function parseSha256Sums(text: string): ParsedSums {
  const entries: SumsLine[] = [];
  const unreadable: number[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') return;
    const match = LINE.exec(line);
    if (!match) unreadable.push(index + 1);
    else entries.push({ sha256: match[1].toLowerCase(), path: match[2].replace(/^\.\//, ''), line: index + 1 });
  });
  return { entries, unreadable };
}
