import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { ApproverDraft } from './approvers';

/** One approval level: who approves, and which people or group when named. */
export const ApproverFields = (props: {
  id: string;
  label: string;
  draft: ApproverDraft;
  onChange: (d: ApproverDraft) => void;
}) => (
  <Grid container spacing={2}>
    <Grid item xs={5}>
      <TextField
        id={`${props.id}-type`}
        select
        fullWidth
        label={props.label}
        value={props.draft.type}
        onChange={e =>
          props.onChange({
            ...props.draft,
            type: e.target.value as ApproverDraft['type'],
          })
        }
      >
        <MenuItem value="none">None</MenuItem>
        <MenuItem value="manager">The requester&apos;s manager</MenuItem>
        <MenuItem value="app-owner">The app owners</MenuItem>
        <MenuItem value="users">Named people</MenuItem>
        <MenuItem value="group">A group</MenuItem>
      </TextField>
    </Grid>
    {(props.draft.type === 'users' || props.draft.type === 'group') && (
      <Grid item xs={7}>
        <TextField
          id={`${props.id}-value`}
          fullWidth
          label={
            props.draft.type === 'users'
              ? 'People (e.g. alex.morgan, priya.shah)'
              : 'Group (e.g. it)'
          }
          value={props.draft.value}
          onChange={e =>
            props.onChange({ ...props.draft, value: e.target.value })
          }
        />
      </Grid>
    )}
  </Grid>
);
