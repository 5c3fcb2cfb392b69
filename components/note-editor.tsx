import { i18n } from '#i18n';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { NOTE_MAX_LENGTH, noteWords, saveNote } from '@/utils/notes/notes';
import { formatLocalFull } from '@/utils/format/time';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';

/**
 * The person's note on a capture: typed, then saved with a button (or Ctrl+Enter). The capture
 * itself is never changed; the earlier text stays on record.
 */
export function NoteEditor({ captureId, label, compact = false }: { captureId: string; label?: string; compact?: boolean }) {
  const codec = useCodec();
  const stored = useLiveQuery(async () => (await getDb().notes.get(captureId)) ?? null, [captureId]);
  // A sealed note's words are opened outside the live query; nothing is shown while it is locked.
  const words = useOpened(stored, codec, async (c, n) => (n ? noteWords(c, n) : undefined));
  const note = stored && words ? { ...stored, ...words } : undefined;
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; message: string } | undefined>();
  const id = `note-${captureId}`;
  const box = useRef<HTMLTextAreaElement>(null);

  // Show the stored text unless the person is typing (a ref: the note may load after the first key).
  const typing = useRef(false);
  typing.current = touched;
  useEffect(() => {
    if (!typing.current) setText(note?.text ?? '');
  }, [note?.text, touched]);

  async function save() {
    try {
      // The box itself: a key pressed right after typing may come before the next render.
      await saveNote(getDb(), captureId, box.current?.value ?? text, Date.now, codec);
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
        ref={box}
        rows={compact ? 2 : 4}
        maxLength={NOTE_MAX_LENGTH}
        value={text}
        onInput={(e) => {
          setText((e.currentTarget as HTMLTextAreaElement).value);
          typing.current = true;
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
