import Tooltip from '@material-ui/core/Tooltip';

// One time style on every screen (ux.md): relative ("3 hours ago", "in 2
// days"), with the absolute time in the viewer's time zone on hover. The same
// component lives in the Productiv Home frontend; the two plugins ship apart.

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 2 days", "just now". */
export function relativeTime(value: Date, now: Date = new Date()): string {
  const seconds = (value.getTime() - now.getTime()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (abs >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

/** "2 Dec 2026, 14:05 CET", in the viewer's locale and time zone. */
export function absoluteTime(value: Date): string {
  return value.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

/**
 * A point in time, shown relative, with the absolute time on hover; `empty`
 * (default "never") when there is none.
 */
export const Timestamp = (props: { value?: string | null; empty?: string }) => {
  const date = props.value ? new Date(props.value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    return <span>{props.empty ?? 'never'}</span>;
  }
  const absolute = absoluteTime(date);
  return (
    <Tooltip title={absolute}>
      <time dateTime={date.toISOString()} aria-label={absolute}>
        {relativeTime(date)}
      </time>
    </Tooltip>
  );
};
