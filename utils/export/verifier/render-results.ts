/**
 * Shows a verification report in the verifier's page. Everything is built with `createElement`
 * and `textContent`: file names and manifest values are hostile data and are only ever text.
 * Characters a reader cannot see (bidi overrides, zero-width) are shown as `⟨U+202E⟩`.
 */
import type { CheckSection, FileCheck, VerificationReport } from './verify-bundle';

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** A file name or manifest value, with invisible characters made visible. */
export function visibleName(value: string): string {
  return value.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

type Child = Node | string;

function el(doc: Document, tag: string, attributes: Record<string, string> = {}, children: Child[] = []): HTMLElement {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(typeof child === 'string' ? doc.createTextNode(child) : child);
  return node;
}

/** Replaces the content of `container` with the report. */
export function renderVerification(doc: Document, container: HTMLElement, report: VerificationReport): void {
  const parts: Child[] = [];
  parts.push(el(doc, 'p', { class: `verdict ${report.allPassed ? 'verdict--ok' : 'verdict--bad'}`, role: 'status', id: 'verdict' }, [report.summary]));

  const facts: Child[] = [];
  const fact = (label: string, value: string, cls = '') => facts.push(el(doc, 'dt', {}, [label]), el(doc, 'dd', cls ? { class: cls } : {}, [value]));
  if (report.manifestDigest) fact('Manifest digest (SHA-256 of manifest.json)', report.manifestDigest, 'hash');
  if (report.manifestDigestMatches !== null) fact('Digest you entered', report.manifestDigestMatches ? 'The same: this is the bundle the report describes.' : 'DIFFERENT: this is not the bundle the report describes.');
  if (report.bundle?.exportedAt) fact('Exported (UTC)', visibleName(report.bundle.exportedAt));
  if (report.bundle?.tool) fact('Made with', visibleName(report.bundle.tool));
  if (report.bundle?.captureCount !== null && report.bundle?.captureCount !== undefined) fact('Captures', String(report.bundle.captureCount));
  fact('Files', `${report.counts.OK} OK, ${report.counts.CHANGED} CHANGED, ${report.counts.MISSING} MISSING, ${report.counts.UNEXPECTED} UNEXPECTED`);
  parts.push(el(doc, 'dl', { class: 'facts' }, facts));

  for (const section of report.sections) parts.push(renderSection(doc, section));
  container.replaceChildren(...parts.map((p) => (typeof p === 'string' ? doc.createTextNode(p) : p)));
}

function renderSection(doc: Document, section: CheckSection): HTMLElement {
  const outcome = { passed: 'Passed', failed: 'Failed', 'not-checked': 'Not checked' }[section.outcome];
  const children: Child[] = [
    el(doc, 'h2', {}, [section.title, ' ', el(doc, 'span', { class: `outcome outcome--${section.outcome}` }, [outcome])]),
    el(doc, 'p', {}, [section.summary]),
  ];
  if (section.findings.length) children.push(el(doc, 'ul', { class: 'findings' }, section.findings.map((f) => el(doc, 'li', {}, [visibleName(f)]))));
  if (section.files?.length) children.push(renderFiles(doc, section.files));
  return el(doc, 'section', { class: 'check', 'data-check': section.id }, children);
}

const ORDER: Record<FileCheck['status'], number> = { CHANGED: 0, MISSING: 1, UNEXPECTED: 2, OK: 3 };

function renderFiles(doc: Document, files: FileCheck[]): HTMLElement {
  const sorted = [...files].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const rows = sorted.map((f) =>
    el(doc, 'tr', { class: `status--${f.status.toLowerCase()}` }, [
      el(doc, 'td', { class: 'status' }, [f.status]),
      el(doc, 'td', { class: 'path' }, [visibleName(f.path), ...(f.note ? [el(doc, 'br'), el(doc, 'small', {}, [f.note])] : [])]),
      el(doc, 'td', { class: 'hash' }, [f.expectedSha256 ?? '—']),
      el(doc, 'td', { class: 'hash' }, [f.actualSha256 ?? '—']),
    ]),
  );
  return el(doc, 'table', { class: 'files' }, [
    el(doc, 'thead', {}, [
      el(doc, 'tr', {}, [
        el(doc, 'th', { scope: 'col' }, ['Status']),
        el(doc, 'th', { scope: 'col' }, ['File']),
        el(doc, 'th', { scope: 'col' }, ['SHA-256 recorded at export']),
        el(doc, 'th', { scope: 'col' }, ['SHA-256 computed now']),
      ]),
    ]),
    el(doc, 'tbody', {}, rows),
  ]);
}
