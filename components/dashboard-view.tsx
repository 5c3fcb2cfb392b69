import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { BundleHistory } from './bundle-history';
import { CaptureList } from './capture-list';
import { ExportPanel } from './export-panel';
import { ImportPanel } from './import-panel';

/** The full-page log: every capture, the export (all, a range of days, or the ones ticked), the import, and their history. */
export function DashboardView() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (captureId: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(captureId);
      else next.delete(captureId);
      return next;
    });
  return (
    <main class="dashboard">
      <header class="dashboard__header">
        <h1>{i18n.t('dashboard.heading')}</h1>
        <p class="dashboard__privacy">{i18n.t('dashboard.privacy')}</p>
      </header>
      <ExportPanel selectedIds={[...selected]} onClearSelection={() => setSelected(new Set())} />
      <section aria-label={i18n.t('dashboard.heading')}>
        <CaptureList pageSize={50} selectable={{ selected, onChange: toggle }} />
      </section>
      <ImportPanel />
      <BundleHistory />
    </main>
  );
}
