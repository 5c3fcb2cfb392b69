import { i18n } from '#i18n';
import { useRef } from 'preact/hooks';

export const DASHBOARD_VIEWS = ['log', 'incidents', 'people', 'pattern', 'export'] as const;
export type DashboardViewName = (typeof DASHBOARD_VIEWS)[number];

function viewLabel(view: DashboardViewName): string {
  switch (view) {
    case 'log':
      return i18n.t('nav.log');
    case 'incidents':
      return i18n.t('nav.incidents');
    case 'people':
      return i18n.t('nav.people');
    case 'pattern':
      return i18n.t('nav.pattern');
    case 'export':
      return i18n.t('nav.export');
  }
}

/**
 * The dashboard's views as tabs: Tab reaches the current one, the arrow keys (and Home, End) move
 * between them, as screen-reader users expect of a tab list.
 */
export function DashboardNav({ current, onChange }: { current: DashboardViewName; onChange: (view: DashboardViewName) => void }) {
  const list = useRef<HTMLDivElement>(null);
  function onKeyDown(e: KeyboardEvent) {
    const i = DASHBOARD_VIEWS.indexOf(current);
    const next = e.key === 'ArrowRight' ? (i + 1) % DASHBOARD_VIEWS.length : e.key === 'ArrowLeft' ? (i - 1 + DASHBOARD_VIEWS.length) % DASHBOARD_VIEWS.length : e.key === 'Home' ? 0 : e.key === 'End' ? DASHBOARD_VIEWS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    onChange(DASHBOARD_VIEWS[next]);
    requestAnimationFrame(() => list.current?.querySelector<HTMLButtonElement>(`#tab-${DASHBOARD_VIEWS[next]}`)?.focus());
  }
  return (
    <div class="tabs" role="tablist" aria-label={i18n.t('nav.label')} ref={list} onKeyDown={onKeyDown}>
      {DASHBOARD_VIEWS.map((view) => (
        <button
          key={view}
          id={`tab-${view}`}
          type="button"
          role="tab"
          class="tab"
          aria-selected={view === current}
          aria-controls="view-panel"
          tabIndex={view === current ? 0 : -1}
          onClick={() => onChange(view)}
        >
          {viewLabel(view)}
        </button>
      ))}
    </div>
  );
}
