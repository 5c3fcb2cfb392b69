import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { messaging } from '@/utils/messaging/protocol';
import { DEFAULT_SAFETY_SETTINGS, getSafetySettings } from '@/utils/safety/settings';

/** If the worker does not answer, the page leaves on its own after this long. */
const FALLBACK_MS = 1_500;

/**
 * Quick exit: locks the log, shows the person's neutral page and closes every Holdfast page. The
 * worker does the work; should it not answer, this page goes to the neutral page by itself.
 * `closeSelf`: the toolbar popup is not a tab, so it closes itself once the worker has answered.
 */
export function QuickExitButton({ closeSelf = false }: { closeSelf?: boolean }) {
  const [leaving, setLeaving] = useState(false);

  async function leave() {
    setLeaving(true);
    const { neutralPage } = await getSafetySettings().catch(() => DEFAULT_SAFETY_SETTINGS);
    const fallback = setTimeout(() => location.replace(neutralPage), FALLBACK_MS);
    try {
      const answer = await messaging.sendMessage('quickExit', null);
      if (!answer.ok) throw new Error('refused');
      if (closeSelf) {
        clearTimeout(fallback);
        window.close();
      }
    } catch {
      clearTimeout(fallback);
      location.replace(neutralPage);
    }
  }

  return (
    <button type="button" class="button button--exit" onClick={leave} disabled={leaving} title={i18n.t('quickExit.hint')} aria-describedby={undefined}>
      {i18n.t('quickExit.button')}
    </button>
  );
}
