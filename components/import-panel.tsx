import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { loadEvidenceCodec } from '@/utils/db/evidence-codec';
import { importBundle, type ImportOutcome } from '@/utils/import/import-bundle';
import { BundleRefused, type RefusalCode } from '@/utils/import/refusal';
import { recordBundleImported } from '@/utils/integrity/bundle-custody';

type State =
  | { kind: 'idle' }
  | { kind: 'missing-file' }
  | { kind: 'running'; checked: number; total: number }
  | { kind: 'done'; fileName: string; outcome: ImportOutcome }
  | { kind: 'refused'; code: RefusalCode; detail: string }
  | { kind: 'failed'; reason: string };

/**
 * Imports an evidence bundle made by Holdfast: every file is re-hashed before anything is
 * written; a refused bundle leaves the log untouched and says why in plain words. A finished
 * import is recorded in the chain of custody.
 */
export function ImportPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const running = state.kind === 'running';

  async function runImport() {
    if (running) return;
    if (!file) {
      setState({ kind: 'missing-file' });
      return;
    }
    setState({ kind: 'running', checked: 0, total: 0 });
    try {
      const db = getDb();
      const codec = await loadEvidenceCodec(db, browser.storage.session, Date.now());
      const outcome = await importBundle(db, file, { codec, onProgress: (checked, total) => setState({ kind: 'running', checked, total }) });
      await recordBundleImported(db, file.name, outcome);
      setState({ kind: 'done', fileName: file.name, outcome });
    } catch (error) {
      if (error instanceof BundleRefused) setState({ kind: 'refused', code: error.code, detail: error.message });
      else setState({ kind: 'failed', reason: (error instanceof Error ? error.message : String(error)).replace(/\.\s*$/, '') });
    }
  }

  const bad = state.kind === 'refused' || state.kind === 'failed' || state.kind === 'missing-file';
  return (
    <section class="import" aria-labelledby="import-heading">
      <h2 id="import-heading">{i18n.t('import.heading')}</h2>
      <p>{i18n.t('import.explain')}</p>
      <label class="import__file">
        {i18n.t('import.fileLabel')}
        <input
          type="file"
          accept=".zip,application/zip"
          disabled={running}
          onChange={(event) => {
            setFile(event.currentTarget.files?.[0] ?? null);
            setState({ kind: 'idle' });
          }}
        />
      </label>
      <button type="button" class="button button--primary" onClick={runImport} disabled={running}>
        {i18n.t('import.button')}
      </button>
      {state.kind === 'running' && (
        <div class="export__progress">
          <progress max={state.total || 1} value={state.checked} aria-label={i18n.t('import.progressLabel')} />
          <span>{i18n.t('import.checking', [String(state.checked), String(state.total)])}</span>
        </div>
      )}
      <div role="status" aria-live="polite" class={bad ? 'import__status export__status--error' : 'import__status'}>
        {state.kind === 'missing-file' && <p>{i18n.t('import.choose')}</p>}
        {state.kind === 'done' && <ImportResult fileName={state.fileName} outcome={state.outcome} />}
        {state.kind === 'refused' && (
          <>
            <p class="import__refused">
              {i18n.t('import.refused')} {i18n.t(`import.reason.${state.code}`)}
            </p>
            <p class="import__detail">{state.detail}</p>
          </>
        )}
        {state.kind === 'failed' && <p>{i18n.t('import.failed', [state.reason])}</p>}
      </div>
    </section>
  );
}

function ImportResult({ fileName, outcome }: { fileName: string; outcome: ImportOutcome }) {
  return (
    <>
      <p class="import__done">{i18n.t('import.done', [fileName, String(outcome.added), String(outcome.alreadyPresent)])}</p>
      {outcome.conflicting.length > 0 && <p class="export__status--error">{i18n.t('import.conflicting', [String(outcome.conflicting.length)])}</p>}
      {outcome.unfinished.length > 0 && <p>{i18n.t('import.unfinished', [String(outcome.unfinished.length)])}</p>}
    </>
  );
}
