import { i18n } from '#i18n';
import { getDb } from '@/utils/db/database';
import { formatLocal, formatLocalFull } from '@/utils/format/time';
import { latestBundleEvents, type BundleCustodyEvent } from '@/utils/integrity/bundle-custody';
import { useLiveQuery } from './use-live-query';

/**
 * "Exports and imports": the latest bundle events of the chain of custody, newest first. File
 * names of imports were chosen by whoever made the file: shown as text only.
 */
export function BundleHistory() {
  const events = useLiveQuery(() => latestBundleEvents(getDb()), []);
  return (
    <section class="history" aria-labelledby="history-heading">
      <h2 id="history-heading">{i18n.t('custody.heading')}</h2>
      <p class="history__explain">{i18n.t('custody.explain')}</p>
      {events?.length === 0 && <p class="history__empty">{i18n.t('custody.empty')}</p>}
      {!!events?.length && (
        <ol class="history__events">
          {events.map((event) => (
            <li key={event.seq} data-seq={event.seq} data-type={event.type}>
              <time dateTime={event.at} title={formatLocalFull(event.at)}>
                {formatLocal(event.at)}
              </time>{' '}
              <span class="history__what">{describe(event)}</span>
              <br />
              <code class="history__digest" title={event.payload.bundleSha256}>
                {i18n.t('custody.digest', [event.payload.bundleSha256])}
              </code>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function describe(event: BundleCustodyEvent): string {
  if (event.type === 'bundle-exported') return i18n.t('custody.exported', [event.payload.fileName, String(event.payload.captureCount)]);
  return i18n.t('custody.imported', [event.payload.fileName, String(event.payload.captureIds.length)]);
}
