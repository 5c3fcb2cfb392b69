// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_LIMITS, parsePageRead } from '@/utils/capture/page-read';
import { readPage } from '@/utils/capture/read-page';

const limits = { ...PAGE_LIMITS, textChars: 1_000, selectedTextChars: 500 };

afterEach(() => vi.restoreAllMocks());

describe('reading a page built to be pathological', () => {
  it('does not lay out or copy a page far larger than the cap: keeps its beginning, stops counting at twice the cap, says so', () => {
    document.body.innerHTML = Array.from({ length: 50 }, (_, i) => `<p>${String(i).padStart(3, '0')}${'x'.repeat(197)}</p>`).join('');
    const innerText = vi.spyOn(HTMLElement.prototype, 'innerText', 'get');
    const page = readPage(window, limits);
    expect(innerText).not.toHaveBeenCalled();
    expect(page.text).toHaveLength(1_000);
    expect(page.text.startsWith(`000${'x'.repeat(197)}\n001`)).toBe(true);
    expect(page.textLength).toBe(10 * 200 + 9); // counting stopped past 2,000 characters
    expect(page.textTruncated).toBe(true);
    expect(page.limitsHit[0]).toBe('page text read without layout and cut at 1000 characters of 2009 or more');
    expect(() => parsePageRead(page)).not.toThrow();
  });

  it('uses the text as rendered for a page within twice the cap', () => {
    document.body.innerHTML = `<p>${'y'.repeat(1_500)}</p>`;
    const page = readPage(window, limits);
    expect(page.text).toHaveLength(1_000);
    expect(page.textLength).toBe(1_500);
    expect(page.limitsHit[0]).toBe('page text cut at 1000 characters of 1500');
  });

  it('caps a selection of the whole page without Selection.toString()', () => {
    document.body.innerHTML = Array.from({ length: 40 }, (_, i) => `<p>line ${i} ${'z'.repeat(90)}</p>`).join('');
    window.getSelection()!.selectAllChildren(document.body);
    const toString = vi.spyOn(Selection.prototype, 'toString');
    const page = readPage(window, limits);
    expect(toString).not.toHaveBeenCalled();
    expect(page.selectedText).toHaveLength(500);
    expect(page.selectedText.startsWith('line 0 ')).toBe(true);
    expect(page.selectedTextTruncated).toBe(true);
    expect(page.limitsHit.join()).toMatch(/selected text cut at 500 characters/);
  });

  it('reads a small selection exactly, from the middle of one text node', () => {
    document.body.innerHTML = '<p id="p">I know where you live</p>';
    const text = document.getElementById('p')!.firstChild!;
    const range = document.createRange();
    range.setStart(text, 2);
    range.setEnd(text, 6);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    const page = readPage(window, limits);
    expect(page.selectedText).toBe('know');
    expect(page.selectedTextTruncated).toBe(false);
  });

  it('leaves out script and style text, and survives a page with no body', () => {
    document.body.innerHTML = '<style>.a{}</style><script>var s = "SCRIPT-SECRET"</script><p>shown</p>';
    expect(readPage(window, limits).text).not.toContain('SCRIPT-SECRET');
    const xml = new DOMParser().parseFromString('<root><a>one</a><b>two</b></root>', 'application/xml');
    const fakeWindow = { ...window, document: xml, location: window.location, getSelection: () => null, innerWidth: 10, innerHeight: 10 } as unknown as Window;
    const page = readPage(fakeWindow, limits);
    expect(page.text).toBe('onetwo');
  });

  it('sizes a page of very many small nodes at once when walking them would take too long', () => {
    document.body.innerHTML = Array.from({ length: 3_000 }, (_, i) => `<i>${i}</i>`).join('');
    let now = 0;
    const page = readPage(window, limits, () => (now += 100));
    expect(page.textLength).toBeGreaterThan(2_000);
    expect(page.text).toHaveLength(1_000);
    expect(page.limitsHit[0]).toMatch(/^page text read without layout \(too long to lay out\) and cut at 1000 characters of \d+$/);
  });
});
