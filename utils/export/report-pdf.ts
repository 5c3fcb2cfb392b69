/**
 * `report.pdf`: the same record as `report.html`, as a PDF a court can file and print: a cover with
 * the manifest digest, an index with page numbers, then one section per capture with its
 * screenshot, facts and fingerprints, and "Page 3 of 41" on every page.
 *
 * Text is real text in the standard fonts (Helvetica, Courier), so it can be selected, searched
 * and copied. Those fonts cannot show every script or emoji: each character they cannot show is
 * written visibly as `[U+1F600]`, and the cover says how many were replaced and where the exact
 * text is. Nothing from a web page is ever interpreted: it is only measured and drawn.
 *
 * Memory: the PDF is produced page by page (see `StreamedPdfWriter`); at any time only one
 * screenshot and the objects of the page being drawn are held, plus a few bytes per page for the
 * cross-reference table. `renderReportPdfChunks` keeps that bound; `renderReportPdf` gathers the
 * chunks into one array, so its peak is the size of the finished PDF plus that bound.
 */
import {
  JpegEmbedder,
  PDFHexString,
  PDFString,
  PngEmbedder,
  StandardFontEmbedder,
  StandardFonts,
  beginText,
  drawObject,
  endText,
  fill,
  lineTo,
  moveText,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  scale,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  showText,
  stroke,
  translate,
  type PDFContext,
  type PDFOperator,
  type PDFRef,
} from 'pdf-lib';
import { embedPngData, pngForPdf } from './report-pdf-png';
import { PageFlow, pageGeometry, wrapText, type DrawItem, type FontKey, type FontMetrics, type Ink, type LaidPage, type PageGeometry } from './report-pdf-layout';
import { StreamedPdfWriter } from './report-pdf-writer';
import { INCIDENTS_INTRO, PATTERN_INTRO, buildReportView, captureViews, outlineInput, type AnyReportInput, type CaptureView, type Fact, type ReportView } from './report-model';

/** Reads a file of the bundle (a screenshot) by its path in the bundle: PNG or JPEG bytes. */
export type ReadBundleImage = (path: string) => Promise<Uint8Array>;

export interface ReportPdfOptions {
  /** Paper size; A4 unless told. */
  pageSize?: 'A4' | 'Letter';
  /** Told after each capture's pages are written. */
  onProgress?: (capturesDone: number, captureCount: number) => void;
}

/** Characters of page text printed per excerpt in the PDF; the whole text is in the bundle. */
export const PDF_TEXT_LIMIT = 4_000;

const FONT_NAMES: Record<FontKey, { resource: string; standard: StandardFonts }> = {
  regular: { resource: 'F1', standard: StandardFonts.Helvetica },
  bold: { resource: 'F2', standard: StandardFonts.HelveticaBold },
  mono: { resource: 'F3', standard: StandardFonts.Courier },
};

const INK: Record<Ink, [number, number, number]> = {
  ink: [0.1, 0.1, 0.12],
  muted: [0.36, 0.37, 0.4],
  bad: [0.61, 0.11, 0.11],
};

/** `report.pdf` as one array (peak memory: the whole PDF; see `renderReportPdfChunks`). */
export async function renderReportPdf(input: AnyReportInput, readImage: ReadBundleImage, options: ReportPdfOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of renderReportPdfChunks(input, readImage, options)) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * `report.pdf` as a sequence of byte chunks, in order, one or more per page: can be fed straight
 * into a streaming zip. Screenshots are read one at a time, when their page is drawn.
 */
export async function* renderReportPdfChunks(input: AnyReportInput, readImage: ReadBundleImage, options: ReportPdfOptions = {}): AsyncGenerator<Uint8Array> {
  const view = buildReportView(outlineInput(input));
  const writer = new StreamedPdfWriter();
  const { context } = writer;
  const geometry = pageGeometry(options.pageSize ?? 'A4');

  const embedders = {
    regular: StandardFontEmbedder.for(FONT_NAMES.regular.standard as never),
    bold: StandardFontEmbedder.for(FONT_NAMES.bold.standard as never),
    mono: StandardFontEmbedder.for(FONT_NAMES.mono.standard as never),
  };
  const sanitizer = new PdfTextSanitizer(new Set(embedders.regular.encoding.supportedCodePoints));
  const metrics = {
    regular: new CachedMetrics(embedders.regular),
    bold: new CachedMetrics(embedders.bold),
    mono: new CachedMetrics(embedders.mono),
  };
  const total = view.captures.length;

  // First pass: count pages, find where each capture starts, count replaced characters. Captures
  // are read one at a time (twice in all: here and when drawing), never all at once.
  const plan = { total: 0, captureStarts: [] as number[], replaced: 0 };
  const counting = new PdfTextSanitizer(sanitizer.supported);
  const countFlow = new PageFlow(geometry, metrics, (page) => {
    plan.total += 1;
    if (page.startsCapture !== undefined) plan.captureStarts[page.startsCapture] = plan.total;
  });
  layoutFront(countFlow, view, counting, plan);
  for await (const capture of captureViews(input)) layoutCapture(countFlow, capture, total, (text) => counting.clean(text));
  countFlow.finish();
  plan.replaced = counting.replaced;

  // Second pass: lay out again (same result) and draw each page as soon as it is complete.
  const fontRefs: Record<string, PDFRef> = {};
  for (const key of Object.keys(FONT_NAMES) as FontKey[]) fontRefs[FONT_NAMES[key].resource] = embedders[key].embedIntoContext(context);
  const pagesRef = writer.reserve();
  const catalogRef = writer.reserve();
  const infoRef = writer.reserve();
  const kids: PDFRef[] = [];

  const footerText = new PdfTextSanitizer(sanitizer.supported).clean(`Holdfast evidence record - manifest digest ${view.cover.manifestDigest.slice(0, 16)}...`);
  yield writer.start();
  const pending: LaidPage[] = [];
  const drawFlow = new PageFlow(geometry, metrics, (page) => pending.push(page));
  const drawing = new PdfTextSanitizer(sanitizer.supported);
  async function* drawPending(): AsyncGenerator<Uint8Array> {
    while (pending.length) {
      const page = pending.shift()!;
      kids.push(await drawPage(page, kids.length + 1));
      yield* writer.flushParts();
    }
  }
  layoutFront(drawFlow, view, drawing, plan);
  yield* drawPending();
  let capturesDone = 0;
  for await (const capture of captureViews(input)) {
    layoutCapture(drawFlow, capture, total, (text) => drawing.clean(text));
    yield* drawPending();
    capturesDone += 1;
    options.onProgress?.(capturesDone, total);
  }
  drawFlow.finish();
  yield* drawPending();
  if (kids.length !== plan.total) throw new Error(`PDF layout is not deterministic: counted ${plan.total} pages, drew ${kids.length}`);

  context.assign(pagesRef, context.obj({ Type: 'Pages', Kids: kids, Count: kids.length }));
  context.assign(catalogRef, context.obj({ Type: 'Catalog', Pages: pagesRef, Lang: PDFString.of('en') }));
  const exportedAt = new Date(input.manifest.exportedAt);
  context.assign(
    infoRef,
    context.obj({
      Title: PDFHexString.fromText(view.cover.title),
      Subject: PDFHexString.fromText(`Manifest digest ${view.cover.manifestDigest}`),
      Creator: PDFHexString.fromText(`${input.manifest.tool.name} ${input.manifest.tool.version}`),
      Producer: PDFHexString.fromText('Holdfast report (pdf-lib)'),
      ...(Number.isNaN(exportedAt.getTime()) ? {} : { CreationDate: PDFString.fromDate(exportedAt) }),
    }),
  );
  yield writer.end({ root: catalogRef, info: infoRef });

  async function drawPage(page: LaidPage, pageNumber: number): Promise<PDFRef> {
    const ops: PDFOperator[] = [];
    const xObjects: Record<string, PDFRef> = {};
    const footer: DrawItem[] = [
      { kind: 'text', font: 'regular', size: 7.5, x: geometry.margin, y: geometry.margin - 4, text: footerText, ink: 'muted' },
    ];
    const pageLabel = `Page ${pageNumber} of ${plan.total}`;
    const labelWidth = metrics.regular.widthOf(pageLabel, 8);
    footer.push({ kind: 'text', font: 'regular', size: 8, x: geometry.width - geometry.margin - labelWidth, y: geometry.margin - 4, text: pageLabel, ink: 'ink' });
    for (const item of [...page.items, ...footer]) {
      if (item.kind === 'text') ops.push(...textOps(item));
      else if (item.kind === 'rule') ops.push(...ruleOps(item));
      else if (item.kind === 'bar') ops.push(...barOps(item));
      else {
        const name = `Im${Object.keys(xObjects).length + 1}`;
        const placed = await placeImage(item, name);
        if (placed.ref) xObjects[name] = placed.ref;
        ops.push(...placed.ops);
      }
    }
    const contentRef = context.register(context.contentStream(ops));
    return context.register(
      context.obj({
        Type: 'Page',
        Parent: pagesRef,
        MediaBox: [0, 0, geometry.width, geometry.height],
        Resources: { Font: fontRefs, ...(Object.keys(xObjects).length ? { XObject: xObjects } : {}) },
        Contents: contentRef,
      }),
    );
  }

  function textOps(item: Extract<DrawItem, { kind: 'text' }>): PDFOperator[] {
    const [r, g, b] = INK[item.ink];
    let encoded: PDFHexString;
    try {
      encoded = embedders[item.font].encodeText(item.text);
    } catch {
      // Unreachable when the sanitizer did its work; never let one string stop the report.
      encoded = embedders[item.font].encodeText(item.text.replace(/[^\x20-\x7e]/g, '?'));
    }
    return [
      beginText(),
      setFillingRgbColor(r, g, b),
      setFontAndSize(FONT_NAMES[item.font].resource, item.size),
      moveText(round(item.x), round(item.y)),
      showText(encoded),
      endText(),
    ];
  }

  function ruleOps(item: Extract<DrawItem, { kind: 'rule' }>): PDFOperator[] {
    return [pushGraphicsState(), setStrokingRgbColor(0.75, 0.76, 0.78), setLineWidth(0.6), moveTo(round(item.x), round(item.y)), lineTo(round(item.x + item.width), round(item.y)), stroke(), popGraphicsState()];
  }

  function barOps(item: Extract<DrawItem, { kind: 'bar' }>): PDFOperator[] {
    return [pushGraphicsState(), setFillingRgbColor(0.15, 0.39, 0.92), rectangle(round(item.x), round(item.y), round(item.width), round(item.height)), fill(), popGraphicsState()];
  }

  async function placeImage(item: Extract<DrawItem, { kind: 'image' }>, name: string): Promise<{ ref?: PDFRef; ops: PDFOperator[] }> {
    try {
      const image = await embedImage(context, await readImage(item.path));
      const fit = Math.min(item.width / image.width, item.height / image.height);
      const width = image.width * fit;
      const height = image.height * fit;
      const ref = image.ref;
      const x = item.x;
      const y = item.y + item.height - height;
      return {
        ref,
        ops: [
          pushGraphicsState(),
          translate(round(x), round(y)),
          scale(round(width), round(height)),
          drawObject(name),
          popGraphicsState(),
          pushGraphicsState(),
          setStrokingRgbColor(0.6, 0.61, 0.64),
          setLineWidth(0.5),
          rectangle(round(x), round(y), round(width), round(height)),
          stroke(),
          popGraphicsState(),
        ],
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const text = new PdfTextSanitizer(sanitizer.supported).clean(
        `The screenshot could not be placed in this PDF (${reason.slice(0, 200)}). The original file is in the bundle at ${item.path}.`,
      );
      const lines = wrapText(text, item.width, 9, metrics.regular).slice(0, Math.max(1, Math.floor(item.height / 12)));
      return { ops: lines.flatMap((line, i) => textOps({ kind: 'text', font: 'regular', size: 9, x: item.x, y: item.y + item.height - 12 * (i + 1), text: line, ink: 'bad' })) };
    }
  }
}

/** Adds a screenshot to the PDF: PNG copied as it is when possible, else through pdf-lib; JPEG as it is. */
async function embedImage(context: PDFContext, bytes: Uint8Array): Promise<{ ref: PDFRef; width: number; height: number }> {
  const direct = pngForPdf(bytes);
  if (direct) return { ref: embedPngData(context, direct), width: direct.width, height: direct.height };
  // JpegEmbedder reads `bytes.buffer` from offset 0: give it an array that starts there.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  let embedder: PngEmbedder | JpegEmbedder;
  if (own[0] === 0x89 && own[1] === 0x50 && own[2] === 0x4e && own[3] === 0x47) embedder = await PngEmbedder.for(own);
  else if (own[0] === 0xff && own[1] === 0xd8) embedder = await JpegEmbedder.for(own);
  else throw new Error('not a PNG or JPEG image');
  return { ref: await embedder.embedIntoContext(context), width: embedder.width, height: embedder.height };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Widths of the standard fonts, one glyph at a time, cached (kerning ignored: lines only get shorter). */
class CachedMetrics implements FontMetrics {
  /** Widths of the first 65,536 code units by code, NaN until measured (the common case: one array read). */
  private readonly basic = new Float64Array(0x10000).fill(Number.NaN);
  private readonly widths = new Map<string, number>();
  constructor(private readonly embedder: StandardFontEmbedder) {}

  widthOf(text: string, size: number): number {
    let total = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        // A character outside the BMP: measured as one, by its two code units.
        total += this.measure(text.slice(i, i + 2));
        i += 1;
        continue;
      }
      let w = this.basic[code];
      if (Number.isNaN(w)) w = this.basic[code] = this.measure(text[i]);
      total += w;
    }
    return (total * size) / 1000;
  }

  private measure(ch: string): number {
    let w = this.widths.get(ch);
    if (w === undefined) {
      try {
        w = this.embedder.widthOfTextAtSize(ch, 1000);
      } catch {
        w = 600;
      }
      this.widths.set(ch, w);
    }
    return w;
  }
}

/**
 * Makes any string drawable with the standard fonts (WinAnsi): every character they cannot show
 * becomes `[U+XXXX]`, visibly, and is counted. Line breaks are kept; other controls are replaced.
 */
export class PdfTextSanitizer {
  replaced = 0;
  constructor(readonly supported: Set<number>) {}

  clean(text: string): string {
    let out = '';
    for (const ch of text.replace(/\r\n?/g, '\n')) {
      const cp = ch.codePointAt(0)!;
      if (ch === '\n') out += '\n';
      else if (ch === '\t') out += '    ';
      else if (cp >= 0x20 && cp !== 0x7f && this.supported.has(cp)) out += ch;
      else {
        out += `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
        this.replaced += 1;
      }
    }
    return out;
  }
}

const LABEL_WIDTH = 140;

/** Lays out the cover and the index (from the outline); each capture follows with `layoutCapture`. */
function layoutFront(flow: PageFlow, view: ReportView, clean: PdfTextSanitizer, plan: { total: number; captureStarts: number[]; replaced: number }): void {
  const t = (s: string) => clean.clean(s);

  // Cover.
  flow.newPage();
  flow.text(t(view.cover.title), { font: 'bold', size: 18, leading: 24 });
  flow.text('Evidence bundle: a readable copy of the record. The original files are in the bundle.', { size: 9.5, ink: 'muted' });
  flow.space(10);
  for (const fact of view.cover.facts) pdfFact(flow, fact, t);
  flow.space(12);
  flow.text('How to check this record', { font: 'bold', size: 12, leading: 18 });
  for (const paragraph of view.howToCheck) {
    flow.text(t(paragraph), { size: 9.5 });
    flow.space(4);
  }
  flow.space(8);
  flow.text('About the text in this PDF', { font: 'bold', size: 12, leading: 18 });
  flow.text(
    "This PDF uses standard fonts that cannot show every script or emoji. Each character they cannot show is written as its Unicode number in brackets, like [U+1F600]. The exact text is in report.html and in each capture's files (text.txt, metadata.json).",
    { size: 9.5 },
  );
  // On a line of its own: the count is only known after the first pass, and must not move text.
  flow.text(`Characters replaced in this PDF: ${plan.replaced}.`, { font: 'bold', size: 9.5 });

  // The declaration, on a page of its own so it can be printed and signed.
  flow.newPage();
  flow.text(t(view.declaration.title), { font: 'bold', size: 14, leading: 20 });
  flow.space(6);
  for (const paragraph of view.declaration.paragraphs) {
    flow.text(t(paragraph), { size: 10 });
    flow.space(6);
  }
  for (const blank of view.declaration.blanks) {
    flow.space(14);
    flow.text(t(`${blank}: ________________________________________________`), { size: 10 });
  }
  flow.space(14);
  flow.text(t(`Note: ${view.declaration.note}`), { size: 9, ink: 'muted' });

  // Index.
  flow.newPage();
  flow.text('Captures, in the order they were taken', { font: 'bold', size: 13, leading: 20 });
  if (!view.captures.length) flow.text('This record holds no captures.', { size: 10 });
  const indexSize = 8.5;
  const pageColumn = 52;
  const timeColumn = 128;
  for (const c of view.captures) {
    const number = `${c.number}.`;
    const when = t(c.summary.timeLocal.replace(/ \(.*$/, ''));
    const page = `page ${plan.captureStarts[c.number] ?? ''}`;
    const titleWidth = flow.contentWidth - 30 - timeColumn - pageColumn;
    const title = fitOneLine(t(c.heading.replace(/\s+/g, ' ')) + (c.status === 'done' ? '' : ' (not completed)'), titleWidth, indexSize, flow.fonts.regular);
    flow.row(
      [
        { text: number, x: 0, ink: 'muted' },
        { text: when, x: 30 },
        { text: title, x: 30 + timeColumn },
        { text: page, x: flow.contentWidth, ink: 'muted', alignRight: true },
      ],
      indexSize,
    );
  }

  // Incidents: one summary page each.
  view.incidents.forEach((incident, i) => {
    flow.newPage();
    if (i === 0) {
      flow.text('Incidents', { font: 'bold', size: 13, leading: 20 });
      flow.text(t(INCIDENTS_INTRO), { size: 9.5, ink: 'muted' });
      flow.space(8);
    }
    flow.text(`Incident ${incident.number} of ${view.incidents.length}`, { size: 9, ink: 'muted' });
    flow.text(t(incident.title.length > 300 ? `${incident.title.slice(0, 299)}...` : incident.title), { font: 'bold', size: 12, leading: 16 });
    flow.space(4);
    for (const fact of incident.facts) pdfFact(flow, fact, t);
    flow.space(6);
    flow.text('Captures of this incident in this record', { font: 'bold', size: 10, leading: 15 });
    if (!incident.captures.length) flow.text('None.', { size: 9.5 });
    for (const c of incident.captures) {
      // No page number here: it is known only after the first pass and must not change the layout.
      flow.text(t(`Capture ${c.number}: ${c.heading.replace(/\s+/g, ' ').slice(0, 200)} - ${c.timeLocal}`), { size: 9.5 });
    }
    if (incident.leftOut) flow.text(t(incident.leftOut), { size: 9, ink: 'muted' });
  });

  // The pattern over time.
  if (view.charts.length) {
    flow.newPage();
    flow.text('The pattern over time', { font: 'bold', size: 13, leading: 20 });
    flow.text(t(PATTERN_INTRO), { size: 9.5, ink: 'muted' });
    for (const chart of view.charts) {
      flow.space(10);
      flow.ensure(140);
      flow.text(t(chart.title), { font: 'bold', size: 10.5, leading: 15 });
      const combined = chart.weeks.map((_, i) => chart.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
      flow.bars(combined, 70);
      flow.text(t(`From the week of ${chart.weeks[0]} to the week of ${chart.weeks.at(-1)}. ${chart.summary}`), { size: 9 });
    }
  }
}

function layoutCapture(flow: PageFlow, c: CaptureView, total: number, t: (s: string) => string): void {
  flow.newPage(c.number);
  flow.text(`Capture ${c.number} of ${total}`, { size: 9, ink: 'muted' });
  const heading = c.heading.length > 300 ? `${c.heading.slice(0, 299)}...` : c.heading;
  flow.text(t(heading), { font: 'bold', size: 13, leading: 17 });
  flow.space(4);
  if (c.failure) {
    flow.text(t(`Not completed: ${c.failure}`), { font: 'bold', size: 10, ink: 'bad' });
    flow.space(4);
  }
  for (const fact of c.facts) pdfFact(flow, fact, t);

  if (c.screenshot) {
    flow.space(6);
    flow.text(t(`Screenshot: ${c.screenshot.path}`), { font: 'mono', size: 7.5 });
    flow.text(`SHA-256 ${c.screenshot.sha256}`, { font: 'mono', size: 7.5 });
    flow.space(3);
    const aspect = c.screenshot.width && c.screenshot.height ? c.screenshot.height / c.screenshot.width : null;
    flow.image(c.screenshot.path, aspect, 220);
  } else if (c.status === 'done') {
    flow.text('This capture has no screenshot.', { size: 9.5, ink: 'muted' });
  }

  for (const excerpt of c.texts) {
    flow.space(8);
    flow.text(excerpt.label, { font: 'bold', size: 10, leading: 15 });
    const cut = excerpt.text.length > PDF_TEXT_LIMIT;
    flow.text(t(cut ? excerpt.text.slice(0, PDF_TEXT_LIMIT) : excerpt.text), { size: 8.5 });
    const whole = excerpt.cutFrom ?? excerpt.text.length;
    if (cut || excerpt.cutFrom) {
      flow.text(t(`Shown: the first ${Math.min(PDF_TEXT_LIMIT, excerpt.text.length)} of ${whole} characters.${excerpt.fullTextIn ? ` The whole text is in ${excerpt.fullTextIn}.` : ''}`), { size: 8, ink: 'muted' });
    }
  }
  if (c.notes.length) {
    flow.space(8);
    flow.text('Notes', { font: 'bold', size: 10, leading: 15 });
    for (const note of c.notes) flow.text(t(`- ${note}`), { size: 9.5 });
  }
  if (c.warnings.length) {
    flow.space(8);
    flow.text('Recorded at capture time', { font: 'bold', size: 10, leading: 15 });
    for (const warning of c.warnings) flow.text(t(`- ${warning}`), { size: 9 });
  }
  flow.space(8);
  flow.text('Files and their SHA-256 fingerprints', { font: 'bold', size: 10, leading: 15 });
  if (!c.files.length) flow.text('No files were stored for this capture.', { size: 9, ink: 'muted' });
  for (const file of c.files) {
    flow.ensure(30);
    flow.text(t(file.path), { font: 'mono', size: 7.5 });
    flow.text(`${file.size} bytes  SHA-256 ${file.sha256}`, { font: 'mono', size: 7.5, indent: 10 });
    flow.space(2);
  }
}

function pdfFact(flow: PageFlow, fact: Fact, t: (s: string) => string): void {
  const mono = fact.kind === 'hash' || fact.kind === 'code';
  // A SHA-256 (64 Courier characters) fits the value column on one line at 9 points.
  flow.labelled(t(fact.label), t(fact.value), { labelWidth: LABEL_WIDTH, valueFont: mono ? 'mono' : 'regular', size: mono ? 9 : 9.5 });
}

function fitOneLine(text: string, width: number, size: number, font: FontMetrics): string {
  if (font.widthOf(text, size) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.widthOf(`${text.slice(0, mid)}...`, size) <= width) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low)}...`;
}

export type { PageGeometry };
