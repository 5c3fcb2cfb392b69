import { i18n } from '#i18n';
import { accountLabel } from '@/utils/people/accounts';
import type { LogRowView } from '@/utils/log/row-details';
import { formatLocal, formatLocalFull } from '@/utils/format/time';
import { CaptureThumbnail } from './capture-thumbnail';

export interface LogRowProps {
  row: LogRowView;
  index: number;
  total: number;
  top: number;
  height: number;
  selected: boolean;
  open: boolean;
  blur: boolean;
  onSelect: (id: string, selected: boolean) => void;
  onOpen: (id: string) => void;
}

/**
 * One capture in the dashboard's log. Everything in `summary` and in the facts was written by a
 * web page: rendered as text only (JSX escapes it).
 */
export function LogRow({ row, index, total, top, height, selected, open, blur, onSelect, onOpen }: LogRowProps) {
  const { capture, facts } = row;
  const title = row.sealed
    ? row.sealed.state === 'locked'
      ? i18n.t('sealed.lockedCapture')
      : i18n.t('sealed.unreadableCapture', [row.sealed.problem])
    : capture.summary.title || capture.summary.url || i18n.t('list.noTitle');
  const author = facts?.account ? accountLabel(facts.account) : '';
  return (
    <li
      class={`log-row capture--${capture.status}${open ? ' log-row--open' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: `${height}px` }}
      aria-setsize={total}
      aria-posinset={index + 1}
      data-capture-id={capture.id}
      data-status={capture.status}
      data-index={index}
    >
      <input
        type="checkbox"
        class="log-row__select"
        checked={selected}
        aria-label={i18n.t('log.selectCapture', [title])}
        onChange={(e) => onSelect(capture.id, (e.currentTarget as HTMLInputElement).checked)}
      />
      {row.sealed ? (
        <div class="thumb thumb--empty" aria-hidden="true">🔒</div>
      ) : capture.status === 'failed' ? (
        <div class="thumb thumb--failed" aria-hidden="true">!</div>
      ) : (
        <div class={blur ? 'thumb-wrap thumb-wrap--blurred' : 'thumb-wrap'}>
          <CaptureThumbnail captureId={capture.id} label={title} />
        </div>
      )}
      <div class="log-row__body">
        <button type="button" class="log-row__open" aria-expanded={open} aria-controls="capture-detail" onClick={() => onOpen(capture.id)} title={title}>
          {title}
        </button>
        <p class="capture__meta">
          <time dateTime={capture.pressedAt} title={formatLocalFull(capture.pressedAt)}>
            {formatLocal(capture.pressedAt)}
          </time>
          <span class="capture__site">{facts?.platform ?? capture.summary.site}</span>
          {author && <span class="log-row__author">{author}</span>}
        </p>
        <p class="log-row__tags">
          {capture.status === 'failed' && <span class="tag tag--danger">{i18n.t('list.failedLabel')}</span>}
          {capture.status === 'pending' && <span class="tag">{i18n.t('list.pendingLabel')}</span>}
          {row.hasNote && <span class="tag">{i18n.t('log.hasNote')}</span>}
          {row.incidentTitles.map((t) => (
            <span class="tag tag--incident" key={t}>
              {t}
            </span>
          ))}
        </p>
      </div>
    </li>
  );
}
