// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderVerification, visibleName } from '@/utils/export/verifier/render-results';
import { verifyBundleFiles } from '@/utils/export/verifier/verify-bundle';
import { HOSTILE, ordinaryBundle } from '../report-fixtures';

describe('renderVerification', () => {
  it('shows the verdict, the manifest digest and one row per file with its status', async () => {
    const { files } = ordinaryBundle();
    const report = await verifyBundleFiles(files);
    const container = document.createElement('div');
    renderVerification(document, container, report);
    expect(container.querySelector('#verdict')!.textContent).toBe(report.summary);
    expect(container.querySelector('#verdict')!.classList.contains('verdict--ok')).toBe(true);
    expect(container.querySelector('dd.hash')!.textContent).toBe(report.manifestDigest);
    const rows = [...container.querySelectorAll('section[data-check="files"] tbody tr')];
    expect(rows).toHaveLength(files.size - 1);
    for (const row of rows) expect(row.querySelector('td.status')!.textContent).toBe('OK');
  });

  it('puts problems first and shows hostile file names as text only', async () => {
    const { files } = ordinaryBundle();
    const names = [HOSTILE.script, HOSTILE.img, `captures/${HOSTILE.svg}`, HOSTILE.bidi, HOSTILE.closeTags];
    for (const name of names) files.set(name, new TextEncoder().encode('x'));
    const report = await verifyBundleFiles(files);
    const container = document.createElement('div');
    renderVerification(document, container, report);
    expect(container.querySelectorAll('script, img, svg, h1').length).toBe(0);
    for (const element of container.querySelectorAll('*')) for (const attribute of element.getAttributeNames()) expect(attribute.startsWith('on')).toBe(false);
    const rows = [...container.querySelectorAll('section[data-check="files"] tbody tr')];
    const shown = rows.slice(0, names.length).map((r) => [r.querySelector('td.status')!.textContent, r.querySelector('td.path')!.textContent]);
    expect(shown.every(([status]) => status === 'UNEXPECTED')).toBe(true);
    expect(shown.map(([, path]) => path)).toEqual(expect.arrayContaining([HOSTILE.script, HOSTILE.img, `captures/${HOSTILE.svg}`, 'invoice⟨U+202E⟩gnp.exe']));
    expect(container.querySelector('#verdict')!.classList.contains('verdict--bad')).toBe(true);
  });
});

describe('visibleName', () => {
  it('shows bidi overrides, zero-width and control characters as code points', () => {
    expect(visibleName('a\u202Eb\u200Bc\u0000d\nE')).toBe('a⟨U+202E⟩b⟨U+200B⟩c⟨U+0000⟩d⟨U+000A⟩E');
    expect(visibleName('Ana García 山田 😡')).toBe('Ana García 山田 😡');
  });
});
