import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { OverdueDraft, OverdueErrors, OverdueField } from './overdueDraft';

const TO_NAMES: Record<
  Exclude<OverdueDraft['escalateTo'], 'default'>,
  string
> = {
  fallback: 'the fallback approver',
  manager: "each approver's manager",
};

/**
 * Escalation of overdue approvals and expiry of unanswered requests, for
 * the default settings or for one app (where "as in the default settings"
 * is a choice, described with `defaults`).
 */
export const OverdueFields = (props: {
  id: string;
  mode: 'settings' | 'app';
  draft: OverdueDraft;
  errors: OverdueErrors;
  /** The default settings in words, for an app's "as in the default settings". */
  defaults?: { escalation: string; expiry: string };
  onChange: (next: OverdueDraft, field: OverdueField) => void;
}) => {
  const { id, mode, draft, errors } = props;
  const change = (next: Partial<OverdueDraft>, field: OverdueField) =>
    props.onChange({ ...draft, ...next }, field);
  const inherits = draft.escalateTo === 'default';
  return (
    <>
      <Typography variant="h6" style={{ marginTop: 16 }}>
        Overdue requests
      </Typography>
      <TextField
        id={`${id}-escalate-to`}
        select
        fullWidth
        margin="dense"
        label="Escalate approvals nobody decided to"
        value={draft.escalateTo}
        helperText="They are asked too, once per level; the approvers may still decide"
        onChange={e =>
          change(
            {
              escalateTo: e.target.value as OverdueDraft['escalateTo'],
              ...(e.target.value !== 'default' && !draft.escalateDays
                ? { escalateDays: '3' }
                : {}),
            },
            'escalation',
          )
        }
      >
        {mode === 'app' && (
          <MenuItem value="default">
            As in the default settings
            {props.defaults ? ` (${props.defaults.escalation})` : ''}
          </MenuItem>
        )}
        <MenuItem value="fallback">The fallback approver</MenuItem>
        <MenuItem value="manager">Each approver&apos;s manager</MenuItem>
      </TextField>
      {!inherits && (
        <TextField
          id={`${id}-escalate-days`}
          fullWidth
          margin="dense"
          label="Escalate after (days without a decision)"
          value={draft.escalateDays}
          error={Boolean(errors.escalation)}
          helperText={
            errors.escalation ??
            `Counted from when a level's approvers were asked; then ${
              TO_NAMES[draft.escalateTo as keyof typeof TO_NAMES]
            } is asked`
          }
          onChange={e => change({ escalateDays: e.target.value }, 'escalation')}
        />
      )}
      {inherits && errors.escalation && (
        <Typography color="error" variant="body2">
          {errors.escalation}
        </Typography>
      )}
      <TextField
        id={`${id}-expiry-days`}
        fullWidth
        margin="dense"
        label="Close requests still pending after (days)"
        value={draft.expiryDays}
        error={Boolean(errors.expiry)}
        helperText={
          errors.expiry ??
          (mode === 'app'
            ? `Empty: as in the default settings${
                props.defaults ? ` (${props.defaults.expiry})` : ''
              }`
            : 'They close as Expired; the requester and the approvers are told')
        }
        onChange={e => change({ expiryDays: e.target.value }, 'expiry')}
      />
    </>
  );
};
