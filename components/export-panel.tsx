import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { createEvidenceBundle, exportSize, type ExportProgress } from '@/utils/export/bundle';
import { formatBytes } from '@/utils/format/bytes';
import { useLiveQuery } from './use-live-query';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ExportProgress }
  | { kind: 'done'; fileName: string }
  | { kind: 'failed'; reason: string };

/**
 * Exports the log to one evidence bundle (.zip), with its size before and progress during.
 * `captureIds` limits the bundle to those captures (an incident, a person, a date range).
 */
export function ExportPanel({ captureIds }: { captureIds?: string[] } = {}) {
  const size = useLiveQuery(() => exportSize(getDb(), captureIds), [captureIds?.join(',')]);
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function runExport() {
    if (!size?.captureCount) return;
    setState({ kind: 'running', progress: { capturesDone: 0, captureCount: size.captureCount, bytesDone: 0 } });
    try {
      const manifest = browser.runtime.getManifest();
      const bundle = await createEvidenceBundle(getDb(), {
        ...(captureIds ? { captureIds } : {}),
        tool: { name: i18n.t('extName'), version: manifest.version, extensionId: browser.runtime.id },
        onProgress: (progress) => setState({ kind: 'running', progress }),
      });
      const zip = await new Response(bundle.stream).blob();
      await bundle.manifest;
      saveFile(zip, bundle.fileName);
      setState({ kind: 'done', fileName: bundle.fileName });
    } catch (error) {
      setState({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <section class="export" aria-labelledby="export-heading">
      <h2 id="export-heading">{i18n.t('export.heading')}</h2>
      <p>{i18n.t('export.explain')}</p>
      <p class="export__summary">
        {size === undefined ? '' : size.captureCount === 0 ? i18n.t('export.nothing') : i18n.t('export.summary', [String(size.captureCount), formatBytes(size.bytes)])}
      </p>
      <button type="button" class="button button--primary" onClick={runExport} disabled={!size?.captureCount || state.kind === 'running'}>
        {i18n.t('export.button')}
      </button>
      {state.kind === 'running' && (
        <div class="export__progress">
          <progress max={state.progress.captureCount} value={state.progress.capturesDone} aria-label={i18n.t('export.heading')} />
          <span>{i18n.t('export.running', [String(state.progress.capturesDone), String(state.progress.captureCount)])}</span>
        </div>
      )}
      <p role="status" aria-live="polite" class={state.kind === 'failed' ? 'export__status export__status--error' : 'export__status'}>
        {state.kind === 'done' && i18n.t('export.done', [state.fileName])}
        {state.kind === 'failed' && i18n.t('export.failed', [state.reason])}
      </p>
    </section>
  );
}

/** Starts the browser's download of a Blob made in this page. */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
