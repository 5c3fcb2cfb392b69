import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { NOTE_MAX_LENGTH, saveNote } from '@/utils/notes/notes';
import { formatLocalFull } from '@/utils/format/time';
import { useLiveQuery } from './use-live-query';

/**
 * The person's note on a capture: typed, then saved with a button (or Ctrl+Enter). The capture
 * itself is never changed; the earlier text stays on record.
 */
export function NoteEditor({ captureId, label, compact = false }: { captureId: string; label?: string; compact?: boolean }) {
  const note = useLiveQuery(() => getDb().notes.get(captureId), [captureId]);
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; message: string } | undefined>();
  const id = `note-${captureId}`;

  useEffect(() => {
    if (!touched) setText(note?.text ?? '');
  }, [note?.text, touched]);

  async function save() {
    try {
      await saveNote(getDb(), captureId, text);
      setTouched(false);
      setStatus({ kind: 'saved', message: i18n.t('notes.saved') });
    } catch (error) {
      setStatus({ kind: 'error', message: i18n.t('notes.failed', [error instanceof Error ? error.message : String(error)]) });
    }
  }

  return (
    <div class={compact ? 'note note--compact' : 'note'}>
      <label for={id}>{label ?? i18n.t('notes.label')}</label>
      <textarea
        id={id}
        rows={compact ? 2 : 4}
        maxLength={NOTE_MAX_LENGTH}
        value={text}
        onInput={(e) => {
          setText((e.currentTarget as HTMLTextAreaElement).value);
          setTouched(true);
          setStatus(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div class="note__actions">
        <button type="button" class="button button--secondary" onClick={() => void save()} disabled={!touched}>
          {i18n.t('notes.save')}
        </button>
        <span role="status" aria-live="polite" class={status?.kind === 'error' ? 'note__status note__status--error' : 'note__status'}>
          {status?.message}
        </span>
      </div>
      {!compact && note?.updatedAt && note.updatedAt !== note.createdAt && (
        <div class="note__history">
          <p>{i18n.t('notes.lastChanged', [formatLocalFull(note.updatedAt)])}</p>
          {note.previousText !== undefined && (
            <>
              <details>
                <summary>{i18n.t('notes.previous')}</summary>
                <p class="note__previous">{note.previousText || i18n.t('notes.previousEmpty')}</p>
              </details>
            </>
          )}
        </div>
      )}
    </div>
  );
}
