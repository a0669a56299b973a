import { DashboardPoint } from '@internal/plugin-provisioning-workflows-common';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { useEffect, useRef, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  TooltipProps,
  XAxis,
  YAxis,
} from 'recharts';
import { money } from '../../util/format';
import { longDay, shortDay } from '../ResultsPanel/ResultsChart';

/** "24 Nov – 30 Nov": a week of the chart. */
export function weekLabel(p: Pick<DashboardPoint, 'from' | 'to'>): string {
  return `${shortDay(p.from)} – ${shortDay(p.to)}`;
}

const SERIES = [
  { key: 'monthlySpend', name: 'Monthly spend' },
  { key: 'realisedMonthlySaving', name: 'Monthly savings realised' },
] as const;

/** The values of the week under the pointer. */
const WeekTooltip = (props: TooltipProps<number, string>) => {
  if (!props.active || !props.payload?.length) return null;
  const point = props.payload[0].payload as DashboardPoint;
  return (
    <Paper style={{ padding: 8 }} data-testid="savings-chart-tooltip">
      <Typography variant="subtitle2">
        {longDay(point.from)} – {longDay(point.to)}
      </Typography>
      <Typography variant="body2">
        Monthly spend:{' '}
        {point.monthlySpend === undefined
          ? 'no inventory sync that week'
          : money(point.monthlySpend)}
      </Typography>
      <Typography variant="body2">
        Monthly savings realised: {money(point.realisedMonthlySaving)}
      </Typography>
    </Paper>
  );
};

/**
 * Spend and realised savings per week as bars, with axes, a legend and the
 * week's values on hover. The table beside it (SavingsTable) carries the
 * same numbers for screen readers; the chart itself is decorative to them.
 */
export const SavingsChart = (props: { series: DashboardPoint[] }) => {
  const theme = useTheme();
  const text = theme.palette.text.primary;
  const colors = {
    monthlySpend: theme.palette.primary.main,
    realisedMonthlySaving: theme.palette.success?.main ?? '#2e7d32',
  };
  const data = props.series.map(p => ({ ...p, label: weekLabel(p) }));
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const measure = () => setWidth(el.clientWidth || 640);
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} data-testid="savings-chart" aria-hidden>
      <BarChart
        width={width}
        height={280}
        data={data}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <CartesianGrid stroke={theme.palette.divider} vertical={false} />
        <XAxis
          dataKey="from"
          tickFormatter={shortDay}
          tick={{ fill: text, fontSize: 12 }}
          minTickGap={16}
        />
        <YAxis
          tickFormatter={(v: number) => money(v)}
          tick={{ fill: text, fontSize: 12 }}
          width={72}
        />
        <Tooltip content={<WeekTooltip />} />
        <Legend wrapperStyle={{ color: text }} />
        {SERIES.map(s => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            fill={colors[s.key]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </div>
  );
};
