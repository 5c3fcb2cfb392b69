import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { createEvidenceBundle, estimateBundleBytes, exportFraction, exportSize, type EvidenceBundle, type ExportProgress } from '@/utils/export/bundle';
import { saveBundleAsDownload } from '@/utils/export/save-bundle';
import { captureIdsInScope, scopeProblem, type ExportScope } from '@/utils/export/scope';
import { formatBytes } from '@/utils/format/bytes';
import { noteExportMade } from '@/utils/safety/settings';
import { recordBundleExported } from '@/utils/integrity/bundle-custody';
import { LockedLog } from './locked-log';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ExportProgress | null }
  | { kind: 'done'; fileName: string; size: number; manifestDigest: string; captureCount: number; custodyError?: string }
  | { kind: 'failed'; reason: string };

type ScopeKind = ExportScope['kind'];

const PROGRESS_INTERVAL_MS = 200;

export interface ExportPanelProps {
  /** Ids of the captures selected in the list, for "the selected captures". */
  selectedIds?: string[];
  /** Clears the list's selection. */
  onClearSelection?: () => void;
  /** What the selection is, in words ("Incident: Threats on 3 March"), when chosen elsewhere in the dashboard. */
  selectionLabel?: string;
}

const PROBLEMS = {
  'range-incomplete': 'export.problem.rangeIncomplete',
  'range-invalid': 'export.problem.rangeInvalid',
  'range-reversed': 'export.problem.rangeReversed',
  'none-selected': 'export.problem.noneSelected',
} as const;

/**
 * Exports captures to one evidence bundle (.zip): everything, a range of days or the captures
 * selected in the list; shows how many captures and bytes before it starts, progress while it
 * runs, and the file name at the end. Each finished export is recorded in the chain of custody.
 */
export function ExportPanel({ selectedIds = [], onClearSelection, selectionLabel }: ExportPanelProps) {
  const [kind, setKind] = useState<ScopeKind>(selectedIds.length ? 'selected' : 'all');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [exporterName, setExporterName] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });

  const scope: ExportScope = kind === 'all' ? { kind } : kind === 'range' ? { kind, from, to } : { kind, captureIds: selectedIds };
  const problem = scopeProblem(scope);
  const scopeKey = kind === 'range' ? `${from}|${to}` : kind === 'selected' ? selectedIds.join(',') : '';
  const codec = useCodec();
  // Which captures, live; their sizes are read through the codec outside the live query.
  const inScope = useLiveQuery(async () => (problem ? null : { ids: await captureIdsInScope(getDb(), scope), total: await getDb().captures.count() }), [kind, scopeKey, problem]);
  const size = useOpened(inScope, codec, async (c, chosen) => (chosen ? exportSize(getDb(), chosen.ids, c) : null));
  const running = state.kind === 'running';
  // Encrypted captures cannot be exported while the log is locked: say so and offer the unlock form here.
  const locked = !!size?.sealedCount && !codec.canOpen;

  async function runExport() {
    if (problem || !size?.captureCount || running || locked) return;
    setState({ kind: 'running', progress: null });
    let bundle: EvidenceBundle | undefined;
    // Progress arrives per capture and step; the screen shows it a few times a second.
    const latest: { progress: ExportProgress | null } = { progress: null };
    const show = () => setState((s) => (s.kind === 'running' ? { ...s, ...latest } : s));
    const ticker = setInterval(show, PROGRESS_INTERVAL_MS);
    try {
      const db = getDb();
      const manifest = browser.runtime.getManifest();
      bundle = await createEvidenceBundle(db, {
        captureIds: await captureIdsInScope(db, scope),
        exporterName,
        tool: { name: i18n.t('extName'), version: manifest.version, extensionId: browser.runtime.id },
        onProgress: (progress) => {
          latest.progress = progress;
        },
        codec,
      });
      const saved = await saveBundleAsDownload(bundle.stream, bundle.fileName);
      const result = await bundle.result;
      void noteExportMade(new Date(), result.captureIds.length);
      let custodyError: string | undefined;
      try {
        await recordBundleExported(db, { fileName: bundle.fileName, manifestDigest: result.manifestDigest, captureIds: result.captureIds });
      } catch (error) {
        custodyError = error instanceof Error ? error.message : String(error);
      }
      setState({ kind: 'done', fileName: bundle.fileName, size: saved.size, manifestDigest: result.manifestDigest, captureCount: result.captureIds.length, custodyError });
    } catch (error) {
      // The bundle's own error says what went wrong; the stream's reader only wraps it.
      const cause = bundle ? await bundle.result.then(() => error, (reason: unknown) => reason) : error;
      setState({ kind: 'failed', reason: asSentence(cause instanceof Error ? cause.message : String(cause)) });
    } finally {
      clearInterval(ticker);
    }
  }

  let summary = '';
  if (problem) summary = '';
  else if (size === undefined) summary = '';
  else if (!size || size.captureCount === 0) summary = kind === 'all' ? i18n.t('export.nothing') : i18n.t('export.nothingInScope');
  else summary = i18n.t('export.summary', size.captureCount, [String(size.captureCount), formatBytes(size.bytes), formatBytes(estimateBundleBytes(size))]);

  const progress = state.kind === 'running' ? state.progress : null;
  const percent = progress ? Math.round(exportFraction(progress) * 100) : 0;

  return (
    <section class="export" aria-labelledby="export-heading">
      <h2 id="export-heading">{i18n.t('export.heading')}</h2>
      <p>{i18n.t('export.explain')}</p>
      <fieldset class="export__scope" disabled={running}>
        <legend>{i18n.t('export.scope.legend')}</legend>
        <label class="export__choice">
          <input type="radio" name="export-scope" value="all" checked={kind === 'all'} onChange={() => setKind('all')} />
          {i18n.t('export.scope.all')}
        </label>
        <label class="export__choice">
          <input type="radio" name="export-scope" value="range" checked={kind === 'range'} onChange={() => setKind('range')} />
          {i18n.t('export.scope.range')}
        </label>
        {kind === 'range' && (
          <div class="export__range">
            <label>
              {i18n.t('export.scope.from')}
              <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} aria-invalid={problem?.startsWith('range') ? 'true' : undefined} aria-describedby="export-problem" />
            </label>
            <label>
              {i18n.t('export.scope.to')}
              <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} aria-invalid={problem?.startsWith('range') ? 'true' : undefined} aria-describedby="export-problem" />
            </label>
          </div>
        )}
        <label class="export__choice">
          <input type="radio" name="export-scope" value="selected" checked={kind === 'selected'} onChange={() => setKind('selected')} />
          {selectionLabel
            ? i18n.t('export.scope.chosen', selectedIds.length, [selectionLabel, String(selectedIds.length)])
            : i18n.t('export.scope.selected', selectedIds.length, [String(selectedIds.length)])}
        </label>
        {kind === 'selected' && selectedIds.length > 0 && onClearSelection && (
          <button type="button" class="button button--quiet" onClick={onClearSelection}>
            {i18n.t('export.scope.clear')}
          </button>
        )}
      </fieldset>
      <label class="export__name">
        {i18n.t('export.exporterName')}
        <input type="text" value={exporterName} maxLength={200} autoComplete="off" disabled={running} onInput={(e) => setExporterName(e.currentTarget.value)} />
      </label>
      <p class="export__hint">{i18n.t('export.exporterNameHint')}</p>
      <p class="export__summary" aria-live="polite">
        {summary}
      </p>
      <p id="export-problem" class="export__status export__status--error" role={problem ? 'alert' : undefined}>
        {problem ? i18n.t(PROBLEMS[problem]) : ''}
      </p>
      {locked && <LockedLog sealedCount={size.sealedCount} idPrefix="export-unlock" explain={i18n.t('sealed.exportExplain')} />}
      <button type="button" class="button button--primary" onClick={runExport} disabled={!!problem || !size?.captureCount || running || locked}>
        {i18n.t('export.button')}
      </button>
      {state.kind === 'running' && (
        <div class="export__progress">
          <progress max={100} value={percent} aria-label={i18n.t('export.progressLabel')} aria-valuetext={`${percent}%`} />
          <span>{progressText(state.progress)}</span>
        </div>
      )}
      <div role="status" aria-live="polite" class={state.kind === 'failed' ? 'export__status export__status--error' : 'export__status'}>
        {state.kind === 'done' && (
          <>
            <p class="export__done">{i18n.t('export.done', [state.fileName, formatBytes(state.size)])}</p>
            <p>
              {i18n.t('export.doneDigest')} <code class="export__digest">{state.manifestDigest}</code>
            </p>
            {state.custodyError && <p class="export__status--error">{i18n.t('export.custodyFailed', [state.custodyError])}</p>}
          </>
        )}
        {state.kind === 'failed' && <p>{i18n.t('export.failed', [state.reason])}</p>}
      </div>
    </section>
  );
}

/** A message as one sentence ending in a full stop, so that the next sentence can follow it. */
function asSentence(message: string): string {
  const text = message.trim() || 'unknown error';
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function progressText(progress: ExportProgress | null): string {
  if (!progress) return i18n.t('export.starting');
  const counts: [string, string] = [String(progress.capturesDone), String(progress.captureCount)];
  if (progress.step === 'files') return i18n.t('export.runningFiles', [...counts, formatBytes(progress.bytesDone)]);
  if (progress.step === 'report-html') return i18n.t('export.runningReport', counts);
  return i18n.t('export.runningPdf', counts);
}
