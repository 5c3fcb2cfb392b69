import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { useObjectUrl } from './use-object-url';

const ZOOMS = [0.5, 1, 1.5, 2, 3];

/**
 * A screenshot at full resolution: fitted to the panel or zoomed (buttons and + / - keys), and
 * blurred until the person chooses to look when the blur setting is on.
 */
export function ScreenshotViewer({ data, label, blur }: { data: Blob; label: string; blur: boolean }) {
  const url = useObjectUrl(data);
  const [revealed, setRevealed] = useState(false);
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const hidden = blur && !revealed;
  const step = (direction: 1 | -1) => {
    const current = zoom === 'fit' ? 1 : zoom;
    const i = ZOOMS.indexOf(current);
    setZoom(ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, (i < 0 ? 1 : i) + direction))]);
  };
  if (!url) return null;
  return (
    <figure class="viewer">
      <div class="viewer__tools" role="toolbar" aria-label={i18n.t('detail.zoomTools')}>
        {hidden ? (
          <button type="button" class="button button--secondary" onClick={() => setRevealed(true)}>
            {i18n.t('detail.showScreenshot')}
          </button>
        ) : (
          <>
            <button type="button" class="button button--quiet" onClick={() => setZoom('fit')} aria-pressed={zoom === 'fit'}>
              {i18n.t('detail.zoomFit')}
            </button>
            <button type="button" class="button button--quiet" onClick={() => step(-1)} aria-label={i18n.t('detail.zoomOut')}>
              −
            </button>
            <button type="button" class="button button--quiet" onClick={() => step(1)} aria-label={i18n.t('detail.zoomIn')}>
              +
            </button>
            <span class="viewer__zoom" aria-live="polite">
              {zoom === 'fit' ? i18n.t('detail.zoomFitted') : `${Math.round(zoom * 100)} %`}
            </span>
            {blur && (
              <button type="button" class="button button--quiet" onClick={() => setRevealed(false)}>
                {i18n.t('detail.hideScreenshot')}
              </button>
            )}
          </>
        )}
      </div>
      <div
        class={`viewer__frame${hidden ? ' viewer__frame--blurred' : ''}`}
        tabIndex={hidden ? -1 : 0}
        aria-label={i18n.t('detail.screenshotRegion')}
        role="region"
        onKeyDown={(e) => {
          if (e.key === '+' || e.key === '=') step(1);
          else if (e.key === '-') step(-1);
        }}
      >
        <img
          src={url}
          alt={hidden ? i18n.t('detail.screenshotHiddenAlt', [label]) : i18n.t('list.screenshotAlt', [label])}
          class="viewer__image"
          style={zoom === 'fit' ? { maxWidth: '100%' } : { width: `calc(var(--natural-width, 100%) * ${zoom})`, maxWidth: 'none' }}
          onLoad={(e) => {
            const img = e.currentTarget as HTMLImageElement;
            img.style.setProperty('--natural-width', `${img.naturalWidth / (window.devicePixelRatio || 1)}px`);
          }}
          onClick={() => hidden && setRevealed(true)}
        />
      </div>
    </figure>
  );
}
