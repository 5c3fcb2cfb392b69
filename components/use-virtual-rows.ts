import { Virtualizer, elementScroll, observeElementOffset, observeElementRect, type VirtualItem } from '@tanstack/virtual-core';
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useState } from 'preact/hooks';

const FALLBACK_RECT = { width: 800, height: 640 };

/**
 * A virtualised window over `count` rows of a fixed height in a scrolling element: only the rows
 * on screen (and a few around them) are rendered, so the log costs the same with ten captures or
 * a hundred thousand. (`@tanstack/virtual-core` with a small Preact binding.)
 */
export function useVirtualRows(count: number, scrollRef: RefObject<HTMLElement | null>, rowHeight: number): { items: VirtualItem[]; totalSize: number; virtualizer: Virtualizer<HTMLElement, HTMLElement> } {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options = {
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    scrollToFn: elementScroll,
    // An element not laid out (yet, or ever as in tests) measures 0: assume a window-sized list then.
    observeElementRect: (instance: Virtualizer<HTMLElement, HTMLElement>, cb: (rect: { width: number; height: number }) => void) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
    observeElementOffset,
    overscan: 6,
    // Until the element is measured (and where it never is, e.g. in tests), assume a window.
    initialRect: FALLBACK_RECT,
    onChange: () => rerender(undefined as never),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, HTMLElement>(options));
  virtualizer.setOptions(options);
  useEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  return { items: virtualizer.getVirtualItems(), totalSize: virtualizer.getTotalSize(), virtualizer };
}
