import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { ApproverDraft } from './approvers';
import { CatalogEntityPicker } from './CatalogEntityPicker';

/**
 * One approval level: who approves, and which people or group when named,
 * picked from the catalog. `name` tells the level's pickers apart
 * ("People who approve at level 2"); `error` shows beside the picker, or
 * the select when there is none.
 */
export const ApproverFields = (props: {
  id: string;
  label: string;
  name: string;
  draft: ApproverDraft;
  onChange: (d: ApproverDraft) => void;
  error?: string;
  /** Shown under the select when there is no error, e.g. what None means. */
  hint?: string;
}) => {
  const { draft } = props;
  const named = draft.type === 'users' || draft.type === 'group';
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={5}>
        <TextField
          id={`${props.id}-type`}
          select
          fullWidth
          margin="dense"
          label={props.label}
          value={draft.type}
          error={Boolean(props.error && !named)}
          helperText={named ? props.hint : props.error ?? props.hint}
          onChange={e => {
            const type = e.target.value as ApproverDraft['type'];
            // People and groups are different kinds: a new type starts empty.
            props.onChange({
              type,
              refs: type === draft.type ? draft.refs : [],
            });
          }}
        >
          <MenuItem value="none">None</MenuItem>
          <MenuItem value="manager">The requester&apos;s manager</MenuItem>
          <MenuItem value="app-owner">The app owners</MenuItem>
          <MenuItem value="users">Named people</MenuItem>
          <MenuItem value="group">A group</MenuItem>
        </TextField>
      </Grid>
      {named && (
        <Grid item xs={12} sm={7}>
          <CatalogEntityPicker
            id={`${props.id}-${draft.type}`}
            kind={draft.type === 'users' ? 'User' : 'Group'}
            single={draft.type === 'group'}
            required
            label={
              draft.type === 'users'
                ? `People who approve ${props.name}`
                : `Group that approves ${props.name}`
            }
            helperText={
              draft.type === 'users'
                ? 'Any one of them approves'
                : 'Any one member approves'
            }
            error={props.error}
            value={draft.refs}
            onChange={refs => props.onChange({ ...draft, refs })}
          />
        </Grid>
      )}
    </Grid>
  );
};
