import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { messaging } from '@/utils/messaging/protocol';
import { CaptureList } from './capture-list';
import { LockedLog, useSealedCount } from './locked-log';
import { EvidenceCodecContext, useEvidenceCodecOfPage } from './use-evidence-codec';
import { QuickExitButton } from './quick-exit-button';
import { SafetyNotices } from './safety-notices';
import { NoteEditor } from './note-editor';
import { useLiveQuery } from './use-live-query';

type Feedback =
  | { kind: 'busy' }
  | { kind: 'sent'; captureId: string; fullPage?: boolean }
  | { kind: 'refused'; reason: string }
  | { kind: 'picking' };

/** The toolbar popup: the capture button, what happened, and the newest captures. */
export function PopupView() {
  const { codec, lock } = useEvidenceCodecOfPage();
  return (
    <EvidenceCodecContext.Provider value={codec}>
      <PopupContent locked={lock?.encrypted === true && !lock.unlocked} />
    </EvidenceCodecContext.Provider>
  );
}

function PopupContent({ locked }: { locked: boolean }) {
  const sealedCount = useSealedCount();
  const showLock = locked && !!sealedCount;
  const count = useLiveQuery(() => getDb().captures.count(), []);
  const shortcut = useShortcut('capture-page');
  const postShortcut = useShortcut('capture-post');
  const [feedback, setFeedback] = useState<Feedback | undefined>();
  const sent = feedback?.kind === 'sent' ? feedback.captureId : undefined;
  const sentCapture = useLiveQuery(() => (sent ? getDb().captures.get(sent) : undefined), [sent]);
  useResumePending();

  async function captureNow() {
    setFeedback({ kind: 'busy' });
    try {
      const result = await messaging.sendMessage('captureActiveTab', null);
      setFeedback(result.ok ? { kind: 'sent', captureId: result.captureId } : { kind: 'refused', reason: result.reason });
    } catch (error) {
      setFeedback({ kind: 'refused', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  async function captureFullPage() {
    setFeedback({ kind: 'busy' });
    try {
      const result = await messaging.sendMessage('captureFullPage', null);
      setFeedback(result.ok ? { kind: 'sent', captureId: result.captureId, fullPage: true } : { kind: 'refused', reason: result.reason });
    } catch (error) {
      setFeedback({ kind: 'refused', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  async function pickPost() {
    setFeedback({ kind: 'busy' });
    try {
      const result = await messaging.sendMessage('startPick', null);
      if (!result.ok) {
        setFeedback({ kind: 'refused', reason: result.reason });
        return;
      }
      setFeedback({ kind: 'picking' });
      // The person now clicks in the page; a toolbar popup would close by itself at that click.
      if (isToolbarPopup()) window.close();
    } catch (error) {
      setFeedback({ kind: 'refused', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  let status = '';
  if (feedback?.kind === 'picking') status = i18n.t('posts.pickHint');
  else if (feedback?.kind === 'sent' && feedback.fullPage && sentCapture?.status === 'pending') status = i18n.t('posts.fullPageBusy');
  else if (feedback?.kind === 'busy' || (sentCapture && sentCapture.status === 'pending')) status = i18n.t('popup.capturing');
  else if (sentCapture?.status === 'done') status = i18n.t('popup.saved');
  else if (sentCapture?.status === 'failed') status = i18n.t('popup.failed', [sentCapture.failure?.reason ?? '']);
  else if (feedback?.kind === 'refused') status = i18n.t('popup.failed', [feedback.reason]);

  return (
    <main class="popup">
      <header class="popup__header">
        <h1>{i18n.t('popup.heading')}</h1>
        <p class="popup__count" aria-live="polite">
          {count === undefined ? '' : i18n.t('popup.count', count, [String(count)])}
        </p>
        <QuickExitButton closeSelf />
      </header>
      <button type="button" class="button button--primary button--wide" onClick={captureNow} disabled={feedback?.kind === 'busy'}>
        {i18n.t('popup.captureButton')}
      </button>
      {shortcut && <p class="popup__hint">{i18n.t('popup.shortcutHint', [shortcut])}</p>}
      <div class="popup__more">
        <button type="button" class="button button--secondary" onClick={pickPost} disabled={feedback?.kind === 'busy'}>
          {i18n.t('posts.pickButton')}
        </button>
        <button type="button" class="button button--secondary" onClick={captureFullPage} disabled={feedback?.kind === 'busy'}>
          {i18n.t('posts.fullPageButton')}
        </button>
      </div>
      {postShortcut && <p class="popup__hint">{i18n.t('posts.postShortcutHint', [postShortcut])}</p>}
      <p class={`popup__status ${sentCapture?.status === 'failed' || feedback?.kind === 'refused' ? 'popup__status--error' : ''}`} role="status" aria-live="polite">
        {status}
      </p>
      <SafetyNotices place="popup" lockShownElsewhere={showLock} />
      {showLock && <LockedLog sealedCount={sealedCount} idPrefix="popup-unlock" />}
      {sent && sentCapture?.status === 'done' && <NoteEditor captureId={sent} compact label={i18n.t('views.quickNoteLabel')} />}
      {count === 0 ? (
        <section class="empty">
          <h2>{i18n.t('popup.emptyTitle')}</h2>
          <p>{shortcut ? i18n.t('popup.emptyShortcut', [shortcut]) : i18n.t('popup.emptyNoShortcut')}</p>
        </section>
      ) : (
        <CaptureList pageSize={20} />
      )}
      <footer class="popup__footer">
        <a class="button button--secondary button--wide" href={browser.runtime.getURL('/dashboard.html')} target="_blank" rel="noopener">
          {i18n.t('popup.openLog')}
        </a>
      </footer>
    </main>
  );
}

/**
 * A capture left pending when the browser stopped the worker is finished as soon as the worker
 * wakes; opening the popup wakes it if anything is waiting.
 */
function useResumePending(): void {
  useEffect(() => {
    void getDb()
      .captures.where('status')
      .equals('pending')
      .count()
      .then((pending) => (pending ? messaging.sendMessage('resumeCaptures', null) : undefined))
      .catch(() => undefined);
  }, []);
}

/** True in the toolbar's popup (no tab of its own), false when popup.html is open in a tab or window. */
function isToolbarPopup(): boolean {
  try {
    return browser.extension.getViews({ type: 'popup' }).includes(window);
  } catch {
    return false; // no such API here (a test, or a browser without it): stay open
  }
}

/** The key currently assigned to a command ('' when the person removed it). */
function useShortcut(command: string): string | undefined {
  const [shortcut, setShortcut] = useState<string | undefined>();
  useEffect(() => {
    void browser.commands
      ?.getAll()
      .then((all) => setShortcut(all.find((c) => c.name === command)?.shortcut ?? ''))
      .catch(() => setShortcut(''));
  }, [command]);
  return shortcut;
}
