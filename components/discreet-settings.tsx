import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { releaseOptionalPermission, requestOptionalPermission } from '@/utils/safety/permissions';
import { NEUTRAL_PAGE_PRESETS, isAcceptableNeutralPage, updateSafetySettings } from '@/utils/safety/settings';
import { useSafetySettings } from './use-safety-state';

const OTHER = 'other';

/** Discreet mode, the quick-exit page, and not keeping exports in the download list. */
export function DiscreetSettings() {
  const settings = useSafetySettings();
  const [otherAddress, setOtherAddress] = useState<string | undefined>();
  const [addressError, setAddressError] = useState('');
  const [status, setStatus] = useState('');
  if (!settings) return null;

  const preset = (NEUTRAL_PAGE_PRESETS as readonly string[]).includes(settings.neutralPage) && otherAddress === undefined ? settings.neutralPage : OTHER;
  const typed = otherAddress ?? (preset === OTHER ? settings.neutralPage : '');

  async function save(patch: Parameters<typeof updateSafetySettings>[0], message = i18n.t('settings.saved')) {
    await updateSafetySettings(patch);
    setStatus(message);
  }

  function choosePreset(value: string) {
    if (value === OTHER) {
      setOtherAddress(typed);
      return;
    }
    setOtherAddress(undefined);
    setAddressError('');
    void save({ neutralPage: value });
  }

  function saveAddress(event: Event) {
    event.preventDefault();
    const value = (otherAddress ?? '').trim();
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
    if (!value || !isAcceptableNeutralPage(withScheme)) {
      setAddressError(i18n.t('discreet.addressInvalid'));
      return;
    }
    setAddressError('');
    setOtherAddress(withScheme);
    void save({ neutralPage: withScheme });
  }

  async function chooseForgetDownloads(on: boolean) {
    if (on) {
      // Asked for here, in answer to the click: the browser shows its own prompt.
      const granted = await requestOptionalPermission(browser.permissions, 'downloads');
      if (!granted) {
        setStatus(i18n.t('discreet.downloadsRefused'));
        return;
      }
      await save({ forgetExportDownloads: true });
    } else {
      await save({ forgetExportDownloads: false });
      await releaseOptionalPermission(browser.permissions, 'downloads');
    }
  }

  return (
    <section class="settings-section" aria-labelledby="discreet-heading" id="discreet">
      <h2 id="discreet-heading">{i18n.t('discreet.heading')}</h2>
      <label class="check">
        <input type="checkbox" checked={settings.discreetMode} onChange={(e) => void save({ discreetMode: e.currentTarget.checked })} />{' '}
        {i18n.t('discreet.toggle')}
      </label>
      <p class="settings-help">{i18n.t('discreet.explain')}</p>

      <fieldset class="fields">
        <legend>{i18n.t('discreet.neutralPage')}</legend>
        <p class="settings-help">{i18n.t('discreet.neutralPageExplain')}</p>
        {NEUTRAL_PAGE_PRESETS.map((url) => (
          <label class="check" key={url}>
            <input type="radio" name="neutral-page" value={url} checked={preset === url} onChange={() => choosePreset(url)} /> {new URL(url).hostname.replace(/^www\./, '')}
          </label>
        ))}
        <label class="check">
          <input type="radio" name="neutral-page" value={OTHER} checked={preset === OTHER} onChange={() => choosePreset(OTHER)} /> {i18n.t('discreet.otherAddress')}
        </label>
        {preset === OTHER && (
          <form class="inline-form" onSubmit={saveAddress} noValidate>
            <label for="neutral-address" class="visually-hidden">{i18n.t('discreet.otherAddress')}</label>
            <input
              id="neutral-address"
              type="url"
              inputMode="url"
              placeholder="https://"
              value={typed}
              aria-invalid={addressError ? 'true' : undefined}
              aria-describedby="neutral-address-error"
              onInput={(e) => setOtherAddress(e.currentTarget.value)}
            />
            <button type="submit" class="button button--secondary">{i18n.t('discreet.saveAddress')}</button>
            <p id="neutral-address-error" class="field-error" role="alert">{addressError}</p>
          </form>
        )}
      </fieldset>

      <label class="check">
        <input type="checkbox" checked={settings.forgetExportDownloads} onChange={(e) => void chooseForgetDownloads(e.currentTarget.checked)} />{' '}
        {i18n.t('discreet.forgetDownloads')}
      </label>
      <p class="settings-help">{i18n.t('discreet.forgetDownloadsExplain')}</p>
      <p class="settings-status" role="status" aria-live="polite">{status}</p>
    </section>
  );
}
