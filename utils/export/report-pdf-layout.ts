/**
 * Page layout for `report.pdf`: wraps text to a width, flows it down pages, and reserves boxes for
 * screenshots. Pure arithmetic on font metrics, so that it can run twice with the same result:
 * once to count the pages ("Page 3 of 41" needs the total before page 1 is written), once to draw.
 */

/** Font metrics the layout needs; the PDF side supplies them from the embedded standard fonts. */
export interface FontMetrics {
  /** Width of `text` at `size` points. */
  widthOf(text: string, size: number): number;
}

export type FontKey = 'regular' | 'bold' | 'mono';
export type Ink = 'ink' | 'muted' | 'bad';

export type DrawItem =
  | { kind: 'text'; font: FontKey; size: number; x: number; y: number; text: string; ink: Ink }
  | { kind: 'rule'; x: number; y: number; width: number }
  /** A box for a screenshot: the image is scaled to fit it, top-left aligned. */
  | { kind: 'image'; path: string; x: number; y: number; width: number; height: number }
  /** A filled rectangle (a bar of a chart), in the report's chart blue. */
  | { kind: 'bar'; x: number; y: number; width: number; height: number };

export interface LaidPage {
  items: DrawItem[];
  /** Number of the capture whose section starts on this page. */
  startsCapture?: number;
}

export interface PageGeometry {
  width: number;
  height: number;
  margin: number;
  /** Space kept at the bottom for the page footer. */
  footer: number;
}

export const PAGE_SIZES = {
  A4: { width: 595.28, height: 841.89 },
  Letter: { width: 612, height: 792 },
} as const;

export function pageGeometry(size: keyof typeof PAGE_SIZES): PageGeometry {
  return { ...PAGE_SIZES[size], margin: 48, footer: 28 };
}

/** Greedy line breaking: at spaces when possible, inside a word when it is wider than the line. */
export function wrapText(text: string, width: number, size: number, font: FontMetrics): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (paragraph === '') {
      lines.push('');
      continue;
    }
    // Widths are kept in font units (size 1000: exact sums of the glyph widths), so that a line
    // is measured once, word by word, and not again for every word added to it.
    let line = '';
    let lineUnits = 0;
    let lineTrimmedUnits = 0;
    for (const word of paragraph.split(/(?<= )/)) {
      const trimmedWord = word.trimEnd();
      const wordUnits = font.widthOf(word, 1000);
      const candidateTrimmedUnits = trimmedWord === '' ? lineTrimmedUnits : lineUnits + (trimmedWord === word ? wordUnits : font.widthOf(trimmedWord, 1000));
      if ((candidateTrimmedUnits * size) / 1000 <= width) {
        line += word;
        lineTrimmedUnits = candidateTrimmedUnits;
        lineUnits += wordUnits;
        continue;
      }
      if (line) lines.push(line.trimEnd());
      line = '';
      // The word alone is too wide: cut it where it reaches the margin.
      let rest = word;
      for (;;) {
        const cut = fitPrefix(rest, width, size, font);
        if (cut >= rest.trimEnd().length) break;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
      lineUnits = font.widthOf(rest, 1000);
      lineTrimmedUnits = font.widthOf(rest.trimEnd(), 1000);
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Length of the longest prefix of `text` that fits in `width` (at least one character). */
function fitPrefix(text: string, width: number, size: number, font: FontMetrics): number {
  // No glyph of the standard fonts is narrower than 0.15 em: nothing past this bound can fit.
  let low = 1;
  let high = Math.min(text.length, Math.ceil(width / (size * 0.15)) + 1);
  if (high === text.length && font.widthOf(text, size) <= width) return text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.widthOf(text.slice(0, mid), size) <= width) low = mid;
    else high = mid - 1;
  }
  // Keep surrogate pairs together.
  const code = text.charCodeAt(low - 1);
  if (code >= 0xd800 && code <= 0xdbff && low < text.length) low += 1;
  return low;
}

/**
 * Flows content down pages. Every completed page is handed to `emit` in order; `finish()` emits
 * the last one.
 */
export class PageFlow {
  private items: DrawItem[] = [];
  private startsCapture?: number;
  /** Distance from the bottom of the page to the top of the next line. */
  private y: number;
  private pageOpen = false;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;

  constructor(
    readonly geometry: PageGeometry,
    readonly fonts: Record<FontKey, FontMetrics>,
    private readonly emit: (page: LaidPage) => void,
  ) {
    this.left = geometry.margin;
    this.right = geometry.width - geometry.margin;
    this.top = geometry.height - geometry.margin;
    this.bottom = geometry.margin + geometry.footer;
    this.y = this.top;
  }

  get contentWidth(): number {
    return this.right - this.left;
  }

  /** Height left on the current page. */
  get room(): number {
    return this.pageOpen ? this.y - this.bottom : this.top - this.bottom;
  }

  /** Starts a new page (the current one is emitted if it has anything on it). */
  newPage(startsCapture?: number): void {
    if (this.pageOpen) this.emitPage();
    this.pageOpen = true;
    this.items = [];
    this.startsCapture = startsCapture;
    this.y = this.top;
  }

  /** Makes sure `height` fits below the cursor, starting a new page if it does not. */
  ensure(height: number): void {
    if (!this.pageOpen) this.newPage();
    else if (this.y - height < this.bottom) this.newPage();
  }

  space(height: number): void {
    if (!this.pageOpen) this.newPage();
    this.y -= height;
  }

  /** Wrapped text at `indent` from the left margin, `width` wide; breaks across pages. */
  text(text: string, options: { font?: FontKey; size?: number; indent?: number; width?: number; ink?: Ink; leading?: number } = {}): void {
    const font = options.font ?? 'regular';
    const size = options.size ?? 10;
    const indent = options.indent ?? 0;
    const width = options.width ?? this.contentWidth - indent;
    const leading = options.leading ?? size * 1.3;
    for (const line of wrapText(text, width, size, this.fonts[font])) {
      this.ensure(leading);
      this.y -= leading;
      if (line !== '') this.items.push({ kind: 'text', font, size, x: this.left + indent, y: this.y + (leading - size) / 2 + size * 0.22, text: line, ink: options.ink ?? 'ink' });
    }
  }

  /** A label in the left column and its value wrapped in the right one; continues on the next page. */
  labelled(label: string, value: string, options: { labelWidth: number; valueFont?: FontKey; size?: number }): void {
    const size = options.size ?? 9.5;
    const leading = size * 1.3;
    const labelLines = wrapText(label, options.labelWidth - 8, size, this.fonts.bold);
    const valueLines = wrapText(value, this.contentWidth - options.labelWidth, size, this.fonts[options.valueFont ?? 'regular']);
    const rows = Math.max(labelLines.length, valueLines.length);
    // Keep short facts together on one page.
    if (rows <= 6) this.ensure(rows * leading + 2);
    for (let i = 0; i < rows; i += 1) {
      this.ensure(leading);
      this.y -= leading;
      const baseline = this.y + (leading - size) / 2 + size * 0.22;
      if (labelLines[i]) this.items.push({ kind: 'text', font: 'bold', size, x: this.left, y: baseline, text: labelLines[i], ink: 'ink' });
      if (valueLines[i]) this.items.push({ kind: 'text', font: options.valueFont ?? 'regular', size, x: this.left + options.labelWidth, y: baseline, text: valueLines[i], ink: 'ink' });
    }
    this.y -= 2;
  }

  /** One line of cells on the same baseline, e.g. a row of the index. `x` is from the left margin. */
  row(cells: { text: string; x: number; font?: FontKey; ink?: Ink; alignRight?: boolean }[], size: number): void {
    const leading = size * 1.4;
    this.ensure(leading);
    this.y -= leading;
    const baseline = this.y + (leading - size) / 2 + size * 0.22;
    for (const cell of cells) {
      const font = cell.font ?? 'regular';
      const x = cell.alignRight ? this.left + cell.x - this.fonts[font].widthOf(cell.text, size) : this.left + cell.x;
      this.items.push({ kind: 'text', font, size, x, y: baseline, text: cell.text, ink: cell.ink ?? 'ink' });
    }
  }

  rule(): void {
    this.ensure(6);
    this.y -= 3;
    this.items.push({ kind: 'rule', x: this.left, y: this.y, width: this.contentWidth });
    this.y -= 3;
  }

  /**
   * Reserves a box for a screenshot of `aspect` (height / width; unknown → fills the room), on
   * this page when at least `minHeight` is left, else on a new page.
   */
  image(path: string, aspect: number | null, minHeight: number): void {
    if (!this.pageOpen || this.room < minHeight) this.newPage();
    const width = this.contentWidth;
    const fullHeight = this.room;
    const height = aspect && aspect > 0 ? Math.min(fullHeight, width * aspect) : fullHeight;
    this.y -= height;
    this.items.push({ kind: 'image', path, x: this.left, y: this.y, width, height });
  }

  /**
   * A bar chart of `values` (one bar per column), `height` tall, with the largest value and zero
   * written on the axis; kept on one page.
   */
  bars(values: number[], height: number): void {
    const size = 7.5;
    this.ensure(height + size * 2);
    const max = Math.max(1, ...values);
    const axis = 24;
    const width = this.contentWidth - axis;
    const step = values.length ? width / values.length : width;
    const barWidth = Math.max(0.5, step * 0.8);
    const top = this.y - size;
    const base = top - height;
    this.items.push({ kind: 'text', font: 'regular', size, x: this.left, y: top - size * 0.8, text: String(max), ink: 'muted' });
    this.items.push({ kind: 'text', font: 'regular', size, x: this.left, y: base, text: '0', ink: 'muted' });
    values.forEach((value, i) => {
      if (value > 0) this.items.push({ kind: 'bar', x: this.left + axis + i * step, y: base, width: barWidth, height: (value / max) * height });
    });
    this.items.push({ kind: 'rule', x: this.left + axis, y: base, width });
    this.y = base - size;
  }

  /** Emits the last page. */
  finish(): void {
    if (this.pageOpen) this.emitPage();
    this.pageOpen = false;
  }

  private emitPage(): void {
    this.emit({ items: this.items, ...(this.startsCapture !== undefined ? { startsCapture: this.startsCapture } : {}) });
    this.items = [];
    this.startsCapture = undefined;
  }
}
