/**
 * `log.csv`: one row per capture, for spreadsheets (Excel, LibreOffice, Numbers, Google Sheets).
 *
 * UTF-8 with a byte-order mark (so Excel reads accents and scripts correctly), CRLF line ends,
 * every field quoted with quotes doubled. A cell that a spreadsheet could run as a formula
 * (`= + - @`, tab, carriage return, and their full-width forms, also after leading spaces) gets a
 * leading apostrophe: the text is shown, never evaluated. Control characters that some programs
 * refuse are replaced by U+FFFD; the exact text is in the capture's own files.
 */
import { buildReportView, type ReportInput } from './report-model';

/** The columns of `log.csv`, in order. */
export const LOG_CSV_COLUMNS = [
  'No.',
  'Captured (local time)',
  'Captured (UTC)',
  'Captured (UTC, ISO 8601)',
  'Time zone',
  'Status',
  'Platform',
  'Author',
  'Posted',
  'Page address',
  'Page title',
  'Notes',
  'Not completed because',
  'Screenshot SHA-256',
  'Folder in the bundle',
] as const;

/** Excel stops at 32,767 characters in a cell; longer values are cut with a note. */
export const CSV_CELL_LIMIT = 32_000;

const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** One cell: neutralised, cut to the limit, quoted. */
export function csvCell(value: string): string {
  let text = value.replace(CONTROL, '\ufffd');
  if (text.length > CSV_CELL_LIMIT) text = `${text.slice(0, CSV_CELL_LIMIT)} […cut; the whole value is in the bundle]`;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The text of `log.csv` (without the byte-order mark). */
export function logCsvText(input: ReportInput): string {
  const { captures } = buildReportView(input);
  const rows = [LOG_CSV_COLUMNS.map(csvCell).join(',')];
  for (const c of captures) {
    rows.push(
      [
        String(c.number),
        c.summary.timeLocal,
        c.summary.timeUtc,
        c.summary.pressedAt,
        c.summary.timeZone,
        c.status,
        c.summary.platform,
        c.summary.author,
        c.summary.postedAt,
        c.summary.url,
        c.summary.title,
        c.notes.join('\n'),
        c.failure ?? '',
        c.summary.screenshotSha256,
        c.folder,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** The bytes of `log.csv`: UTF-8 with a byte-order mark, CRLF, every field quoted. */
export function renderLogCsv(input: ReportInput): Uint8Array {
  return new TextEncoder().encode(`\ufeff${logCsvText(input)}`);
}
