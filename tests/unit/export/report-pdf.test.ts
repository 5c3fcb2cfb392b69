import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { renderReportPdf, renderReportPdfChunks } from '@/utils/export/report-pdf';
import { wrapText } from '@/utils/export/report-pdf-layout';
import { pngForPdf } from '@/utils/export/report-pdf-png';
import { checkCrossReferences, readPdf } from './pdf-inspect';
import { HOSTILE, makeBundle, makePng, ordinaryBundle, type FixtureBundle } from './report-fixtures';

const reader = (bundle: FixtureBundle) => async (path: string) => {
  const bytes = bundle.files.get(path);
  if (!bytes) throw new Error(`no file ${path}`);
  return bytes;
};

describe('renderReportPdf', () => {
  it('writes a well-formed PDF: every cross-reference points at its object', async () => {
    const bundle = ordinaryBundle();
    const pdf = await renderReportPdf(bundle.input, reader(bundle));
    expect(checkCrossReferences(pdf).objects).toBeGreaterThan(10);
  });

  it('has a cover, an index and each capture from a new page, with "Page n of N" on every page', async () => {
    const bundle = ordinaryBundle();
    const { pageCount, pages } = await readPdf(await renderReportPdf(bundle.input, reader(bundle)));
    expect(pageCount).toBeGreaterThanOrEqual(5);
    pages.forEach((page, i) => expect(page.text).toContain(`Page ${i + 1} of ${pageCount}`));

    const cover = pages[0].text;
    expect(cover).toContain('Record of online harassment: captured evidence');
    expect(cover).toContain('Ana Garc\u00eda');
    expect(cover).toContain('Mon 30 Nov 2026, 11:00:00 (UTC+01:00, Europe/Madrid)');
    expect(cover).toContain('Holdfast 0.1.0');
    expect(cover).toContain('3 (2 complete, 1 not completed)');
    expect(cover).toContain(bundle.input.manifestDigest);
    expect(cover).toContain('How to check this record');
    expect(cover).toContain('Characters replaced in this PDF: 0.');

    // Then the declaration, on its own page, to print and sign.
    expect(pages[1].text).toContain('Declaration of the person who captured this evidence');
    expect(pages[1].text).toContain('US Federal Rule of Evidence 902(14)');
    expect(pages[1].text).toContain('have a lawyer review this declaration');
    expect(pages[1].text).toContain('Full name: ____');

    // The index gives the page where each capture starts, in chronological order.
    const index = pages[2].text;
    const titles = ['First post', 'Second post', 'Inbox'];
    titles.forEach((title, i) => {
      const line = index.split('\n').findIndex((l) => l.startsWith(title));
      expect(line, title).toBeGreaterThan(0);
      const pageNumber = Number(/^page (\d+)$/.exec(index.split('\n')[line + 1])![1]);
      expect(pages[pageNumber - 1].text.startsWith(`Capture ${i + 1} of 3\n${title}`)).toBe(true);
    });
  });

  it('contains the facts, the notes and every SHA-256 of each capture as selectable text', async () => {
    const bundle = ordinaryBundle();
    const { pages } = await readPdf(await renderReportPdf(bundle.input, reader(bundle)));
    const all = pages.map((p) => p.text).join('\n');
    for (const capture of bundle.input.captures) for (const file of capture.files) expect(all).toContain(file.sha256);
    expect(all).toContain('https://social.example/@troll/status/1');
    expect(all).toContain('Troll Account \u00b7 @troll');
    expect(all).toContain('Sat 28 Nov 2026, 08:00:05 UTC');
    expect(all).toContain('- He posted this after I blocked him.');
    expect(all).toContain('Not completed: The tab was closed before the screenshot could be taken.');
  });

  it('embeds one screenshot per completed capture, scaled to the page', async () => {
    const bundle = ordinaryBundle();
    const pdf = await renderReportPdf(bundle.input, reader(bundle));
    const { pages } = await readPdf(pdf);
    expect(pages.reduce((n, p) => n + p.images, 0)).toBe(2);
    const doc = await PDFDocument.load(pdf);
    for (const page of doc.getPages()) expect(page.getSize()).toEqual({ width: 595.28, height: 841.89 });
  });

  it('does not crash on emoji, CJK, Arabic or bidi controls: replaces them visibly and says how many', async () => {
    const bundle = makeBundle([{ url: `https://example.com/${HOSTILE.bidi}`, title: HOSTILE.emoji, pressedAt: '2026-11-28T08:00:00.000Z', notes: ['\u{1F4A9}'] }]);
    const { pages } = await readPdf(await renderReportPdf(bundle.input, reader(bundle)));
    const all = pages.map((p) => p.text).join('\n');
    expect(all).toContain('Threat [U+1F621][U+1F52A] from [U+5C71][U+7530][U+592A][U+90CE]');
    expect(all).toContain('https://example.com/invoice[U+202E]gnp.exe');
    expect(all).toContain('- [U+1F4A9]');
    const count = Number(/Characters replaced in this PDF: (\d+)\./.exec(pages[0].text)![1]);
    expect(count).toBeGreaterThan(20);
  });

  it('keeps markup from the page as plain text and wraps very long addresses inside the margins', async () => {
    const bundle = makeBundle([{ url: HOSTILE.longLine, title: HOSTILE.script, pressedAt: '2026-11-28T08:00:00.000Z', visibleText: HOSTILE.svg }]);
    const pdf = await renderReportPdf(bundle.input, reader(bundle));
    const { pages } = await readPdf(pdf);
    const all = pages.map((p) => p.text).join('\n');
    expect(all).toContain(HOSTILE.script);
    expect(all).toContain(HOSTILE.svg);
    // Every character of the 12,000-character address is there, broken over lines.
    const lines = all.split('\n').filter((l) => !/^(Holdfast evidence record|Page \d+ of \d+$)/.test(l));
    const start = lines.findIndex((l) => l.startsWith('https://example.com/aaa'));
    const address = lines.slice(start, start + 400).join('').match(/^https:\/\/example\.com\/a+/)![0];
    expect(address.length).toBeGreaterThanOrEqual(HOSTILE.longLine.length);
  });

  it('says so in place of a screenshot that cannot be read, and still finishes', async () => {
    const bundle = ordinaryBundle();
    const { pages } = await readPdf(await renderReportPdf(bundle.input, async () => new TextEncoder().encode('not an image')));
    const all = pages.map((p) => p.text).join('\n');
    expect(all).toMatch(/The screenshot could not be placed in this PDF \(not a PNG or JPEG image\)\. The original file is in the bundle at\s+captures\/0001_/);
    expect(pages.reduce((n, p) => n + p.images, 0)).toBe(0);
  });

  it('takes PNGs with transparency through the decoding path', async () => {
    const bundle = ordinaryBundle();
    const alpha = makePng(32, 20, 0, { alpha: true });
    const pdf = await renderReportPdf(bundle.input, async () => alpha);
    const { pages } = await readPdf(pdf);
    expect(pages.reduce((n, p) => n + p.images, 0)).toBe(2);
    checkCrossReferences(pdf);
  });

  it('prints on Letter paper when asked', async () => {
    const bundle = ordinaryBundle();
    const doc = await PDFDocument.load(await renderReportPdf(bundle.input, reader(bundle), { pageSize: 'Letter' }));
    expect(doc.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
  });

  it('streams the same bytes as it returns whole, reports progress, and is the same every time', async () => {
    const bundle = ordinaryBundle();
    const progress: string[] = [];
    const chunks: Uint8Array[] = [];
    for await (const chunk of renderReportPdfChunks(bundle.input, reader(bundle), { onProgress: (done, total) => progress.push(`${done}/${total}`) })) chunks.push(chunk);
    const whole = await renderReportPdf(bundle.input, reader(bundle));
    expect(Buffer.concat(chunks).equals(Buffer.from(whole))).toBe(true);
    expect(chunks.length).toBeGreaterThan(5);
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    expect(Buffer.from(await renderReportPdf(bundle.input, reader(bundle))).equals(Buffer.from(whole))).toBe(true);
  });

  it('reads screenshots one at a time, only when their page is drawn', async () => {
    const bundle = ordinaryBundle();
    let reading = 0;
    let most = 0;
    const reads: string[] = [];
    await renderReportPdf(bundle.input, async (path) => {
      reading += 1;
      most = Math.max(most, reading);
      reads.push(path);
      await new Promise((r) => setTimeout(r, 5));
      reading -= 1;
      return bundle.files.get(path)!;
    });
    expect(most).toBe(1);
    expect(reads).toHaveLength(2);
  });

  it('makes a valid PDF of an empty record', async () => {
    const bundle = makeBundle([]);
    const pdf = await renderReportPdf(bundle.input, reader(bundle));
    const { pageCount, pages } = await readPdf(pdf);
    expect(pageCount).toBe(3);
    expect(pages[2].text).toContain('This record holds no captures.');
  });
});

describe('pngForPdf', () => {
  it('takes the data of an 8-bit RGB PNG as it is', () => {
    const png = makePng(20, 10);
    const data = pngForPdf(png)!;
    expect(data).toMatchObject({ width: 20, height: 10, colors: 3 });
    expect(data.data.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(png).indexOf(Buffer.from(data.data))).toBeGreaterThan(30);
  });

  it('leaves PNGs with alpha, interlacing, damage, or other bytes to the decoding path', () => {
    expect(pngForPdf(makePng(20, 10, 0, { alpha: true }))).toBeNull();
    expect(pngForPdf(makePng(20, 10, 0, { interlaced: true }))).toBeNull();
    expect(pngForPdf(makePng(20, 10).slice(0, 40))).toBeNull();
    expect(pngForPdf(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
  });
});

describe('wrapText', () => {
  const font = { widthOf: (text: string, size: number) => text.length * size * 0.5 };

  it('breaks at spaces, keeps empty lines, and cuts words wider than the line', () => {
    expect(wrapText('aaa bbb ccc', 40, 10, font)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('one\n\ntwo', 100, 10, font)).toEqual(['one', '', 'two']);
    expect(wrapText('x'.repeat(25), 50, 10, font)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('never splits a surrogate pair', () => {
    const lines = wrapText('\u{1F600}'.repeat(5), 10, 10, font);
    for (const line of lines) expect(line).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    expect(lines.join('')).toBe('\u{1F600}'.repeat(5));
  });
});
