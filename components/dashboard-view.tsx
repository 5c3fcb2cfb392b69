import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { NO_FILTERS, type LogFilters } from '@/utils/log/filters';
import { blurScreenshots } from '@/utils/settings/display';
import { DASHBOARD_VIEWS, DashboardNav, type DashboardViewName } from './dashboard-nav';
import { ExportView, type ExportSelection } from './export-view';
import { IncidentsView } from './incidents-view';
import { LockedLog, useSealedCount } from './locked-log';
import { LogView } from './log-view';
import { PatternView } from './pattern-view';
import { PeopleView } from './people-view';
import { QuickExitButton } from './quick-exit-button';
import { SafetyNotices } from './safety-notices';
import { EvidenceCodecContext, useEvidenceCodecOfPage } from './use-evidence-codec';
import { useSetting } from './use-setting';

interface Notice {
  message: string;
  undo?: () => void;
}

/** `#incidents/<id>` → view and incident. */
export function parseLocation(hash: string): { view: DashboardViewName; incidentId?: string } {
  const [view, id] = hash.replace(/^#/, '').split('/');
  const known = (DASHBOARD_VIEWS as readonly string[]).includes(view) ? (view as DashboardViewName) : 'log';
  return known === 'incidents' && id ? { view: known, incidentId: decodeURIComponent(id) } : { view: known };
}

/**
 * The full-page dashboard: the log, incidents, people, the pattern over time, and export. Views
 * are tabs reachable by keyboard; what happened after each action is said in one status line,
 * with Undo where something was removed.
 */
export function DashboardView() {
  const { codec, lock } = useEvidenceCodecOfPage();
  return (
    <EvidenceCodecContext.Provider value={codec}>
      <DashboardContent locked={lock?.encrypted === true && !lock.unlocked} />
    </EvidenceCodecContext.Provider>
  );
}

/** While the log is locked and holds sealed captures, its views give way to the unlock form (export has its own). */
function DashboardContent({ locked }: { locked: boolean }) {
  const sealedCount = useSealedCount();
  const showLock = locked && !!sealedCount;
  const initial = parseLocation(typeof location === 'undefined' ? '' : location.hash);
  const [view, setView] = useState<DashboardViewName>(initial.view);
  const [incidentId, setIncidentId] = useState<string | undefined>(initial.incidentId);
  const [draftCaptureIds, setDraftCaptureIds] = useState<string[] | undefined>();
  const [filters, setFilters] = useState<LogFilters>({ ...NO_FILTERS });
  const [selection, setSelection] = useState<ExportSelection | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();
  const [blur, setBlur] = useSetting(blurScreenshots);

  useEffect(() => {
    const hash = view === 'incidents' && incidentId && incidentId !== 'new' ? `#incidents/${encodeURIComponent(incidentId)}` : `#${view}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }, [view, incidentId]);

  const announce = (message: string, undo?: () => void) => setNotice({ message, ...(undo ? { undo } : {}) });
  const go = (next: DashboardViewName) => {
    setView(next);
    if (next !== 'incidents') setIncidentId(undefined);
  };
  const openIncident = (id: string | undefined) => {
    setDraftCaptureIds(undefined);
    setIncidentId(id);
    setView('incidents');
  };
  const exportCaptures = (captureIds: string[], label: string) => {
    setSelection({ captureIds, label });
    setView('export');
  };

  return (
    <main class="dashboard">
      <header class="dashboard__header">
        <h1>{i18n.t('dashboard.heading')}</h1>
        <p class="dashboard__privacy">{i18n.t('dashboard.privacy')}</p>
        <label class="check dashboard__blur">
          <input type="checkbox" checked={blur} onChange={(e) => setBlur((e.currentTarget as HTMLInputElement).checked)} />
          {i18n.t('views.blurSetting')}
        </label>
        <QuickExitButton />
      </header>
      <SafetyNotices place="dashboard" lockShownElsewhere={showLock} />
      <DashboardNav current={view} onChange={go} />
      <div class="notice" role="status" aria-live="polite">
        {notice && (
          <>
            <span>{notice.message}</span>
            {notice.undo && (
              <button
                type="button"
                class="button button--secondary button--small"
                onClick={() => {
                  const undo = notice.undo!;
                  setNotice(undefined);
                  undo();
                }}
              >
                {i18n.t('views.undo')}
              </button>
            )}
            <button type="button" class="button button--quiet button--small" onClick={() => setNotice(undefined)} aria-label={i18n.t('views.dismiss')}>
              ×
            </button>
          </>
        )}
      </div>
      <div id="view-panel" role="tabpanel" aria-labelledby={`tab-${view}`} class="view-panel">
        {showLock && view !== 'export' && <LockedLog sealedCount={sealedCount} idPrefix="dashboard-unlock" explain={i18n.t('sealed.dashboardExplain')} />}
        {!showLock && view === 'log' && (
          <LogView
            filters={filters}
            onFiltersChange={setFilters}
            onMakeIncident={(ids) => {
              setDraftCaptureIds(ids);
              setIncidentId('new');
              setView('incidents');
            }}
            onOpenIncident={openIncident}
            onExport={exportCaptures}
            announce={announce}
          />
        )}
        {!showLock && view === 'incidents' && (
          <IncidentsView
            openId={incidentId}
            draftCaptureIds={draftCaptureIds}
            onOpen={(id) => {
              if (id === 'new' && incidentId !== 'new') setDraftCaptureIds(undefined);
              setIncidentId(id);
            }}
            onShowInLog={(id) => {
              setFilters({ ...NO_FILTERS, incidentId: id });
              go('log');
            }}
            onExport={exportCaptures}
            announce={announce}
          />
        )}
        {!showLock && view === 'people' && (
          <PeopleView
            onShowInLog={(personId) => {
              setFilters({ ...NO_FILTERS, person: personId });
              go('log');
            }}
            onExport={exportCaptures}
            announce={announce}
          />
        )}
        {!showLock && view === 'pattern' && <PatternView />}
        {view === 'export' && <ExportView selection={selection} onSelect={setSelection} />}
      </div>
    </main>
  );
}
