/**
 * The pattern charts as SVG: one drawing used by the dashboard and, as markup, by the exported
 * report (`chartSvgMarkup`). Accessible: the SVG has a role, a title and a description that says
 * what the chart shows in words; every value is also given as a table next to it. Series differ
 * by line style and marker shape as well as colour. Labels (names of people, titles) are text
 * nodes, escaped by the renderer, never markup.
 */
import { renderToString } from 'preact-render-to-string';

export interface ChartSeries {
  label: string;
  values: number[];
}

export interface ChartModel {
  /** Unique within the page: used for the ids of the title and description. */
  id: string;
  title: string;
  /** What the chart shows, in a sentence or two (the description read by screen readers). */
  summary: string;
  kind: 'bars' | 'lines';
  /** One label per column (the week). */
  xLabels: string[];
  series: ChartSeries[];
  /** Points to mark above the columns, e.g. incidents. */
  marks?: { index: number; label: string }[];
}

export const CHART_COLOURS = ['#2563eb', '#c2410c', '#047857', '#be185d', '#6d28d9'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'];
const WIDTH = 720;
const HEIGHT = 250;
const LEFT = 40;
const RIGHT = 12;
const TOP = 24;
const BOTTOM = 52;

/** A round upper bound for the y axis and its ticks. */
export function niceScale(max: number): { top: number; ticks: number[] } {
  if (max <= 0) return { top: 1, ticks: [0, 1] };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? magnitude * 10;
  const stepInt = Math.max(1, Math.ceil(step));
  const top = Math.ceil(max / stepInt) * stepInt;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += stepInt) ticks.push(t);
  return { top, ticks };
}

function marker(shape: number, x: number, y: number, colour: string) {
  const s = 3.5;
  switch (shape % 5) {
    case 1:
      return <rect x={x - s} y={y - s} width={s * 2} height={s * 2} fill={colour} />;
    case 2:
      return <path d={`M${x} ${y - s - 1}L${x + s + 1} ${y + s}L${x - s - 1} ${y + s}Z`} fill={colour} />;
    case 3:
      return <path d={`M${x} ${y - s - 1}L${x + s + 1} ${y}L${x} ${y + s + 1}L${x - s - 1} ${y}Z`} fill={colour} />;
    case 4:
      return <path d={`M${x - s} ${y - s}L${x + s} ${y + s}M${x + s} ${y - s}L${x - s} ${y + s}`} stroke={colour} stroke-width="2" />;
    default:
      return <circle cx={x} cy={y} r={s} fill={colour} />;
  }
}

/** The chart as an SVG element (Preact). */
export function ChartSvg({ model, standalone = false }: { model: ChartModel; standalone?: boolean }) {
  const columns = Math.max(1, model.xLabels.length);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const band = plotW / columns;
  const max = Math.max(0, ...model.series.flatMap((s) => s.values));
  const { top, ticks } = niceScale(max);
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const x = (i: number) => LEFT + band * i + band / 2;
  const labelEvery = Math.max(1, Math.ceil(columns / 8));
  const titleId = `${model.id}-title`;
  const descId = `${model.id}-desc`;
  const showMarkers = columns <= 60;
  return (
    <svg
      {...(standalone ? { xmlns: 'http://www.w3.org/2000/svg' } : {})}
      class="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={standalone ? WIDTH : undefined}
      height={standalone ? HEIGHT : undefined}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      font-family="system-ui, sans-serif"
      font-size="11"
    >
      <title id={titleId}>{model.title}</title>
      <desc id={descId}>{model.summary}</desc>
      <g class="chart__grid" stroke="currentColor" stroke-opacity="0.2">
        {ticks.map((t) => (
          <line key={t} x1={LEFT} x2={WIDTH - RIGHT} y1={y(t)} y2={y(t)} />
        ))}
      </g>
      <g class="chart__axis" fill="currentColor">
        {ticks.map((t) => (
          <text key={t} x={LEFT - 6} y={y(t) + 4} text-anchor="end">
            {String(t)}
          </text>
        ))}
        {model.xLabels.map((label, i) =>
          i % labelEvery === 0 ? (
            <text key={label} x={x(i)} y={HEIGHT - BOTTOM + 16} text-anchor="middle">
              {label}
            </text>
          ) : null,
        )}
      </g>
      {model.kind === 'bars' &&
        model.series.slice(0, 1).map((s) => (
          <g key={s.label} fill={CHART_COLOURS[0]}>
            {s.values.map((v, i) =>
              v > 0 ? (
                <rect key={i} x={LEFT + band * i + band * 0.15} width={Math.max(1, band * 0.7)} y={y(v)} height={TOP + plotH - y(v)}>
                  <title>{`${model.xLabels[i]}: ${v}`}</title>
                </rect>
              ) : null,
            )}
          </g>
        ))}
      {model.kind === 'lines' &&
        model.series.map((s, n) => {
          const colour = CHART_COLOURS[n % CHART_COLOURS.length];
          return (
            <g key={s.label}>
              <polyline
                fill="none"
                stroke={colour}
                stroke-width="2"
                stroke-dasharray={DASHES[n % DASHES.length] || undefined}
                points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
              />
              {showMarkers && s.values.map((v, i) => <g key={i}>{marker(n, x(i), y(v), colour)}</g>)}
            </g>
          );
        })}
      {model.marks?.map((m, n) => (
        <g key={`${m.index}-${n}`}>
          <path d={`M${x(m.index)} ${TOP - 14}l5 5l-5 5l-5 -5Z`} fill={CHART_COLOURS[1]} stroke="currentColor" stroke-width="0.5">
            <title>{m.label}</title>
          </path>
        </g>
      ))}
      {model.kind === 'lines' && model.series.length > 0 && (
        <g class="chart__legend" fill="currentColor">
          {model.series.map((s, n) => (
            <g key={s.label} transform={`translate(${LEFT + n * 136} ${HEIGHT - 6})`}>
              <line x1="0" x2="18" y1="-4" y2="-4" stroke={CHART_COLOURS[n % CHART_COLOURS.length]} stroke-width="2" stroke-dasharray={DASHES[n % DASHES.length] || undefined} />
              {marker(n, 9, -4, CHART_COLOURS[n % CHART_COLOURS.length])}
              <text x="22" y="0">
                {s.label.length > 18 ? `${s.label.slice(0, 17)}…` : s.label}
              </text>
            </g>
          ))}
        </g>
      )}
    </svg>
  );
}

/**
 * The chart as standalone SVG markup (with its XML namespace), for the exported report to embed.
 * Every label is escaped text.
 */
export function chartSvgMarkup(model: ChartModel): string {
  return renderToString(<ChartSvg model={model} standalone />);
}
