import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import type { EvidenceCodec, OpenedCapture } from '@/utils/db/evidence-codec';
import type { CaptureRecord } from '@/utils/db/records';
import { CaptureRow } from './capture-row';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';

const PAGE = 30;

/** Each stored record as a reader sees it (opened while unlocked, locked otherwise). */
export function openCaptures(codec: EvidenceCodec, stored: CaptureRecord[]): Promise<OpenedCapture[]> {
  return Promise.all(stored.map((record) => codec.openCapture(record)));
}

/**
 * The log, newest first, a page at a time: opening it costs the same with ten captures or ten
 * thousand, and previews load per row. (The dashboard's log has its own virtualised list.)
 */
export function CaptureList({ pageSize = PAGE }: { pageSize?: number }) {
  const [limit, setLimit] = useState(pageSize);
  const codec = useCodec();
  const stored = useLiveQuery(() => getDb().captures.orderBy('pressedAt').reverse().limit(limit + 1).toArray(), [limit]);
  const captures = useOpened(stored, codec, openCaptures);
  if (!captures) return null;
  const shown = captures.slice(0, limit);
  return (
    <>
      {/* Focusable: in the popup the list scrolls, and a keyboard must be able to scroll it. */}
      <ol class="captures" aria-label={i18n.t('dashboard.heading')} tabIndex={0}>
        {shown.map((capture) => (
          <CaptureRow key={capture.record.id} opened={capture} />
        ))}
      </ol>
      {captures.length > limit && (
        <button type="button" class="button button--quiet" onClick={() => setLimit(limit + pageSize)}>
          {i18n.t('popup.showOlder')}
        </button>
      )}
    </>
  );
}
