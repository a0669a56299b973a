import {
  AccessDuration,
  CatalogListing,
  durationOf,
} from '@internal/plugin-productiv-home-common';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';

/** Durations offered besides the app's default and a custom number of days. */
const PRESETS = [7, 30, 90, 180];
const CUSTOM = 'custom';
const PERMANENT = '';

const daysText = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The choices a duration allows: presets within the maximum, the default, permanent when no maximum. */
export function durationChoices(
  d: AccessDuration,
  noPermanent = false,
): {
  days: number[];
  permanent: boolean;
  initial: string;
} {
  const max = d.maxDays;
  const days = [
    ...new Set([
      ...PRESETS.filter(n => max === undefined || n <= max),
      ...(d.defaultDays !== undefined ? [d.defaultDays] : []),
      ...(max !== undefined ? [max] : []),
    ]),
  ].sort((a, b) => a - b);
  const initialDays =
    d.defaultDays ?? max ?? (noPermanent ? days[0] : undefined);
  return {
    days,
    permanent: max === undefined && !noPermanent,
    initial: initialDays === undefined ? PERMANENT : String(initialDays),
  };
}

/** What is wrong with a custom number of days typed, if anything. */
function customProblem(text: string, max?: number): string | undefined {
  if (text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) return 'Enter a whole number of days';
  if (max !== undefined && n > max) return `At most ${daysText(max)}`;
  return undefined;
}

/**
 * For how long access is asked: the app's (or tier's) allowed durations,
 * its default preselected, permanent only when the app has no maximum, and
 * a custom number of days within the maximum. `onChange` gets the days, or
 * undefined for permanent; `error` is the server's refusal of `accessDays`.
 */
export const DurationField = (props: {
  app: Partial<Pick<CatalogListing, 'duration'>>;
  tier: string;
  onChange: (days: number | undefined) => void;
  error?: string;
  /** An extension: a number of days, never permanent. */
  noPermanent?: boolean;
}) => {
  const { app, tier, onChange } = props;
  const duration = durationOf(app, tier);
  const choices = durationChoices(duration, props.noPermanent);
  const [choice, setChoice] = useState(choices.initial);
  const [custom, setCustom] = useState('');
  // Another tier may allow other durations: start again from its default.
  const key = `${tier}|${duration.defaultDays}|${duration.maxDays}`;
  useEffect(() => {
    setChoice(choices.initial);
    setCustom('');
    onChange(choices.initial ? Number(choices.initial) : undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const max = duration.maxDays;
  const customError = customProblem(choice === CUSTOM ? custom : '', max);
  let selectHelp: string | undefined;
  if (choice !== CUSTOM && props.error) selectHelp = props.error;
  else if (max !== undefined) {
    selectHelp = `Up to ${daysText(
      max,
    )}; access then ends unless it is extended`;
  }
  return (
    <>
      <TextField
        select
        fullWidth
        margin="normal"
        id="request-duration"
        label="For how long"
        value={choice}
        onChange={e => {
          const next = e.target.value;
          setChoice(next);
          if (next === CUSTOM) onChange(custom ? Number(custom) : undefined);
          else onChange(next ? Number(next) : undefined);
        }}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        inputProps={{ 'data-testid': 'duration-select' }}
        error={Boolean(props.error) && choice !== CUSTOM}
        helperText={selectHelp}
      >
        {choices.permanent && <MenuItem value={PERMANENT}>Permanent</MenuItem>}
        {choices.days.map(n => (
          <MenuItem key={n} value={String(n)}>
            {daysText(n)}
            {n === duration.defaultDays ? ' (default)' : ''}
          </MenuItem>
        ))}
        <MenuItem value={CUSTOM}>Another number of days…</MenuItem>
      </TextField>
      {choice === CUSTOM && (
        <TextField
          fullWidth
          margin="normal"
          id="request-duration-days"
          label="Days of access"
          type="number"
          value={custom}
          onChange={e => {
            setCustom(e.target.value);
            const n = Number(e.target.value);
            onChange(e.target.value && Number.isInteger(n) ? n : undefined);
          }}
          inputProps={{
            min: 1,
            ...(max !== undefined ? { max } : {}),
            'data-testid': 'duration-days',
          }}
          error={Boolean(customError ?? props.error)}
          helperText={
            customError ??
            props.error ??
            (max !== undefined ? `1 to ${max}` : undefined)
          }
        />
      )}
    </>
  );
};
