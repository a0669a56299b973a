import {
  WarningChannelChoice,
  WorkflowNotifications,
} from '@internal/plugin-provisioning-workflows-common';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import { DEFAULT_WARNING_SETTINGS } from './draft';

const numberOf = (raw: string) => (raw.trim() === '' ? NaN : Number(raw));
const shown = (n: number) => (Number.isNaN(n) ? '' : String(n));

/** Where warnings go, in the admin's words. */
const CHANNELS: Array<{ value: WarningChannelChoice; label: string }> = [
  { value: 'default', label: "Productiv's default channel" },
  { value: 'slack', label: 'Slack: a direct message with Keep my license' },
  { value: 'email', label: 'E-mail: a mail with a Keep link' },
  { value: 'portal-only', label: 'The portal only' },
];

/**
 * The warnings of a workflow: whether people are warned, how long before
 * the change, whether they may keep their license, where they are warned
 * (always in the portal as well) and when the one reminder goes.
 */
export const WarningsFields = (props: {
  value: WorkflowNotifications;
  onChange: (value: WorkflowNotifications) => void;
}) => {
  const value = { ...DEFAULT_WARNING_SETTINGS, ...props.value };
  const set = (change: Partial<WorkflowNotifications>) =>
    props.onChange({ ...value, ...change });
  return (
    <>
      <FormControlLabel
        control={
          <Switch
            checked={value.enabled}
            onChange={e => set({ enabled: e.target.checked })}
          />
        }
        label="Warn people before the change"
      />
      {value.enabled && (
        <>
          <TextField
            id="workflow-days-before"
            type="number"
            fullWidth
            margin="dense"
            label="Days between the warning and the change"
            inputProps={{ min: 1 }}
            value={shown(value.daysBefore)}
            onChange={e => set({ daysBefore: numberOf(e.target.value) })}
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={value.allowOptOut}
                onChange={e => set({ allowOptOut: e.target.checked })}
              />
            }
            label='Allow "Keep my license" until the deadline'
          />
          <TextField
            id="workflow-warning-channel"
            select
            fullWidth
            margin="dense"
            label="Where people are warned"
            helperText="Warnings always appear in the portal's notifications too."
            value={value.channel}
            onChange={e =>
              set({ channel: e.target.value as WarningChannelChoice })
            }
          >
            {CHANNELS.map(c => (
              <MenuItem key={c.value} value={c.value}>
                {c.label}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            id="workflow-remind-before-hours"
            type="number"
            fullWidth
            margin="dense"
            label="Remind those who have not answered (hours before the change)"
            helperText="One reminder; 0 for none."
            inputProps={{ min: 0, max: 168 }}
            value={shown(value.remindBeforeHours!)}
            onChange={e => set({ remindBeforeHours: numberOf(e.target.value) })}
          />
        </>
      )}
    </>
  );
};
