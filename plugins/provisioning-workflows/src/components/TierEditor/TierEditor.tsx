import { alertApiRef, useApi, useApiHolder } from '@backstage/core-plugin-api';
import { AppInstance } from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import { useEffect, useState } from 'react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { errorMessage } from '../../util/errorMessage';
import { plural, titleCase } from '../../util/labels';
import {
  checkRows,
  hasErrors,
  moved,
  rowsOf,
  serverErrors,
  TierErrors,
  TierRow,
  toInput,
} from './tierDraft';

const NO_ERRORS: TierErrors = { fields: {}, general: [] };

/** Where a tier stands, in words. */
function position(index: number, count: number): string {
  if (count === 1) return 'the only tier';
  if (index === 0) return 'lowest';
  if (index === count - 1) return 'highest';
  return `${index + 1} of ${count}`;
}

const TierFields = (props: {
  index: number;
  count: number;
  row: TierRow;
  instance: AppInstance;
  errors: TierErrors['fields'][number];
  onChange: (row: TierRow) => void;
  onMove: (to: number) => void;
}) => {
  const { index, count, row, instance, onChange, onMove } = props;
  const errors = props.errors ?? {};
  const id = `tier-${index}`;
  const name = row.displayName.trim() || titleCase(row.tier);
  const set = (field: keyof TierRow) => (e: { target: { value: string } }) =>
    onChange({ ...row, [field]: e.target.value });
  const seats = Number(row.seats);
  const held =
    row.seats.trim() && Number.isInteger(seats)
      ? `${plural(row.holders, 'person', 'people')} of ${plural(seats, 'seat')}`
      : plural(row.holders, 'person', 'people');
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-labelledby={`${id}-title`}
    >
      <Box p={2}>
        <Box display="flex" alignItems="center" mb={1}>
          <Box flexGrow={1}>
            <Typography variant="h6" component="h3" id={`${id}-title`}>
              {name}{' '}
              <Typography
                component="span"
                variant="body2"
                color="textSecondary"
              >
                ({position(index, count)}; held by {held})
              </Typography>
            </Typography>
            {errors.tier && (
              <Typography variant="body2" color="error" role="alert">
                {errors.tier}
              </Typography>
            )}
          </Box>
          <Tooltip title="Move up: a lower tier">
            <span>
              <IconButton
                aria-label={`Move ${name} up, to a lower tier`}
                disabled={index === 0}
                onClick={() => onMove(index - 1)}
              >
                <ArrowUpwardIcon />
              </IconButton>
            </span>
          </Tooltip>
          <Tooltip title="Move down: a higher tier">
            <span>
              <IconButton
                aria-label={`Move ${name} down, to a higher tier`}
                disabled={index === count - 1}
                onClick={() => onMove(index + 1)}
              >
                <ArrowDownwardIcon />
              </IconButton>
            </span>
          </Tooltip>
        </Box>
        <Grid container spacing={2}>
          <Grid item xs={12} md={4}>
            <TextField
              id={`${id}-display-name`}
              fullWidth
              label="Display name"
              value={row.displayName}
              onChange={set('displayName')}
              error={Boolean(errors.displayName)}
              helperText={errors.displayName}
              inputProps={{ maxLength: 64 }}
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <TextField
              id={`${id}-group`}
              select
              fullWidth
              label="Okta group"
              SelectProps={{ native: true }}
              value={row.groupId}
              onChange={set('groupId')}
              error={Boolean(errors.groupId)}
              helperText={
                errors.groupId ??
                (row.groupId
                  ? undefined
                  : 'Without a group, changes are made by hand')
              }
            >
              <option value="">No group</option>
              {instance.groups.map(g => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={6} md={2}>
            <TextField
              id={`${id}-price`}
              fullWidth
              type="number"
              label="Price per seat / month"
              value={row.price}
              onChange={set('price')}
              error={Boolean(errors.monthlyPrice)}
              helperText={
                errors.monthlyPrice ??
                (row.price.trim() ? undefined : 'No price set: savings unknown')
              }
              InputProps={{
                startAdornment: (
                  <InputAdornment position="start">$</InputAdornment>
                ),
              }}
              inputProps={{ min: 0, step: 0.01 }}
            />
          </Grid>
          <Grid item xs={6} md={2}>
            <TextField
              id={`${id}-seats`}
              fullWidth
              type="number"
              label="Seats (optional)"
              value={row.seats}
              onChange={set('seats')}
              error={Boolean(errors.seats)}
              helperText={errors.seats}
              inputProps={{ min: 0, step: 1 }}
            />
          </Grid>
          <Grid item xs={12}>
            <TextField
              id={`${id}-description`}
              fullWidth
              multiline
              minRows={2}
              label="Description (what people can do with it)"
              value={row.description}
              onChange={set('description')}
              error={Boolean(errors.description)}
              helperText={
                errors.description ??
                `${row.description.length} of 500 characters`
              }
              inputProps={{ maxLength: 500 }}
            />
          </Grid>
        </Grid>
      </Box>
    </Paper>
  );
};

/**
 * The tiers of an app instance as an admin manages them: their order
 * (lowest first), names, descriptions, prices per seat, seats and the Okta
 * group behind each. Saved with `PUT /instances/{id}/tiers`; the server's
 * field errors are shown beside their fields.
 */
export const TierEditor = (props: {
  instance: AppInstance;
  onSaved?: (instance: AppInstance) => void;
}) => {
  const { instance, onSaved } = props;
  const api = useApi(provisioningWorkflowsApiRef);
  const alerts = useApiHolder().get(alertApiRef);
  const [rows, setRows] = useState<TierRow[]>(() => rowsOf(instance));
  const [errors, setErrors] = useState<TierErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setRows(rowsOf(instance));
    setErrors(NO_ERRORS);
  }, [instance]);

  if (rows.length === 0) {
    return (
      <Typography>
        {instance.label} has no tiers yet. They are suggested from the app's
        Okta groups at the next inventory sync.
      </Typography>
    );
  }

  const change = (next: TierRow[]) => {
    setRows(next);
    setSaved(false);
  };

  const save = async () => {
    const checked = checkRows(rows);
    setErrors(checked);
    if (hasErrors(checked)) return;
    setSaving(true);
    try {
      const updated = await api.setTiers(instance.id, toInput(rows));
      setRows(rowsOf(updated));
      setSaved(true);
      alerts?.post({
        message: `Saved the tiers of ${instance.label}`,
        severity: 'success',
        display: 'transient',
      });
      onSaved?.(updated);
    } catch (error) {
      setErrors(serverErrors(errorMessage(error)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box>
      <Typography variant="body2" color="textSecondary" paragraph>
        Lowest tier first. Downgrades only ever move people to a lower tier, and
        savings are counted from the prices per seat.
      </Typography>
      {rows.map((row, i) => (
        <Box key={row.tier} mb={2}>
          <TierFields
            index={i}
            count={rows.length}
            row={row}
            instance={instance}
            errors={errors.fields[i]}
            onChange={next => change(rows.map((r, j) => (j === i ? next : r)))}
            onMove={to => {
              change(moved(rows, i, to));
              // Messages are by position: they no longer fit.
              setErrors(NO_ERRORS);
            }}
          />
        </Box>
      ))}
      {errors.general.map(message => (
        <Typography key={message} color="error" role="alert" paragraph>
          {message}
        </Typography>
      ))}
      <Box display="flex" alignItems="center">
        <Button
          variant="contained"
          color="primary"
          onClick={save}
          disabled={saving}
        >
          Save tiers
        </Button>
        {saving && (
          <Box ml={2}>
            <CircularProgress size={24} aria-label="Saving the tiers" />
          </Box>
        )}
        {saved && !saving && (
          <Box ml={2}>
            <Typography role="status">Saved.</Typography>
          </Box>
        )}
      </Box>
    </Box>
  );
};
