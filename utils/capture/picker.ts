/**
 * The pick mode: after the person asks for it in the popup, the post under the pointer is
 * outlined; a click chooses it, Esc cancels. Runs in the extension's isolated world of the page.
 *
 * The page must not be able to fake or steer a pick: only events the browser marks `isTrusted`
 * (real input) count, and the chosen element is handed over inside the isolated world, never
 * through the page. The page cannot see inside the UI (a closed shadow root); it can at most
 * notice that an element was added to the document and that its clicks are held back while
 * picking, which is unavoidable.
 */

export interface PickerTexts {
  /** The banner: what to do. */
  instructions: string;
  /** The accessible name of the outline. */
  outlineLabel: string;
}

export interface Picker {
  /** Removes the outline and the listeners (the page is left as it was). */
  stop(): void;
}

/** Events the picker holds back from the page while it runs, so a chosen link is not followed. */
const HELD_EVENTS = ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click', 'auxclick', 'dblclick', 'contextmenu'] as const;

/**
 * Starts the pick mode in `win`. `postAround` finds the post that would be captured for an
 * element (what is outlined); `onPick` gets the element under the pointer when the person clicks;
 * `onCancel` is told when Esc is pressed.
 */
export function startPicker(
  win: Window,
  texts: PickerTexts,
  postAround: (element: Element) => Element | null,
  onPick: (element: Element) => void,
  onCancel: () => void,
): Picker {
  const doc = win.document;
  const host = doc.createElement('div');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = `
    :host { all: initial; }
    .outline { position: fixed; pointer-events: none; z-index: 2147483647; box-sizing: border-box;
      border: 3px solid #c2410c; background: rgba(194, 65, 12, 0.08); border-radius: 4px; display: none; }
    .banner { position: fixed; left: 50%; top: 12px; transform: translateX(-50%); z-index: 2147483647;
      pointer-events: none; font: 600 15px/1.4 system-ui, sans-serif; color: #fff; background: #1f2937;
      padding: 8px 14px; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.3); }`;
  const outline = doc.createElement('div');
  outline.className = 'outline';
  outline.setAttribute('role', 'presentation');
  outline.setAttribute('aria-label', texts.outlineLabel);
  const banner = doc.createElement('div');
  banner.className = 'banner';
  banner.setAttribute('role', 'status');
  banner.textContent = texts.instructions;
  shadow.append(style, outline, banner);
  doc.documentElement.appendChild(host);

  let stopped = false;
  let frame = 0;
  let lastPoint: { x: number; y: number } | null = null;

  const elementAt = (x: number, y: number): Element | null => {
    const el = doc.elementFromPoint(x, y);
    return el && el !== host ? el : null;
  };

  const paint = () => {
    frame = 0;
    if (!lastPoint) return;
    const el = elementAt(lastPoint.x, lastPoint.y);
    const post = el ? (postAround(el) ?? el) : null;
    if (!post) {
      outline.style.display = 'none';
      return;
    }
    const r = post.getBoundingClientRect();
    outline.style.display = 'block';
    outline.style.left = `${r.left}px`;
    outline.style.top = `${r.top}px`;
    outline.style.width = `${r.width}px`;
    outline.style.height = `${r.height}px`;
  };

  const onMove = (event: MouseEvent) => {
    if (!event.isTrusted) return;
    lastPoint = { x: event.clientX, y: event.clientY };
    if (!frame) frame = win.requestAnimationFrame(paint);
  };

  const hold = (event: Event) => {
    if (!event.isTrusted) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type !== 'click') return;
    const mouse = event as MouseEvent;
    const el = elementAt(mouse.clientX, mouse.clientY);
    if (!el) return;
    stop();
    onPick(el);
  };

  const onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.key !== 'Escape') return;
    event.preventDefault();
    event.stopImmediatePropagation();
    stop();
    onCancel();
  };

  const options = { capture: true, passive: false } as const;
  win.addEventListener('mousemove', onMove, { capture: true, passive: true });
  for (const type of HELD_EVENTS) win.addEventListener(type, hold, options);
  win.addEventListener('keydown', onKey, options);

  function stop() {
    if (stopped) return;
    stopped = true;
    if (frame) win.cancelAnimationFrame(frame);
    win.removeEventListener('mousemove', onMove, { capture: true });
    for (const type of HELD_EVENTS) win.removeEventListener(type, hold, { capture: true });
    win.removeEventListener('keydown', onKey, { capture: true });
    host.remove();
  }

  return { stop };
}
