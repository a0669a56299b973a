import { ResultsPoint } from '@internal/plugin-provisioning-workflows-common';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { RefObject, useEffect, useRef, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  TooltipProps,
  XAxis,
  YAxis,
} from 'recharts';

/** "24 Nov", in the viewer's locale; a day of the series is a calendar day (UTC). */
export function shortDay(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return d.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** "Tue, 24 Nov 2026". */
export function longDay(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return d.toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export const SERIES = [
  { key: 'provisioned', name: 'Licenses provisioned' },
  { key: 'engaged', name: 'Users engaged' },
] as const;

const HEIGHT = 260;

/** The width of an element, followed as it resizes; `fallback` until it has one. */
function useWidth(ref: RefObject<HTMLElement>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = () => setWidth(el.clientWidth || fallback);
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, fallback]);
  return width;
}

/** The values of the day under the pointer. */
export const ChartTooltip = (props: TooltipProps<number, string>) => {
  if (!props.active || !props.payload?.length) return null;
  return (
    <Paper style={{ padding: 8 }} data-testid="results-chart-tooltip">
      <Typography variant="subtitle2">
        {longDay(String(props.label))}
      </Typography>
      {props.payload.map(p => (
        <Typography variant="body2" key={String(p.dataKey)}>
          <span
            aria-hidden
            style={{
              display: 'inline-block',
              width: 10,
              height: 10,
              marginRight: 6,
              background: p.color,
            }}
          />
          {p.name}: {p.value}
        </Typography>
      ))}
    </Paper>
  );
};

/**
 * Licenses provisioned and users engaged per day, with axes, a legend and
 * the values of a day on hover; screen readers get the latest values.
 */
export const ResultsChart = (props: {
  title: string;
  series: ResultsPoint[];
}) => {
  const theme = useTheme();
  const colors = {
    provisioned: theme.palette.primary.main,
    engaged: theme.palette.secondary.main,
  };
  const last = props.series[props.series.length - 1];
  const summary = last
    ? SERIES.map(
        s => `${s.name}: ${last[s.key]} on ${shortDay(last.day)}`,
      ).join('; ')
    : 'no data';
  const text = theme.palette.text.primary;
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, 640);
  return (
    <div
      ref={box}
      data-testid="results-chart"
      role="img"
      aria-label={`${props.title}. ${summary}`}
    >
      <LineChart
        width={width}
        height={HEIGHT}
        data={props.series}
        margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
      >
        <CartesianGrid stroke={theme.palette.divider} vertical={false} />
        <XAxis
          dataKey="day"
          tickFormatter={shortDay}
          tick={{ fill: text, fontSize: 12 }}
          minTickGap={24}
        />
        <YAxis
          allowDecimals={false}
          tick={{ fill: text, fontSize: 12 }}
          width={40}
        />
        <Tooltip content={<ChartTooltip />} />
        <Legend wrapperStyle={{ color: text }} />
        {SERIES.map(s => (
          <Line
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.name}
            stroke={colors[s.key]}
            strokeWidth={2}
            dot={props.series.length <= 31}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </div>
  );
};
