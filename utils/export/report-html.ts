/**
 * `report.html`: the readable, printable record. One self-contained file at the root of the
 * bundle: inline CSS, no script, no external resource (a Content-Security-Policy forbids them),
 * screenshots by relative path (`captures/…/screenshot.png`).
 *
 * Every string in it is escaped text: titles, addresses, post text, author names, file names,
 * notes. Only `http:`/`https:` addresses become links, with `rel="noopener noreferrer"`.
 */
import {
  buildReportView,
  captureViews,
  outlineInput,
  type AnyReportInput,
  linkableUrl,
  revealInvisible,
  type CaptureView,
  type CoverView,
  type Fact,
  INCIDENTS_INTRO,
  type IncidentView,
  PATTERN_INTRO,
  type ReportInput,
  type TextExcerpt,
} from './report-model';
import type { ReportChart } from './report-log';
import type { DeclarationView } from './declaration';

/** The bytes of `report.html` as one string (a few KB per capture). */
export function renderReportHtml(input: ReportInput): string {
  return [...renderReportHtmlChunks(input)].join('');
}

/**
 * `report.html` a piece at a time (head, cover, index, then one piece per capture), so that an
 * export can stream it into the zip instead of holding it whole.
 */
export function* renderReportHtmlChunks(input: ReportInput): Generator<string> {
  const view = buildReportView(input);
  yield head(view.cover);
  yield cover(view.cover, view.howToCheck);
  yield declaration(view.declaration);
  yield index(view.captures);
  const log = incidentsSection(view.incidents) + patternSection(view.charts);
  if (log) yield log;
  for (const capture of view.captures) yield captureSection(capture, view.captures.length);
  yield `</main>\n</body>\n</html>\n`;
}

/**
 * `report.html` a piece at a time for an export: the cover and index from the outline, then each
 * capture's section as its details are read (see `StreamedReportInput`).
 */
export async function* renderReportHtmlStream(input: AnyReportInput): AsyncGenerator<string> {
  const view = buildReportView(outlineInput(input));
  yield head(view.cover);
  yield cover(view.cover, view.howToCheck);
  yield declaration(view.declaration);
  yield index(view.captures);
  const log = incidentsSection(view.incidents) + patternSection(view.charts);
  if (log) yield log;
  for await (const capture of captureViews(input)) yield captureSection(capture, view.captures.length);
  yield `</main>\n</body>\n</html>\n`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or a quoted attribute value: `& < > " '` escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A relative URL for a file of the bundle: each path segment percent-encoded, never a scheme. */
export function bundleFileUrl(path: string): string | null {
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'))) return null;
  return segments.map(encodeURIComponent).join('/');
}

const CSP = "default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function head(cover: CoverView): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Holdfast">
<title>${escapeHtml(cover.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
`;
}

function cover(view: CoverView, howToCheck: string[]): string {
  return `<section class="cover" aria-labelledby="cover-title">
<h1 id="cover-title">${escapeHtml(view.title)}</h1>
${facts(view.facts)}
<h2>How to check this record</h2>
${howToCheck.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</section>
`;
}

function declaration(d: DeclarationView): string {
  return `<section class="declaration" aria-labelledby="declaration-title">
<h2 id="declaration-title">${escapeHtml(d.title)}</h2>
${d.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<dl class="declaration__blanks">
${d.blanks.map((b) => `<dt>${escapeHtml(b)}</dt><dd>&nbsp;</dd>`).join('\n')}
</dl>
<p class="declaration__note"><strong>Note:</strong> ${escapeHtml(d.note)}</p>
</section>
`;
}

function index(captures: CaptureView[]): string {
  if (!captures.length) return `<section class="index"><h2>Captures</h2><p>This record holds no captures.</p></section>\n`;
  const rows = captures
    .map(
      (c) =>
        `<tr><td>${c.number}</td><td class="time">${escapeHtml(c.summary.timeLocal)}</td><td>${escapeHtml(revealInvisible(c.summary.platform))}</td><td><a href="#${c.anchor}"><bdi>${escapeHtml(shorten(c.heading, 160))}</bdi></a>${c.status === 'done' ? '' : ' <span class="badge">not completed</span>'}</td></tr>`,
    )
    .join('\n');
  return `<section class="index" aria-labelledby="index-title">
<h2 id="index-title">Captures, in the order they were taken</h2>
<table>
<thead><tr><th scope="col">No.</th><th scope="col">Captured (local time)</th><th scope="col">Platform</th><th scope="col">Page</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>
`;
}

function incidentsSection(incidents: IncidentView[]): string {
  if (!incidents.length) return '';
  const parts = [`<section class="incidents" aria-labelledby="incidents-title">\n<h2 id="incidents-title">Incidents</h2>\n<p>${escapeHtml(INCIDENTS_INTRO)}</p>`];
  for (const incident of incidents) {
    parts.push(`<article class="incident" id="${incident.anchor}" aria-labelledby="${incident.anchor}-title">
<h3 id="${incident.anchor}-title"><span class="number">Incident ${incident.number} of ${incidents.length}</span> <bdi>${escapeHtml(incident.title)}</bdi></h3>
${facts(incident.facts)}
<h4>Captures of this incident in this record</h4>
${
  incident.captures.length
    ? `<ul>${incident.captures.map((c) => `<li><a href="#${c.anchor}">Capture ${c.number}</a>: <bdi>${escapeHtml(shorten(c.heading, 160))}</bdi> <span class="time">(${escapeHtml(c.timeLocal)})</span></li>`).join('')}</ul>`
    : '<p>None.</p>'
}${incident.leftOut ? `\n<p class="note">${escapeHtml(incident.leftOut)}</p>` : ''}
</article>`);
  }
  parts.push('</section>\n');
  return parts.join('\n');
}

function patternSection(charts: ReportChart[]): string {
  if (!charts.length) return '';
  const parts = [`<section class="pattern" aria-labelledby="pattern-title">\n<h2 id="pattern-title">The pattern over time</h2>\n<p>${escapeHtml(PATTERN_INTRO)}</p>`];
  for (const chart of charts) {
    const rows = chart.weeks
      .map((week, i) => `<tr><td class="time">${escapeHtml(week)}</td>${chart.series.map((s) => `<td>${s.values[i] ?? 0}</td>`).join('')}</tr>`)
      .join('\n');
    parts.push(`<figure class="chart">
${chart.svg}
<figcaption><strong>${escapeHtml(chart.title)}.</strong> ${escapeHtml(chart.summary)}</figcaption>
<details><summary>The numbers, week by week</summary>
<table>
<thead><tr><th scope="col">Week of</th>${chart.series.map((s) => `<th scope="col">${escapeHtml(s.label)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</details>
</figure>`);
  }
  parts.push('</section>\n');
  return parts.join('\n');
}

function captureSection(c: CaptureView, total: number): string {
  const parts: string[] = [];
  parts.push(`<section class="capture${c.status === 'done' ? '' : ' capture--failed'}" id="${c.anchor}" aria-labelledby="${c.anchor}-title">`);
  parts.push(`<h2 id="${c.anchor}-title"><span class="number">Capture ${c.number} of ${total}</span> <bdi>${escapeHtml(c.heading)}</bdi></h2>`);
  if (c.failure) parts.push(`<p class="failure"><strong>Not completed:</strong> ${escapeHtml(c.failure)}</p>`);
  parts.push(facts(c.facts));
  if (c.screenshot) {
    const src = bundleFileUrl(c.screenshot.path);
    const size = c.screenshot.width && c.screenshot.height ? ` width="${c.screenshot.width}" height="${c.screenshot.height}"` : '';
    parts.push(`<figure class="screenshot">
${src ? `<img src="${escapeHtml(src)}" alt="Screenshot of capture ${c.number}"${size} loading="lazy">` : '<p>The screenshot path in the manifest is not a file of this bundle.</p>'}
<figcaption><code>${escapeHtml(revealInvisible(c.screenshot.path))}</code><br>SHA-256 <code class="hash">${escapeHtml(c.screenshot.sha256)}</code></figcaption>
</figure>`);
  } else if (c.status === 'done') {
    parts.push(`<p class="note">This capture has no screenshot.</p>`);
  }
  for (const t of c.texts) parts.push(textBlock(t));
  if (c.notes.length) parts.push(`<h3>Notes</h3>\n<ul class="notes">${c.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  if (c.warnings.length) parts.push(`<h3>Recorded at capture time</h3>\n<ul class="warnings">${c.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`);
  parts.push(filesTable(c));
  parts.push(`</section>\n`);
  return parts.join('\n');
}

function facts(list: Fact[]): string {
  return `<dl class="facts">\n${list.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${factValue(f)}</dd>`).join('\n')}\n</dl>`;
}

function factValue(f: Fact): string {
  switch (f.kind) {
    case 'url':
      return f.value
        .split('\n')
        .map((line) => urlText(line))
        .join('<br>');
    case 'hash':
      return `<code class="hash">${escapeHtml(f.value)}</code>`;
    case 'code':
      return `<code>${escapeHtml(revealInvisible(f.value))}</code>`;
    case 'page':
      return `<bdi>${escapeHtml(f.value)}</bdi>`;
    default:
      return escapeHtml(f.value);
  }
}

/** An address shown as text; a link next to it only for http(s), never `javascript:` or `data:`. */
function urlText(value: string): string {
  const shown = `<span class="url">${escapeHtml(revealInvisible(value))}</span>`;
  const href = linkableUrl(value);
  return href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer" referrerpolicy="no-referrer">${shown}</a>` : shown;
}

function textBlock(t: TextExcerpt): string {
  const cut = t.cutFrom
    ? `<p class="note">Shown: the first ${t.text.length.toLocaleString('en')} of ${t.cutFrom.toLocaleString('en')} characters.${t.fullTextIn ? ` The whole text is in <code>${escapeHtml(revealInvisible(t.fullTextIn))}</code>.` : ''}</p>`
    : '';
  return `<h3>${escapeHtml(t.label)}</h3>\n<div class="page-text" dir="auto">${escapeHtml(t.text)}</div>${cut}`;
}

function filesTable(c: CaptureView): string {
  if (!c.files.length) return `<p class="note">No files were stored for this capture.</p>`;
  const rows = c.files
    .map((f) => `<tr><td><code>${escapeHtml(revealInvisible(f.path))}</code></td><td class="size">${f.size.toLocaleString('en')} bytes</td><td><code class="hash">${escapeHtml(f.sha256)}</code></td></tr>`)
    .join('\n');
  return `<h3>Files and their SHA-256 fingerprints</h3>
<table class="files">
<thead><tr><th scope="col">File</th><th scope="col">Size</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function shorten(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1b1f; --muted: #55585f; --line: #c9ccd1; --bad: #9b1c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 0 0 .75rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
section { border-top: 2px solid var(--ink); padding-top: 1rem; margin-top: 2rem; }
section.cover { border-top: 0; margin-top: 0; }
section.declaration { break-before: page; break-after: page; }
.declaration__blanks dt { font-weight: bold; margin-top: 1.5em; }
.declaration__blanks dd { border-bottom: 1px solid #000; min-height: 2em; margin: 0; }
.number { display: block; font-size: .9rem; font-weight: normal; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .2rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
dd, td, .page-text, figcaption, .url, code { overflow-wrap: anywhere; word-break: break-word; }
code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .85em; }
code.hash { letter-spacing: .02em; }
bdi { unicode-bidi: isolate; }
a { color: #1a4fa3; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0; }
th, td { text-align: start; vertical-align: top; border-bottom: 1px solid var(--line); padding: .25rem .4rem; }
td.size, td.time { white-space: nowrap; }
figure.screenshot { margin: 1rem 0; }
figure.screenshot img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .3rem; }
.page-text { white-space: pre-wrap; background: #f4f5f7; border: 1px solid var(--line); padding: .5rem .75rem; max-height: 40rem; overflow: auto; font-size: .9rem; }
.failure { color: var(--bad); border: 1px solid var(--bad); padding: .5rem .75rem; }
.badge { font-size: .8rem; color: var(--bad); }
.note { color: var(--muted); font-size: .9rem; }
article.incident { border-top: 1px solid var(--line); padding-top: .75rem; margin-top: 1rem; }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
figure.chart { margin: 1rem 0 1.5rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
@page { margin: 15mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; } }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { border-top: 0; margin-top: 0; }
  section.index, section.capture, section.incidents, section.pattern, article.incident + article.incident { break-before: page; }
  figure.chart details { display: none; }
  figure.screenshot, tr, dl.facts dt, dl.facts dd { break-inside: avoid; }
  figure.screenshot img { max-height: 70vh; width: auto; }
  .page-text { max-height: none; overflow: visible; background: none; }
  a { color: inherit; text-decoration: none; }
}
`;
