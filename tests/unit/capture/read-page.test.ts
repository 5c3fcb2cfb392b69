// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { PAGE_LIMITS, parsePageRead } from '@/utils/capture/page-read';
import { readPage } from '@/utils/capture/read-page';

/** happy-dom does no layout: place elements by hand (top in CSS pixels, 40 px tall). */
function place(el: Element, top: number, height = 40) {
  el.getBoundingClientRect = () => ({ top, bottom: top + height, left: 0, right: 600, width: 600, height, x: 0, y: top, toJSON: () => ({}) }) as DOMRect;
}

beforeEach(() => {
  document.documentElement.setAttribute('lang', 'es');
  document.title = 'Hilo <b>público</b>';
  document.body.innerHTML = `
    <p id="a">Arriba del todo</p>
    <p id="b">Te estoy vigilando <span id="c">cada día</span></p>
    <script>var hidden = "SCRIPT-TEXT";</script>
    <p id="d">Más abajo, fuera de pantalla</p>`;
  Object.defineProperty(window, 'innerHeight', { value: 800, configurable: true });
  Object.defineProperty(window, 'innerWidth', { value: 1280, configurable: true });
  place(document.getElementById('a')!, -100);
  place(document.getElementById('b')!, 200);
  place(document.getElementById('c')!, 200);
  place(document.getElementById('d')!, 1200);
});

describe('reading the page', () => {
  it('keeps the address, title, language, viewport and the text that is on screen', () => {
    const page = readPage(window);
    expect(page.url).toBe(window.location.href);
    expect(page.title).toBe('Hilo <b>público</b>');
    expect(page.language).toBe('es');
    expect(page.viewport).toEqual({ width: 1280, height: 800 });
    expect(page.visibleText).toBe('Te estoy vigilando\ncada día');
    expect(page.visibleText).not.toContain('SCRIPT-TEXT');
    expect(page.text).toContain('Más abajo, fuera de pantalla');
    expect(page.textTruncated).toBe(false);
    expect(page.limitsHit).toEqual([]);
    expect(() => parsePageRead(page)).not.toThrow();
  });

  it('keeps the selected text', () => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('c')!);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    expect(readPage(window).selectedText).toBe('cada día');
  });

  it('caps the whole text and says so', () => {
    document.body.innerHTML = `<p>${'x'.repeat(5000)}</p>`;
    const page = readPage(window, { ...PAGE_LIMITS, textChars: 1000 });
    expect(page.text).toHaveLength(1000);
    expect(page.textLength).toBe(5000);
    expect(page.textTruncated).toBe(true);
    expect(page.limitsHit[0]).toMatch(/cut at 1000 characters of 5000/);
  });

  it('stops looking for visible text on a page with too many nodes, and says so', () => {
    document.body.innerHTML = Array.from({ length: 3000 }, (_, i) => `<span>n${i}</span>`).join('');
    for (const span of document.querySelectorAll('span')) place(span, 10);
    const page = readPage(window, { ...PAGE_LIMITS, textNodes: 500 });
    expect(page.visibleTextTruncated).toBe(true);
    expect(page.limitsHit.join()).toMatch(/stopped after 500 text nodes/);
  });

  it('stops on its time budget', () => {
    let now = 0;
    document.body.innerHTML = Array.from({ length: 2000 }, (_, i) => `<span>n${i}</span>`).join('');
    const page = readPage(window, { ...PAGE_LIMITS, visibleTextBudgetMs: 5 }, () => (now += 1));
    expect(page.limitsHit.join()).toMatch(/stopped after 5 ms/);
  });
});

describe('checking a page reading', () => {
  it('refuses readings of the wrong shape or beyond the caps', () => {
    const good = readPage(window);
    expect(() => parsePageRead({ ...good, url: 42 })).toThrow(/url/);
    expect(() => parsePageRead({ ...good, title: 'x'.repeat(PAGE_LIMITS.titleChars + 1) })).toThrow(/title/);
    expect(() => parsePageRead({ ...good, scroll: { x: Number.NaN, y: 0 } })).toThrow(/scroll/);
    expect(() => parsePageRead(null)).toThrow();
  });
});
