import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { CaptureRow } from './capture-row';
import { useLiveQuery } from './use-live-query';

const PAGE = 30;

/**
 * The log, newest first, a page at a time: opening it costs the same with ten captures or ten
 * thousand, and previews load per row. (The dashboard's log has its own virtualised list.)
 */
export function CaptureList({ pageSize = PAGE }: { pageSize?: number }) {
  const [limit, setLimit] = useState(pageSize);
  const captures = useLiveQuery(() => getDb().captures.orderBy('pressedAt').reverse().limit(limit + 1).toArray(), [limit]);
  if (!captures) return null;
  const shown = captures.slice(0, limit);
  return (
    <>
      {/* Focusable: in the popup the list scrolls, and a keyboard must be able to scroll it. */}
      <ol class="captures" aria-label={i18n.t('dashboard.heading')} tabIndex={0}>
        {shown.map((capture) => (
          <CaptureRow key={capture.id} capture={capture} />
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
