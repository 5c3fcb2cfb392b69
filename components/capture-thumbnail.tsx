import { i18n } from '#i18n';
import { getDb } from '@/utils/db/database';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';
import { useObjectUrl } from './use-object-url';

/** The list preview of one capture, loaded on its own so a long list never loads every image. */
export function CaptureThumbnail({ captureId, label }: { captureId: string; label: string }) {
  const codec = useCodec();
  const stored = useLiveQuery(async () => (await getDb().thumbnails.get(captureId)) ?? null, [captureId]);
  const preview = useOpened(stored, codec, async (c, t) => (t ? c.openThumbnail(t) : undefined));
  const url = useObjectUrl(preview);
  if (!url) return <div class="thumb thumb--empty" aria-hidden="true">{i18n.t('list.noPreview')}</div>;
  return <img class="thumb" src={url} alt={i18n.t('list.screenshotAlt', [label])} loading="lazy" decoding="async" />;
}
