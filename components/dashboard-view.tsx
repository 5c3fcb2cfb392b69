import { i18n } from '#i18n';
import { CaptureList } from './capture-list';
import { ExportPanel } from './export-panel';
import { QuickExitButton } from './quick-exit-button';
import { SafetyNotices } from './safety-notices';

/** The full-page log: every capture, and the export. */
export function DashboardView() {
  return (
    <main class="dashboard">
      <header class="dashboard__header">
        <h1>{i18n.t('dashboard.heading')}</h1>
        <p class="dashboard__privacy">{i18n.t('dashboard.privacy')}</p>
        <QuickExitButton />
      </header>
      <SafetyNotices place="dashboard" />
      <ExportPanel />
      <section aria-label={i18n.t('dashboard.heading')}>
        <CaptureList pageSize={50} />
      </section>
    </main>
  );
}
