import { useTheme } from '@material-ui/core/styles';

export type LineSeries = {
  name: string;
  color: string;
  values: number[];
};

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };

/** Round maximum for the y axis: 1, 2, 5, 10, 20, 50… */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= max) return m * power;
  }
  return 10 * power;
}

/** The SVG path of one series over `count` points. */
export function linePath(
  values: number[],
  yMax: number,
  width = WIDTH,
  height = HEIGHT,
): string {
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const x = PAD.left + i * step;
      const y = PAD.top + h - (h * v) / yMax;
      return `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

function anchor(i: number, count: number): 'start' | 'middle' | 'end' {
  if (i === 0) return 'start';
  return i === count - 1 ? 'end' : 'middle';
}

/**
 * A small line chart drawn in SVG: one line per series over the same days,
 * a y axis from 0 and the first, middle and last day on the x axis.
 */
export const LineChart = (props: {
  title: string;
  labels: string[];
  series: LineSeries[];
}) => {
  const theme = useTheme();
  const { labels, series } = props;
  const yMax = niceMax(Math.max(0, ...series.flatMap(s => s.values)));
  const h = HEIGHT - PAD.top - PAD.bottom;
  const w = WIDTH - PAD.left - PAD.right;
  const ticks = [0, yMax / 2, yMax];
  const xTicks =
    labels.length > 2
      ? [0, Math.floor((labels.length - 1) / 2), labels.length - 1]
      : labels.map((_, i) => i);
  const x = (i: number) =>
    PAD.left + (labels.length > 1 ? (i * w) / (labels.length - 1) : 0);
  const last = (s: LineSeries) => s.values[s.values.length - 1];
  const summary = series
    .map(s => `${s.name}: ${last(s) ?? 0} on ${labels[labels.length - 1]}`)
    .join('; ');
  const text = theme.palette.text.secondary;
  return (
    <div data-testid="results-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`${props.title}. ${summary}`}
        style={{ maxHeight: 260, display: 'block' }}
      >
        <title>{props.title}</title>
        {ticks.map(t => {
          const y = PAD.top + h - (h * t) / yMax;
          return (
            <g key={t}>
              <line
                x1={PAD.left}
                x2={WIDTH - PAD.right}
                y1={y}
                y2={y}
                stroke={theme.palette.divider}
              />
              <text
                x={PAD.left - 6}
                y={y + 4}
                textAnchor="end"
                fontSize={11}
                fill={text}
              >
                {Number.isInteger(t) ? t : t.toFixed(1)}
              </text>
            </g>
          );
        })}
        {xTicks.map(i => (
          <text
            key={i}
            x={x(i)}
            y={HEIGHT - 8}
            textAnchor={anchor(i, labels.length)}
            fontSize={11}
            fill={text}
          >
            {labels[i]}
          </text>
        ))}
        {series.map(s => (
          <path
            key={s.name}
            d={linePath(s.values, yMax)}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            data-series={s.name}
          />
        ))}
      </svg>
      <div style={{ display: 'flex', gap: 16, marginTop: 4 }}>
        {series.map(s => (
          <span key={s.name} style={{ fontSize: 13 }}>
            <span
              style={{
                display: 'inline-block',
                width: 12,
                height: 3,
                background: s.color,
                verticalAlign: 'middle',
                marginRight: 6,
              }}
            />
            {s.name}
            {s.values.length ? ` (${last(s)})` : ''}
          </span>
        ))}
      </div>
    </div>
  );
};
