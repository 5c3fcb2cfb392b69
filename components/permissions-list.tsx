import { i18n } from '#i18n';
import { useEffect, useState } from 'preact/hooks';
import { OPTIONAL_HOST_PERMISSION_REASON, OPTIONAL_HOST_PERMISSIONS, OPTIONAL_PERMISSION_REASONS, REQUIRED_PERMISSION_REASONS } from '@/utils/safety/permissions';

/** What Holdfast may do in this browser and why; optional ones say whether they are granted now. */
export function PermissionsList() {
  const [granted, setGranted] = useState<string[]>([]);
  // This browser's build may ask for fewer (Firefox has no pageCapture).
  const asked: string[] = browser.runtime.getManifest().permissions ?? [];
  useEffect(() => {
    const read = () => void browser.permissions.getAll().then((all) => setGranted(all.permissions ?? [])).catch(() => undefined);
    read();
    browser.permissions.onAdded?.addListener(read);
    browser.permissions.onRemoved?.addListener(read);
    return () => {
      browser.permissions.onAdded?.removeListener(read);
      browser.permissions.onRemoved?.removeListener(read);
    };
  }, []);
  return (
    <section class="settings-section" aria-labelledby="permissions-heading" id="permissions">
      <h2 id="permissions-heading">{i18n.t('permissions.heading')}</h2>
      <p>{i18n.t('permissions.explain')}</p>
      <dl class="permissions">
        {Object.entries(REQUIRED_PERMISSION_REASONS).filter(([name]) => asked.includes(name)).map(([name, reason]) => (
          <div key={name}>
            <dt><code>{name}</code></dt>
            <dd>{i18n.t(reason)}</dd>
          </div>
        ))}
        {Object.entries(OPTIONAL_PERMISSION_REASONS).map(([name, reason]) => (
          <div key={name}>
            <dt><code>{name}</code> — {granted.includes(name) ? i18n.t('permissions.optionalGranted') : i18n.t('permissions.optionalNotGranted')}</dt>
            <dd>{i18n.t(reason)}</dd>
          </div>
        ))}
        <div>
          <dt>{OPTIONAL_HOST_PERMISSIONS.map((p) => <code key={p}>{p} </code>)}</dt>
          <dd>{i18n.t(OPTIONAL_HOST_PERMISSION_REASON)}</dd>
        </div>
      </dl>
    </section>
  );
}
