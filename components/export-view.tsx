import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { localDayBounds } from '@/utils/log/filters';
import { ExportPanel } from './export-panel';

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
 * The export and import screen. What to export is chosen here or elsewhere in the dashboard (an
 * incident, a person, captures selected in the log, a date range); the export itself is the
 * export panel's, given the chosen capture ids.
 */
export function ExportView({ selection, onSelect }: ExportViewProps) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState('');

  async function chooseRange(e: Event) {
    e.preventDefault();
    if (!from && !to) {
      setProblem(i18n.t('exportChoice.rangeMissing'));
      return;
    }
    if (from && to && from > to) {
      setProblem(i18n.t('exportChoice.rangeBackwards'));
      return;
    }
    const { lower, upper } = localDayBounds(from, to);
    const ids = (await getDb().captures.where('pressedAt').between(lower, upper, true, false).primaryKeys()) as string[];
    setProblem('');
    onSelect({ captureIds: ids, label: i18n.t('exportChoice.selectionRange', [from || '…', to || '…']) });
  }

  return (
    <section class="export-view" aria-labelledby="export-view-heading">
      <h2 id="export-view-heading">{i18n.t('exportChoice.viewHeading')}</h2>
      <div class="export-choice" role="group" aria-labelledby="export-choice-heading">
        <h3 id="export-choice-heading">{i18n.t('exportChoice.whatHeading')}</h3>
        <p class="export-choice__current" aria-live="polite">
          {selection ? i18n.t('exportChoice.exportingSelection', [selection.label, String(selection.captureIds.length)]) : i18n.t('exportChoice.exportingAll')}
        </p>
        {selection && (
          <button type="button" class="button button--quiet" onClick={() => onSelect(undefined)}>
            {i18n.t('exportChoice.chooseAll')}
          </button>
        )}
        <form class="export-range" onSubmit={(e) => void chooseRange(e)} noValidate>
          <div class="field">
            <label for="export-from">{i18n.t('log.from')}</label>
            <input id="export-from" type="date" value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="export-to">{i18n.t('log.to')}</label>
            <input id="export-to" type="date" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <button type="submit" class="button button--secondary">
            {i18n.t('exportChoice.chooseRange')}
          </button>
          <p role="status" aria-live="polite" class="field__error">
            {problem}
          </p>
        </form>
        <p class="hint">{i18n.t('exportChoice.chooseElsewhere')}</p>
      </div>
      <ExportPanel key={selection ? `${selection.label}|${selection.captureIds.length}` : 'all'} captureIds={selection?.captureIds} />
      {/* The import panel (export/import developer) goes here. */}
    </section>
  );
}
