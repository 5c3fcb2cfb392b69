import { i18n } from '#i18n';
import { useRef, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { loadEvidenceCodec } from '@/utils/db/evidence-codec';
import { DELETION_REASON_MAX_LENGTH, DeletionRefused, deleteCapture } from '@/utils/log/delete-capture';

/**
 * "Delete this capture": asks for a reason and a confirmation, then deletes the capture. The chain
 * of custody keeps a tombstone with its fingerprints and the reason, so the deletion is on record.
 */
export function DeleteCapture({ captureId, onDeleted }: { captureId: string; onDeleted: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const box = useRef<HTMLTextAreaElement>(null);
  const id = `delete-reason-${captureId}`;

  async function confirm() {
    const why = box.current?.value ?? reason;
    if (!why.trim()) {
      setError(i18n.t('deletion.needReason'));
      box.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const db = getDb();
      const codec = await loadEvidenceCodec(db, browser.storage.session, Date.now());
      const { seq } = await deleteCapture(db, codec, captureId, why);
      onDeleted(i18n.t('deletion.done', [String(seq)]));
    } catch (e) {
      setError(e instanceof DeletionRefused && e.code === 'locked' ? i18n.t('deletion.locked') : i18n.t('deletion.failed', [e instanceof Error ? e.message : String(e)]));
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" class="button button--quiet delete-capture__open" onClick={() => setOpen(true)}>
        {i18n.t('deletion.open')}
      </button>
    );
  }
  return (
    <div class="delete-capture" role="group" aria-labelledby={`${id}-heading`}>
      <p id={`${id}-heading`} class="delete-capture__warning">
        <strong>{i18n.t('deletion.warning')}</strong>
      </p>
      <label for={id}>{i18n.t('deletion.reasonLabel')}</label>
      <textarea id={id} ref={box} rows={2} maxLength={DELETION_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} aria-invalid={error ? 'true' : undefined} />
      <div class="delete-capture__buttons">
        <button type="button" class="button button--danger" disabled={busy} onClick={() => void confirm()}>
          {i18n.t('deletion.confirm')}
        </button>
        <button
          type="button"
          class="button button--quiet"
          disabled={busy}
          onClick={() => {
            setOpen(false);
            setError(undefined);
          }}
        >
          {i18n.t('deletion.cancel')}
        </button>
      </div>
      {error && (
        <p class="delete-capture__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
