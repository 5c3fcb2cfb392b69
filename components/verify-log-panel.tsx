import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { loadEvidenceCodec } from '@/utils/db/evidence-codec';
import { verifyStoredLog, type StoredLogVerification } from '@/utils/integrity/verify-stored-log';

/**
 * "Verify log": re-hashes every stored file and capture, walks the chain of custody and checks the
 * signatures, then says in plain words what was checked and exactly what broke and where.
 */
export function VerifyLogPanel() {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: StoredLogVerification } | { kind: 'error'; message: string }>({ kind: 'idle' });

  async function run() {
    setState({ kind: 'running' });
    try {
      const db = getDb();
      const codec = await loadEvidenceCodec(db, browser.storage.session, Date.now());
      setState({ kind: 'done', result: await verifyStoredLog(db, codec) });
    } catch (error) {
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <section class="verify-log" aria-labelledby="verify-log-heading">
      <h2 id="verify-log-heading">{i18n.t('verifyLog.heading')}</h2>
      <p class="hint">{i18n.t('verifyLog.explain')}</p>
      <button type="button" class="button" disabled={state.kind === 'running'} onClick={() => void run()}>
        {i18n.t('verifyLog.run')}
      </button>
      <div class="verify-log__result" role="status" aria-live="polite">
        {state.kind === 'running' && <p>{i18n.t('verifyLog.running')}</p>}
        {state.kind === 'error' && <p class="verify-log__problem">{i18n.t('verifyLog.failed', [state.message])}</p>}
        {state.kind === 'done' && <VerifyResult result={state.result} />}
      </div>
    </section>
  );
}

function VerifyResult({ result }: { result: StoredLogVerification }) {
  const { counts } = result;
  return (
    <div class="verify-log__report">
      <p>
        <strong>{result.ok ? i18n.t('verifyLog.allGood', [String(counts.captures), String(counts.files), String(counts.events)]) : i18n.t('verifyLog.problems', [String(result.problems.length + result.unopened.length)])}</strong>
      </p>
      {result.problems.length > 0 && (
        <ul class="verify-log__problems">
          {result.problems.map((p, i) => (
            <li key={i} class="verify-log__problem">
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {result.keyFingerprint && <p>{i18n.t('verifyLog.key', [result.keyFingerprint])}</p>}
      {result.tombstones.length > 0 && (
        <>
          <h3>{i18n.t('verifyLog.tombstones')}</h3>
          <ul>
            {result.tombstones.map((t) => (
              <li key={t.seq}>{i18n.t('verifyLog.tombstone', [t.captureId, t.at, String(t.seq), t.reason])}</li>
            ))}
          </ul>
        </>
      )}
      <h3>{i18n.t('verifyLog.checked')}</h3>
      <ul>
        {result.checked.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      {result.notChecked.length > 0 && (
        <>
          <h3>{i18n.t('verifyLog.notChecked')}</h3>
          <ul>
            {result.notChecked.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
