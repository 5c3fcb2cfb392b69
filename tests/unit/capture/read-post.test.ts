// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { chooseTarget, describeElement, httpOnly, readPost } from '@/utils/capture/read-post';
import { loadFixture, must } from '../sites/fixture';

/** `:hover` needs a real pointer: tests hand the hovered chain in, outermost first as the browser lists it. */
const hovering = (...chain: Element[]) => () => chain;
const nothingHovered = () => [] as Element[];

describe('which element the person means', () => {
  beforeEach(() => {
    document.body.innerHTML = '<article id="a"><p id="p">one <b id="b">two</b></p><input id="field"></article><article id="c"><p id="q">three</p></article>';
    window.getSelection()?.removeAllRanges();
    (document.activeElement as HTMLElement | null)?.blur?.();
  });

  it('takes the deepest element under the pointer', () => {
    const chosen = chooseTarget(document, null, hovering(document.documentElement, document.body, must('#a'), must('#p'), must('#b')));
    expect(chosen).toEqual({ element: must('#b'), method: 'hover' });
  });

  it('an element chosen before (pick mode, right-click) wins over the pointer', () => {
    const chosen = chooseTarget(document, { element: must('#q'), method: 'picked' }, hovering(must('#a'), must('#b')));
    expect(chosen).toEqual({ element: must('#q'), method: 'picked' });
  });

  it('falls back to the focused element when the pointer is over nothing in particular', () => {
    (must('#field') as HTMLInputElement).focus();
    expect(chooseTarget(document, null, hovering(document.documentElement, document.body))).toEqual({ element: must('#field'), method: 'focus' });
    expect(chooseTarget(document, null, nothingHovered)).toEqual({ element: must('#field'), method: 'focus' });
  });

  it('then to the selection', () => {
    const range = document.createRange();
    range.selectNodeContents(must('#q'));
    window.getSelection()!.addRange(range);
    expect(chooseTarget(document, null, nothingHovered)).toEqual({ element: must('#q'), method: 'selection' });
  });

  it('answers nothing when nothing is hovered, focused or selected, and never throws', () => {
    expect(chooseTarget(document, null, nothingHovered)).toBeNull();
    expect(
      chooseTarget(document, null, () => {
        throw new Error('odd page');
      }),
    ).toBeNull();
  });

  it('ignores a chosen element that has left the page', () => {
    const gone = document.createElement('p');
    expect(chooseTarget(document, { element: gone, method: 'picked' }, hovering(must('#b')))?.method).toBe('hover');
  });

  it('describes the element as text, bounded', () => {
    const el = document.createElement('div');
    el.id = 'x'.repeat(500);
    el.className = 'a b c d';
    expect(describeElement(el).length).toBeLessThanOrEqual(300);
    expect(describeElement(must('#b'))).toBe('b#b');
  });
});

describe('reading the post around it', () => {
  it('reads the second tweet of a timeline when the pointer is on it, with its own text only', () => {
    loadFixture('x/timeline.html');
    Object.defineProperty(window, 'location', { value: new URL('https://x.com/home'), configurable: true });
    const word = must('#target-word');
    const { read, element } = readPost(window, null, hovering(document.body, word));
    expect(element).toBe(document.querySelectorAll('article[data-testid="tweet"]')[1]);
    expect(read.target).toEqual({ method: 'hover', element: expect.stringMatching(/^span#target-word/) });
    expect(read.extraction.adapter).toBe('x');
    expect(read.fields?.author?.handle).toBe('@nightowl_88');
    expect(read.text).toBe('Saw you at the station again this morning 👀\nSame coat as yesterday.');
    expect(read.rect).not.toBeNull();
  });

  it('says plainly when nothing was under the pointer', () => {
    document.body.innerHTML = '<p>x</p>';
    const { read, element } = readPost(window, null, nothingHovered);
    expect(element).toBeNull();
    expect(read.target).toBeNull();
    expect(read.extraction.notes[0]).toMatch(/Nothing was under the mouse pointer/);
  });

  it('drops addresses that are not http(s) and says so, so the reading passes the schema', () => {
    const notes: string[] = [];
    const fields = httpOnly(
      {
        platform: 'whatsapp',
        kind: 'message',
        author: { displayName: 'A'.repeat(5000), profileUrl: 'javascript:alert(1)' },
        permalink: 'blob:https://web.whatsapp.com/abc',
        mediaUrls: ['blob:https://web.whatsapp.com/1', 'https://media.example/2.jpg'],
      },
      notes,
    );
    expect(fields.author).toEqual({ displayName: 'A'.repeat(2000) });
    expect(fields.permalink).toBeUndefined();
    expect(fields.mediaUrls).toEqual(['https://media.example/2.jpg']);
    expect(notes).toEqual(['1 media address(es) that were not http(s) (e.g. blob:) were left out.']);
  });
});
