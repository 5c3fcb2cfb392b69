import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/db/database';
import { PUBLIC_TIMESTAMP_AUTHORITIES } from '@/utils/integrity/timestamp';
import { timestampCounts } from '@/utils/integrity/timestamp-queue';
import {
  authorityOriginPattern,
  getTimestampSettings,
  isAcceptableAuthorityUrl,
  saveTimestampSettings,
  watchTimestampSettings,
  type TimestampSettings,
} from '@/utils/integrity/timestamp-settings';

const CUSTOM = 'custom';
const PUBLIC_URLS = PUBLIC_TIMESTAMP_AUTHORITIES.map((a) => a.url);

/** Trusted timestamps (RFC 3161): off by default; turning them on asks for the chosen authority's site only. */
export function TimestampSettingsSection() {
  const [settings, setSettings] = useState<TimestampSettings | undefined>();
  const [enabled, setEnabled] = useState(false);
  const [choice, setChoice] = useState(PUBLIC_URLS[0]);
  const [custom, setCustom] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [counts, setCounts] = useState<{ stamped: number; pending: number; lastError?: string }>();

  useEffect(() => {
    const apply = (s: TimestampSettings) => {
      setSettings(s);
      setEnabled(s.enabled);
      if (s.authorityUrl && !PUBLIC_URLS.includes(s.authorityUrl)) {
        setChoice(CUSTOM);
        setCustom(s.authorityUrl);
      } else if (s.authorityUrl) setChoice(s.authorityUrl);
    };
    void getTimestampSettings().then(apply);
    const readCounts = () => void timestampCounts(getDb()).then(setCounts).catch(() => undefined);
    readCounts();
    const timer = setInterval(readCounts, 5_000);
    const stop = watchTimestampSettings(apply);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, []);
  if (!settings) return null;

  const url = choice === CUSTOM ? custom.trim() : choice;

  // Called straight from the click: the browser shows its permission prompt only in answer to one.
  function onSave(event: Event) {
    event.preventDefault();
    setStatus('');
    setError('');
    if (!enabled) {
      const previous = settings?.authorityUrl;
      void saveTimestampSettings(getDb(), false, settings?.authorityUrl ?? '').then(async () => {
        if (previous && isAcceptableAuthorityUrl(previous, PUBLIC_URLS)) await browser.permissions.remove({ origins: [authorityOriginPattern(previous)] }).catch(() => false);
        setStatus(i18n.t('timestamps.savedOff'));
      });
      return;
    }
    if (!isAcceptableAuthorityUrl(url, PUBLIC_URLS)) {
      setError(i18n.t('timestamps.badAddress'));
      return;
    }
    browser.permissions
      .request({ origins: [authorityOriginPattern(url)] })
      .catch(() => false)
      .then(async (granted) => {
        if (!granted) {
          setError(i18n.t('timestamps.permissionRefused'));
          return;
        }
        await saveTimestampSettings(getDb(), true, url);
        setStatus(i18n.t('timestamps.savedOn'));
      });
  }

  return (
    <section class="settings-section" aria-labelledby="timestamps-heading" id="timestamps">
      <h2 id="timestamps-heading">{i18n.t('timestamps.heading')}</h2>
      <p>{i18n.t('timestamps.explain')}</p>
      <p class="notice">{i18n.t('timestamps.privacy')}</p>
      <p role="status" data-testid="timestamps-state">
        {settings.enabled ? i18n.t('timestamps.on', [settings.authorityUrl]) : i18n.t('timestamps.off')}
      </p>
      <form onSubmit={onSave}>
        <label class="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> {i18n.t('timestamps.toggle')}
        </label>
        <div class="fields">
          <label for="timestamp-authority">{i18n.t('timestamps.authority')}</label>
          <select id="timestamp-authority" value={choice} disabled={!enabled} onChange={(e) => setChoice(e.currentTarget.value)}>
            {PUBLIC_TIMESTAMP_AUTHORITIES.map((a) => (
              <option key={a.url} value={a.url}>{`${a.name} (${a.url})`}</option>
            ))}
            <option value={CUSTOM}>{i18n.t('timestamps.custom')}</option>
          </select>
          {choice === CUSTOM && (
            <>
              <label for="timestamp-custom">{i18n.t('timestamps.customAddress')}</label>
              <input
                id="timestamp-custom"
                type="url"
                value={custom}
                disabled={!enabled}
                aria-describedby="timestamp-custom-hint"
                aria-invalid={error ? 'true' : undefined}
                onInput={(e) => setCustom(e.currentTarget.value)}
              />
              <p id="timestamp-custom-hint" class="settings-help">{i18n.t('timestamps.customHint')}</p>
            </>
          )}
        </div>
        <button type="submit" class="button">{i18n.t('timestamps.save')}</button>
      </form>
      {error && <p class="notice notice--danger" role="alert">{error}</p>}
      <p class="settings-status" role="status" aria-live="polite">{status}</p>
      {counts && (counts.stamped > 0 || counts.pending > 0) && (
        <p data-testid="timestamps-counts">{i18n.t('timestamps.counts', [String(counts.stamped), String(counts.pending)])}</p>
      )}
      {counts?.pending && counts.lastError ? <p class="notice notice--warning">{i18n.t('timestamps.waiting', [counts.lastError])}</p> : null}
    </section>
  );
}
