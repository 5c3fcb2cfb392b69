// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { bundleFileUrl, escapeHtml, renderReportHtml, renderReportHtmlChunks } from '@/utils/export/report-html';
import { HOSTILE, makeBundle, ordinaryBundle } from './report-fixtures';

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

function hostileBundle() {
  return makeBundle([
    {
      url: HOSTILE.javascriptUrl,
      title: `${HOSTILE.script}${HOSTILE.img}`,
      pressedAt: '2026-11-28T08:00:00.000Z',
      notes: [HOSTILE.closeTags, HOSTILE.styleBreak],
      visibleText: `${HOSTILE.svg}\n${HOSTILE.longLine}`,
      post: {
        platform: 'x',
        kind: 'post',
        author: { displayName: HOSTILE.attrBreak, handle: HOSTILE.singleQuote, profileUrl: HOSTILE.dataUrl },
        permalink: HOSTILE.javascriptUrl,
        postedAt: { displayed: HOSTILE.entity },
        text: HOSTILE.emoji,
        mediaUrls: [HOSTILE.dataUrl, 'https://cdn.example/pic.jpg'],
      },
    },
    { url: HOSTILE.longLine, title: HOSTILE.bidi, pressedAt: '2026-11-28T09:00:00.000Z', status: 'failed', failure: HOSTILE.svg },
    { url: `https://example.com/${HOSTILE.bidi}`, title: 'Bidi address', pressedAt: '2026-11-28T10:00:00.000Z' },
  ]);
}

describe('renderReportHtml', () => {
  it('puts the cover facts first: exporter, export time local and UTC, tool, zone, count, manifest digest', () => {
    const { input } = ordinaryBundle();
    const doc = parse(renderReportHtml(input));
    const cover = doc.querySelector('section.cover')!;
    const facts = Object.fromEntries([...cover.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));
    expect(facts['Exported by']).toBe('Ana García');
    expect(facts['Exported on (local time)']).toBe('Mon 30 Nov 2026, 11:00:00 (UTC+01:00, Europe/Madrid)');
    expect(facts['Exported on (UTC)']).toBe('Mon 30 Nov 2026, 10:00:00 UTC');
    expect(facts['Made with']).toBe('Holdfast 0.1.0');
    expect(facts['Time zone of the device']).toContain('Europe/Madrid');
    expect(facts['Captures in this record']).toBe('3 (2 complete, 1 not completed)');
    expect(facts['Manifest digest (SHA-256 of manifest.json)']).toBe(input.manifestDigest);
    expect(cover.textContent).toContain('How to check this record');
    expect(cover.textContent).toContain('sha256sum -c SHA256SUMS');
  });

  it('leaves out "Exported by" when the person typed no name', () => {
    const { input } = ordinaryBundle();
    const doc = parse(renderReportHtml({ ...input, exporterName: '  ' }));
    expect([...doc.querySelectorAll('dt')].map((d) => d.textContent)).not.toContain('Exported by');
  });

  it('shows captures in chronological order with screenshot, times, author, post time, notes and every SHA-256', () => {
    const { input } = ordinaryBundle();
    const doc = parse(renderReportHtml(input));
    const sections = [...doc.querySelectorAll('section.capture')];
    expect(sections.map((s) => s.querySelector('h2 bdi')!.textContent)).toEqual(['First post', 'Second post', 'Inbox']);

    const first = sections[0];
    const facts = Object.fromEntries([...first.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]));
    expect(facts['Captured (local time)']).toBe('Sat 28 Nov 2026, 09:00:05 (UTC+01:00, Europe/Madrid)');
    expect(facts['Captured (UTC)']).toBe('Sat 28 Nov 2026, 08:00:05 UTC');
    expect(facts['Page address']).toBe('https://social.example/@troll/status/1');
    expect(facts['Author']).toBe('Troll Account · @troll');
    expect(facts['Author account id']).toBe('12345');
    expect(facts['Posted (as the page gives it)']).toContain('Sat 28 Nov 2026, 07:58:00 UTC');
    expect(facts['Posted (as the page gives it)']).toContain('shown on the page as "2m"');
    expect(facts['Platform']).toBe('x (social.example)');

    const capture = input.captures.find((c) => c.entry.title === 'First post')!;
    const img = first.querySelector('figure.screenshot img')!;
    expect(img.getAttribute('src')).toBe(`${capture.entry.folder}/screenshot.png`);
    for (const file of capture.files) expect(first.textContent).toContain(file.sha256);

    expect(sections[1].querySelector('ul.notes')!.textContent).toBe('He posted this after I blocked him.');
  });

  it('shows a failed capture with its reason and no screenshot', () => {
    const { input } = ordinaryBundle();
    const doc = parse(renderReportHtml(input));
    const failed = doc.querySelectorAll('section.capture')[2];
    expect(failed.classList.contains('capture--failed')).toBe(true);
    expect(failed.querySelector('.failure')!.textContent).toBe('Not completed: The tab was closed before the screenshot could be taken.');
    expect(failed.querySelector('img')).toBeNull();
    expect(doc.querySelector('section.index')!.textContent).toContain('not completed');
  });

  it('is self-contained: no script, no external resource, a CSP that forbids both, print rules', () => {
    const { input } = ordinaryBundle();
    const html = renderReportHtml(input);
    const doc = parse(html);
    expect(doc.querySelectorAll('script, link, iframe, object, embed, base, form').length).toBe(0);
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    for (const img of doc.querySelectorAll('img')) expect(img.getAttribute('src')).toMatch(/^captures\/[^:]+\/screenshot\.png$/);
    expect(html).toContain('@media print');
    expect(html).toContain('break-before: page');
    expect(html).not.toMatch(/https?:\/\/(?!social\.example|mail\.example)/);
  });

  it('renders every hostile string as text: no script, no handler, no injected element, no javascript: link', () => {
    const { input } = hostileBundle();
    const html = renderReportHtml(input);
    const doc = parse(html);
    expect(doc.querySelectorAll('script, svg, iframe, object, embed').length).toBe(0);
    expect(doc.querySelectorAll('style').length).toBe(1);
    expect(doc.querySelectorAll('h1').length).toBe(1);
    for (const element of doc.querySelectorAll('*')) {
      for (const attribute of element.getAttributeNames()) expect(attribute.startsWith('on'), `${element.tagName} ${attribute}`).toBe(false);
      expect(element.hasAttribute('autofocus')).toBe(false);
    }
    const imgs = [...doc.querySelectorAll('img')];
    expect(imgs).toHaveLength(2);
    for (const img of imgs) expect(img.getAttribute('src')).toMatch(/^captures\/[^:]+\/screenshot\.png$/);

    const text = doc.body.textContent!;
    for (const payload of [HOSTILE.script, HOSTILE.img, HOSTILE.closeTags, HOSTILE.styleBreak, HOSTILE.attrBreak, HOSTILE.singleQuote, HOSTILE.entity, HOSTILE.emoji]) {
      expect(text).toContain(payload);
    }
    expect(text).toContain(HOSTILE.javascriptUrl);
  });

  it('makes links only of http(s) addresses, with rel="noopener noreferrer"', () => {
    const { input } = hostileBundle();
    const doc = parse(renderReportHtml(input));
    const external = [...doc.querySelectorAll('a')].filter((a) => !a.getAttribute('href')!.startsWith('#'));
    const hrefs = external.map((a) => a.getAttribute('href')!);
    expect(hrefs).toHaveLength(3);
    expect(hrefs[2]).toBe('https://example.com/invoice%E2%80%AEgnp.exe');
    expect(hrefs[0]).toBe('https://cdn.example/pic.jpg');
    expect(hrefs[1] === HOSTILE.longLine).toBe(true);
    for (const a of external) expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(doc.body.innerHTML).not.toMatch(/href="\s*(javascript|data):/i);
  });

  it('reveals bidi and invisible characters in addresses and file names, and isolates page text', () => {
    const { input } = hostileBundle();
    const doc = parse(renderReportHtml(input));
    const [, failed, bidi] = doc.querySelectorAll('section.capture');
    expect(failed.querySelector('h2 bdi')!.textContent).toBe(HOSTILE.bidi);
    const address = [...bidi.querySelectorAll('dt')].find((d) => d.textContent === 'Page address')!.nextElementSibling!;
    expect(address.textContent).toBe('https://example.com/invoice⟨U+202E⟩gnp.exe');
    const shown = [...doc.querySelectorAll('.url, code')].map((e) => e.textContent!).join('\n');
    expect(shown).not.toContain('\u202E');
  });

  it('wraps very long lines instead of widening the page', () => {
    const { input } = hostileBundle();
    const html = renderReportHtml(input);
    expect(html).toMatch(/overflow-wrap: anywhere/);
    const doc = parse(html);
    expect(doc.body.textContent).toContain(HOSTILE.longLine);
  });

  it('cuts very long page text and says where the whole text is', () => {
    const { input } = makeBundle([{ url: 'https://a.example/', title: 'Long', pressedAt: '2026-11-28T08:00:00.000Z', visibleText: 'x'.repeat(25_000) }]);
    const doc = parse(renderReportHtml(input));
    const block = doc.querySelector('.page-text')!;
    expect(block.textContent!.length).toBe(20_000);
    expect(doc.body.textContent).toContain('Shown: the first 20,000 of 25,000 characters.');
    expect(doc.body.textContent).toMatch(/The whole text is in captures\/0001_[^ ]+\/text\.txt/);
  });

  it('streams the same document in pieces: one per capture after the head, cover, declaration and index', () => {
    const { input } = ordinaryBundle();
    const chunks = [...renderReportHtmlChunks(input)];
    expect(chunks).toHaveLength(4 + 3 + 1);
    expect(chunks.join('')).toBe(renderReportHtml(input));
  });

  it('has a declaration to print and sign, and the signing key fingerprint on the cover when the bundle is signed', () => {
    const { input } = ordinaryBundle();
    const doc = parse(renderReportHtml({ ...input, signingKeyFingerprint: '3F2A 9C1B' }));
    const declaration = doc.querySelector('section.declaration')!;
    expect(declaration.querySelector('h2')!.textContent).toBe('Declaration of the person who captured this evidence');
    expect(declaration.textContent).toContain('US Federal Rule of Evidence 902(14)');
    expect(declaration.textContent).toContain('Rules of evidence differ from country to country');
    expect([...declaration.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Full name', 'Signature', 'Date', 'Place (city, country)']);
    expect(doc.querySelector('section.cover')!.textContent).toContain('Signing key fingerprint (signing-key.jwk.json)3F2A 9C1B');
  });

  it('says so when the record holds no captures', () => {
    const { input } = makeBundle([]);
    const doc = parse(renderReportHtml(input));
    expect(doc.querySelector('section.index')!.textContent).toContain('This record holds no captures.');
  });
});

describe('escapeHtml and bundleFileUrl', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('encodes each path segment and refuses paths that leave the bundle or carry a scheme', () => {
    expect(bundleFileUrl('captures/0001_x/screenshot.png')).toBe('captures/0001_x/screenshot.png');
    expect(bundleFileUrl('captures/a b#?/shot.png')).toBe('captures/a%20b%23%3F/shot.png');
    expect(bundleFileUrl('javascript:alert(1)')).toBe('javascript%3Aalert(1)');
    expect(bundleFileUrl('../secret.png')).toBeNull();
    expect(bundleFileUrl('/etc/passwd')).toBeNull();
    expect(bundleFileUrl('captures\\..\\x.png')).toBeNull();
  });
});
