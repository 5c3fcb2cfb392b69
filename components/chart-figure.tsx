import { i18n } from '#i18n';
import { useState } from 'preact/hooks';
import { ChartSvg, chartSvgMarkup, type ChartModel } from '@/utils/pattern/chart-svg';

/** A chart with its description and, on request, every value as a table; it can be saved as SVG. */
export function ChartFigure({ model }: { model: ChartModel }) {
  const [saved, setSaved] = useState(false);
  const rows = model.xLabels.map((label, i) => ({ label, values: model.series.map((s) => s.values[i] ?? 0), marks: model.marks?.filter((m) => m.index === i).map((m) => m.label) ?? [] })).filter((r) => r.values.some((v) => v > 0) || r.marks.length);

  const hasValues = model.series.some((s) => s.values.some((v) => v > 0)) || !!model.marks?.length;

  function saveSvg() {
    const blob = new Blob([chartSvgMarkup(model)], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${model.id}.svg`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setSaved(true);
  }

  return (
    <figure class="chart-figure" aria-labelledby={`${model.id}-caption`}>
      <figcaption id={`${model.id}-caption`}>
        <h3>{model.title}</h3>
        <p>{model.summary}</p>
      </figcaption>
      {hasValues && <ChartSvg model={model} />}
      <details>
        <summary>{i18n.t('pattern.showTable')}</summary>
        <table class="chart-table">
          <caption>{model.title}</caption>
          <thead>
            <tr>
              <th scope="col">{i18n.t('pattern.week')}</th>
              {model.series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
              {model.marks && <th scope="col">{i18n.t('pattern.incidents')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.values.map((v, i) => (
                  <td key={i}>{v}</td>
                ))}
                {model.marks && <td>{r.marks.join('; ')}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p>
        <button type="button" class="button button--quiet button--small" onClick={saveSvg} disabled={!hasValues}>
          {i18n.t('pattern.saveSvg')}
        </button>
        <span role="status" aria-live="polite" class="form-status">
          {saved ? i18n.t('pattern.savedSvg', [`${model.id}.svg`]) : ''}
        </span>
      </p>
    </figure>
  );
}
