import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { DurationDraft, DurationField } from './durationDraft';

const DaysField = (props: {
  id: string;
  label: string;
  value: string;
  error?: boolean;
  helperText?: string;
  onChange: (value: string) => void;
}) => (
  <TextField
    id={props.id}
    fullWidth
    margin="dense"
    type="number"
    label={props.label}
    value={props.value}
    error={props.error}
    helperText={props.helperText}
    inputProps={{ min: 1, max: 3650 }}
    onChange={e => props.onChange(e.target.value)}
  />
);

/**
 * How long access to the app lasts: a default (preselected in the request
 * dialog) and a maximum, in days, for the app and for tiers that differ;
 * both empty is permanent access.
 */
export const DurationFields = (props: {
  draft: DurationDraft;
  tiers: string[];
  /** A tier's display name (its key in words when the inventory has none). */
  tierName: (tier: string) => string;
  errors: Partial<Record<DurationField, string>>;
  onChange: (next: DurationDraft, field: DurationField) => void;
}) => {
  const { draft, errors } = props;
  const tierDraft = (tier: string) =>
    draft.tiers[tier] ?? { defaultDays: '', maxDays: '' };
  return (
    <>
      <Typography variant="h6" style={{ marginTop: 16 }}>
        How long access lasts
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Leave both empty for permanent access. With a maximum, every grant ends
        after it unless it is extended; the holder and the approver are warned
        before.
      </Typography>
      <Grid container spacing={2}>
        <Grid item xs={6}>
          <DaysField
            id="app-duration-default"
            label="Default days"
            value={draft.defaultDays}
            error={Boolean(errors.duration)}
            helperText={errors.duration ?? 'Preselected when people ask'}
            onChange={v =>
              props.onChange({ ...draft, defaultDays: v }, 'duration')
            }
          />
        </Grid>
        <Grid item xs={6}>
          <DaysField
            id="app-duration-max"
            label="Maximum days"
            value={draft.maxDays}
            error={Boolean(errors.duration)}
            helperText="Empty: permanent access may be asked for"
            onChange={v => props.onChange({ ...draft, maxDays: v }, 'duration')}
          />
        </Grid>
        {props.tiers.length > 1 &&
          props.tiers.map(tier => {
            const field = `duration-tier:${tier}` as const;
            const t = tierDraft(tier);
            const change = (next: Partial<typeof t>) =>
              props.onChange(
                {
                  ...draft,
                  tiers: { ...draft.tiers, [tier]: { ...t, ...next } },
                },
                field,
              );
            return [
              <Grid item xs={6} key={`${tier}-default`}>
                <DaysField
                  id={`app-duration-${tier}-default`}
                  label={`${props.tierName(tier)}: default days`}
                  value={t.defaultDays}
                  error={Boolean(errors[field])}
                  helperText={errors[field] ?? 'Empty: as the app'}
                  onChange={v => change({ defaultDays: v })}
                />
              </Grid>,
              <Grid item xs={6} key={`${tier}-max`}>
                <DaysField
                  id={`app-duration-${tier}-max`}
                  label={`${props.tierName(tier)}: maximum days`}
                  value={t.maxDays}
                  error={Boolean(errors[field])}
                  onChange={v => change({ maxDays: v })}
                />
              </Grid>,
            ];
          })}
      </Grid>
    </>
  );
};
