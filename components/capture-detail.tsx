import { i18n } from '#i18n';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import type { CaptureFacts } from '@/utils/db/log-records';
import { formatBytes } from '@/utils/format/bytes';
import { formatLocalFull } from '@/utils/format/time';
import { openedBlob, readMetadata } from '@/utils/search/capture-facts';
import { factsOfCapture } from '@/utils/search/facts-store';
import { factsFrom } from '@/utils/search/capture-facts';
import { blurScreenshots } from '@/utils/settings/display';
import { DeleteCapture } from './delete-capture';
import { NoteEditor } from './note-editor';
import { ScreenshotViewer } from './screenshot-viewer';
import { openLogWords } from '@/utils/db/log-words';
import { useCodec, useOpened } from './use-evidence-codec';
import { useLiveQuery } from './use-live-query';
import { useSetting } from './use-setting';

interface Props {
  captureId: string;
  onClose: () => void;
  onOpenIncident: (incidentId: string) => void;
  announce: (message: string) => void;
}

/**
 * Everything about one capture: the screenshot (zoomable, blurred until clicked when the setting
 * is on), every recorded fact and fingerprint, the post's fields when a site adapter read them,
 * the person's note and the incidents it belongs to. Page content is shown as text only.
 */
export function CaptureDetail({ captureId, onClose, onOpenIncident, announce }: Props) {
  const db = getDb();
  const [blur] = useSetting(blurScreenshots);
  const heading = useRef<HTMLHeadingElement>(null);
  const codec = useCodec();
  // Only IndexedDB in the live query; the sealed content is opened outside it.
  const stored = useLiveQuery(async () => {
    const [capture, storedFacts, incidents] = await Promise.all([
      db.captures.get(captureId),
      factsOfCapture(db, captureId),
      db.incidents.where('captureIds').equals(captureId).toArray(),
    ]);
    return { capture, storedFacts, incidents };
  }, [captureId]);
  const data = useOpened(stored, codec, async (c, { capture: storedCapture, storedFacts, incidents }) => {
    if (!storedCapture) return { capture: undefined };
    const opened = await c.openCapture(storedCapture);
    if (opened.state === 'locked' || opened.state === 'unreadable') return { capture: undefined, sealed: opened };
    const capture = opened.record;
    const screenshotRef = capture.artifacts.find((a) => a.role === 'screenshot');
    const [screenshot, metadata] = await Promise.all([screenshotRef ? openedBlob(db, c, capture.id, screenshotRef) : undefined, readMetadata(db, capture, undefined, c)]);
    const facts: CaptureFacts = storedFacts ?? factsFrom(capture, metadata);
    // Incidents it belongs to, their words opened (one still locked shows no title).
    const openedIncidents = (await openLogWords(c, { incidents })).incidents.filter((i) => !i.sealed);
    return { capture, screenshot, metadata: metadata as Record<string, unknown> | undefined, facts, incidents: openedIncidents };
  });

  useEffect(() => {
    heading.current?.focus();
  }, [captureId]);

  const close = (
    <button type="button" class="button button--quiet detail__close" onClick={onClose}>
      {i18n.t('detail.close')}
    </button>
  );
  if (!data) return <aside id="capture-detail" class="detail" aria-busy="true" />;
  const { capture } = data;
  if (!capture) {
    const sealed = 'sealed' in data ? data.sealed : undefined;
    return (
      <aside id="capture-detail" class="detail">
        <p>{sealed ? (sealed.state === 'locked' ? i18n.t('sealed.lockedCapture') : i18n.t('sealed.unreadableCapture', [sealed.problem])) : i18n.t('detail.gone')}</p>
        {close}
      </aside>
    );
  }
  const title = capture.summary.title || capture.summary.url || i18n.t('list.noTitle');
  const post = data.facts?.post;
  const metadata = data.metadata;
  const environment = metadata?.environment as { browser?: { name?: string; version?: string }; os?: { name?: string }; extension?: { name?: string; version?: string } } | undefined;
  const page = metadata?.page as { language?: string; viewport?: { width?: number; height?: number }; timeZone?: string } | undefined;
  const time = metadata?.time as { timeZone?: string; utcOffset?: string } | undefined;

  return (
    <aside id="capture-detail" class="detail" aria-labelledby="detail-heading">
      <div class="detail__head">
        <h2 id="detail-heading" tabIndex={-1} ref={heading}>
          {title}
        </h2>
        {close}
      </div>
      {data.screenshot && <ScreenshotViewer data={data.screenshot} label={title} blur={blur} />}
      {capture.status === 'failed' && (
        <p class="detail__failure" role="note">
          <strong>{i18n.t('list.failedLabel')}:</strong> {capture.failure?.reason}
        </p>
      )}
      <h3>{i18n.t('detail.factsHeading')}</h3>
      <dl class="facts">
        <Fact label={i18n.t('detail.address')}>{capture.summary.url}</Fact>
        <Fact label={i18n.t('detail.pageTitle')}>{capture.summary.title}</Fact>
        <Fact label={i18n.t('detail.platform')}>{data.facts?.platform ?? capture.summary.site}</Fact>
        <Fact label={i18n.t('detail.pressedAt')}>{timeBoth(capture.pressedAt)}</Fact>
        {capture.screenshotAt && <Fact label={i18n.t('detail.screenshotAt')}>{timeBoth(capture.screenshotAt)}</Fact>}
        {capture.storedAt && <Fact label={i18n.t('detail.storedAt')}>{timeBoth(capture.storedAt)}</Fact>}
        {time?.timeZone && <Fact label={i18n.t('detail.timeZone')}>{`${time.timeZone} (UTC${time.utcOffset ?? ''})`}</Fact>}
        <Fact label={i18n.t('detail.trigger')}>{triggerLabel(capture.trigger)}</Fact>
        {page?.language && <Fact label={i18n.t('detail.language')}>{page.language}</Fact>}
        {page?.viewport?.width && <Fact label={i18n.t('detail.viewport')}>{`${page.viewport.width} × ${page.viewport.height}`}</Fact>}
        {environment?.browser?.name && <Fact label={i18n.t('detail.browser')}>{`${environment.browser.name} ${environment.browser.version ?? ''} · ${environment.os?.name ?? ''}`}</Fact>}
        {environment?.extension?.version && <Fact label={i18n.t('detail.tool')}>{`${environment.extension.name ?? 'Holdfast'} ${environment.extension.version}`}</Fact>}
        {capture.imported && <Fact label={i18n.t('detail.imported')}>{timeBoth(capture.imported.at)}</Fact>}
        {capture.warnings.length > 0 && <Fact label={i18n.t('detail.warnings')}>{capture.warnings.join(' · ')}</Fact>}
      </dl>
      {post && (
        <>
          <h3>{i18n.t('detail.postHeading')}</h3>
          <dl class="facts">
            <Fact label={i18n.t('detail.postKind')}>{post.kind}</Fact>
            <Fact label={i18n.t('detail.authorName')}>{post.author?.displayName}</Fact>
            <Fact label={i18n.t('detail.authorHandle')}>{post.author?.handle}</Fact>
            <Fact label={i18n.t('detail.authorAddress')}>{post.author?.address}</Fact>
            <Fact label={i18n.t('detail.accountId')}>{post.author?.accountId}</Fact>
            <Fact label={i18n.t('detail.profile')}>{post.author?.profileUrl}</Fact>
            <Fact label={i18n.t('detail.postedAt')}>{[post.postedAt?.iso, post.postedAt?.displayed && `“${post.postedAt.displayed}”`].filter(Boolean).join(' · ')}</Fact>
            <Fact label={i18n.t('detail.postId')}>{post.postId}</Fact>
            <Fact label={i18n.t('detail.permalink')}>{post.permalink}</Fact>
            <Fact label={i18n.t('detail.inReplyTo')}>{[post.inReplyTo?.author, post.inReplyTo?.postId, post.inReplyTo?.permalink].filter(Boolean).join(' · ')}</Fact>
            <Fact label={i18n.t('detail.emailFrom')}>{post.email?.from}</Fact>
            <Fact label={i18n.t('detail.emailTo')}>{post.email?.to?.join(', ')}</Fact>
            <Fact label={i18n.t('detail.emailCc')}>{post.email?.cc?.join(', ')}</Fact>
            <Fact label={i18n.t('detail.emailDate')}>{post.email?.date}</Fact>
            <Fact label={i18n.t('detail.emailSubject')}>{post.email?.subject}</Fact>
            <Fact label={i18n.t('detail.messageId')}>{post.email?.messageId}</Fact>
            <Fact label={i18n.t('detail.postText')}>{post.text}</Fact>
            <Fact label={i18n.t('detail.media')}>{post.mediaUrls?.join('\n')}</Fact>
          </dl>
        </>
      )}
      <h3>{i18n.t('detail.filesHeading')}</h3>
      <p class="detail__explain">{i18n.t('detail.filesExplain')}</p>
      <table class="files">
        <thead>
          <tr>
            <th scope="col">{i18n.t('detail.fileName')}</th>
            <th scope="col">{i18n.t('detail.fileSize')}</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {capture.artifacts.map((a) => (
            <tr key={a.name}>
              <td>{a.name}</td>
              <td>{formatBytes(a.size)}</td>
              <td>
                <code class="hash">{a.sha256}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{i18n.t('notes.heading')}</h3>
      <NoteEditor captureId={capture.id} />
      <h3>{i18n.t('detail.incidentsHeading')}</h3>
      {data.incidents?.length ? (
        <ul class="detail__incidents">
          {data.incidents.map((inc) => (
            <li key={inc.id}>
              <button type="button" class="link-button" onClick={() => onOpenIncident(inc.id)}>
                {inc.title}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="detail__explain">{i18n.t('detail.noIncidents')}</p>
      )}
      <p class="detail__id">
        {i18n.t('detail.captureId')} <code>{capture.id}</code>
      </p>
      {capture.status !== 'pending' && (
        <DeleteCapture
          captureId={capture.id}
          onDeleted={(message) => {
            announce(message);
            onClose();
          }}
        />
      )}
    </aside>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function timeBoth(iso: string): string {
  return `${formatLocalFull(iso)} · ${iso}`;
}

function triggerLabel(trigger: string): string {
  if (trigger === 'shortcut') return i18n.t('detail.triggerShortcut');
  if (trigger === 'popup') return i18n.t('detail.triggerPopup');
  if (trigger === 'context-menu') return i18n.t('detail.triggerMenu');
  return trigger;
}
