import { i18n } from '#i18n';
import type { OpenedCapture } from '@/utils/db/evidence-codec';
import { formatLocal, formatLocalFull } from '@/utils/format/time';
import { CaptureThumbnail } from './capture-thumbnail';

/**
 * The post's own time: a machine-readable time is shown in the person's time zone; a time the page
 * only displayed ("2h", "Nov 29") is shown as the page wrote it.
 */
function PostTime({ value }: { value: string }) {
  const machine = /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
  return machine ? (
    <time class="capture__posted" dateTime={value} title={formatLocalFull(value)}>
      {i18n.t('posts.postedAt', [formatLocal(value)])}
    </time>
  ) : (
    <span class="capture__posted">{i18n.t('posts.postedAt', [value])}</span>
  );
}

/**
 * One capture in a list. Everything in `summary` was written by a web page: it is rendered as
 * text only (JSX escapes it), never as markup, and long values are clipped by CSS.
 */
export function CaptureRow({ opened }: { opened: OpenedCapture }) {
  if (opened.state === 'locked' || opened.state === 'unreadable') return <SealedCaptureRow opened={opened} />;
  const capture = opened.record;
  const title = capture.summary.title || capture.summary.url || i18n.t('list.noTitle');
  const screenshot = capture.artifacts.find((a) => a.role === 'screenshot');
  return (
    <li class={`capture capture--${capture.status}`} data-capture-id={capture.id} data-status={capture.status}>
      {capture.status === 'failed' ? (
        <div class="thumb thumb--failed" aria-hidden="true">!</div>
      ) : (
        <CaptureThumbnail captureId={capture.id} label={title} />
      )}
      <div class="capture__body">
        <p class="capture__title" title={title}>
          {title}
        </p>
        <p class="capture__meta">
          {capture.kind === 'post' && <span class="capture__kind">{i18n.t('posts.kindPost')}</span>}
          {capture.kind === 'full-page' && <span class="capture__kind">{i18n.t('posts.kindFullPage')}</span>}
          <span class="capture__site">{capture.summary.site}</span>
          <time dateTime={capture.pressedAt} title={formatLocalFull(capture.pressedAt)}>
            {capture.summary.postedAt ? i18n.t('posts.capturedAt', [formatLocal(capture.pressedAt)]) : formatLocal(capture.pressedAt)}
          </time>
        </p>
        {(capture.summary.author || capture.summary.postedAt) && (
          <p class="capture__post">
            {capture.summary.author && <span class="capture__author">{i18n.t('posts.author', [capture.summary.author])}</span>}
            {capture.summary.postedAt && <PostTime value={capture.summary.postedAt} />}
          </p>
        )}
        {capture.status === 'failed' && (
          <p class="capture__failure" role="note">
            <strong>{i18n.t('list.failedLabel')}:</strong> {capture.failure?.reason}
          </p>
        )}
        {capture.status === 'pending' && <p class="capture__pending">{i18n.t('list.pendingLabel')}</p>}
        {screenshot && (
          <p class="capture__hash" title={i18n.t('list.hashLabel', [screenshot.sha256])}>
            <code>{screenshot.sha256.slice(0, 12)}</code>
          </p>
        )}
      </div>
    </li>
  );
}

/**
 * A sealed capture that cannot be read now: only what is kept in the clear (when, how it ended),
 * and why its content is not shown. Never its empty placeholders as if they were the capture.
 */
export function SealedCaptureRow({ opened }: { opened: Extract<OpenedCapture, { state: 'locked' | 'unreadable' }> }) {
  const capture = opened.record;
  return (
    <li class={`capture capture--${capture.status} capture--sealed`} data-capture-id={capture.id} data-status={capture.status} data-sealed={opened.state}>
      <div class="thumb thumb--empty" aria-hidden="true">🔒</div>
      <div class="capture__body">
        <p class="capture__title">{opened.state === 'locked' ? i18n.t('sealed.lockedCapture') : i18n.t('sealed.unreadableCapture', [opened.problem])}</p>
        <p class="capture__meta">
          <time dateTime={capture.pressedAt} title={formatLocalFull(capture.pressedAt)}>
            {formatLocal(capture.pressedAt)}
          </time>
        </p>
        {capture.status === 'failed' && (
          <p class="capture__failure" role="note">
            <strong>{i18n.t('list.failedLabel')}:</strong> {capture.failure?.reason}
          </p>
        )}
        {capture.status === 'pending' && <p class="capture__pending">{i18n.t('list.pendingLabel')}</p>}
      </div>
    </li>
  );
}
