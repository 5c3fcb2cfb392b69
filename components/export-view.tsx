import { i18n } from '#i18n';
import { BundleHistory } from './bundle-history';
import { ExportPanel } from './export-panel';
import { ImportPanel } from './import-panel';
import { VerifyLogPanel } from './verify-log-panel';

export interface ExportSelection {
  captureIds: string[];
  /** What was chosen, in words: "Incident: Threats on 3 March", "2 captures you selected". */
  label: string;
}

export interface ExportViewProps {
  selection?: ExportSelection;
  onSelect: (selection: ExportSelection | undefined) => void;
}

/**
 * The export and import screen. An incident, a person or captures selected in the log are chosen
 * elsewhere in the dashboard and arrive here as `selection`; everything or a range of days is
 * chosen in the export panel itself.
 */
export function ExportView({ selection, onSelect }: ExportViewProps) {
  return (
    <section class="export-view" aria-labelledby="export-view-heading">
      <h2 id="export-view-heading">{i18n.t('exportChoice.viewHeading')}</h2>
      <p class="hint">{i18n.t('exportChoice.chooseElsewhere')}</p>
      <ExportPanel
        key={selection ? `${selection.label}|${selection.captureIds.length}` : 'all'}
        selectedIds={selection?.captureIds}
        selectionLabel={selection?.label}
        onClearSelection={() => onSelect(undefined)}
      />
      <ImportPanel />
      <BundleHistory />
      <VerifyLogPanel />
    </section>
  );
}
