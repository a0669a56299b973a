import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { HomeSettings as Settings } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { inputErrors, placeErrors } from '../FormDialog/fieldErrors';
import { serverMessage } from '../RequestPage/names';
import { ApproverFields } from './ApproverFields';
import { CatalogEntityPicker } from './CatalogEntityPicker';
import { OverdueFields } from './OverdueFields';
import {
  checkOverdue,
  fromOverdueDraft,
  OverdueDraft,
  OverdueField,
  overdueField,
  toOverdueDraft,
} from './overdueDraft';
import {
  ApproverDraft,
  draftOfLevel,
  draftProblem,
  fromDrafts,
  toDraft,
} from './approvers';

type Draft = {
  method: Settings['approvalMethod'];
  levels: ApproverDraft[];
  fallback: string[];
  reminders: string;
  justification: boolean;
  overdue: OverdueDraft;
  auditTrail: boolean;
};

type Field =
  | 'method'
  | 'level-0'
  | 'level-1'
  | 'fallback'
  | 'reminders'
  | OverdueField;
type Errors = Partial<Record<Field, string>>;

const MAX_HOURS = 1440;
const MAX_REMINDERS = 10;

/** The reminder hours typed ("24, 48"), or undefined when one is not a number of hours. */
export function parseReminders(text: string): number[] | undefined {
  const parts = text
    .split(',')
    .map(h => h.trim())
    .filter(Boolean);
  const hours = parts.map(Number);
  return hours.every(h => Number.isFinite(h) && h > 0 && h <= MAX_HOURS)
    ? hours
    : undefined;
}

/** What is obviously wrong with the settings before they are saved. */
export function checkSettings(draft: Draft): Errors {
  const errors: Errors = {};
  draft.levels.forEach((level, index) => {
    const problem = draftProblem(level);
    if (problem) errors[index ? 'level-1' : 'level-0'] = problem;
  });
  const hours = parseReminders(draft.reminders);
  if (!hours) {
    errors.reminders = `Hours are numbers above 0 and at most ${MAX_HOURS} (60 days), e.g. 24, 48`;
  } else if (hours.length > MAX_REMINDERS) {
    errors.reminders = `At most ${MAX_REMINDERS} reminders`;
  }
  return { ...errors, ...checkOverdue(draft.overdue, 'settings') };
}

/** The field of a server's field path, as the form shows it. */
function settingsField(
  path: string,
  levels: ApproverDraft[],
): Field | undefined {
  const level = /^defaultApprovers\.(\d+)(\.|$)/.exec(path);
  if (level) {
    const index = draftOfLevel(levels, Number(level[1]));
    if (index !== undefined) return index ? 'level-1' : 'level-0';
    return undefined;
  }
  if (path === 'defaultApprovers') return 'level-0';
  if (path === 'approvalMethod') return 'method';
  if (path === 'fallbackApprover') return 'fallback';
  if (/^reminderHours(\.\d+)?$/.test(path)) return 'reminders';
  return overdueField(path);
}

/** Default approvers, fallback approver, reminders and justification. */
export const DefaultSettings = () => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const loaded = useAsyncRetry(() => api.getSettings(), [api]);
  const [draft, setDraft] = useState<Draft>();
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const s = loaded.value;
    if (!s) return;
    setDraft({
      method: s.approvalMethod,
      levels: [toDraft(s.defaultApprovers[0]), toDraft(s.defaultApprovers[1])],
      fallback: s.fallbackApprover ? [s.fallbackApprover] : [],
      reminders: s.reminderHours.join(', '),
      justification: s.justificationRequired,
      overdue: toOverdueDraft(s, 'settings'),
      auditTrail: Boolean(s.auditTrailTickets),
    });
  }, [loaded.value]);
  if (loaded.error) return <ResponseErrorPanel error={loaded.error} />;
  if (!draft) return <Progress />;

  // Changing a field clears what was said about it.
  const change = (next: Partial<Draft>, field?: Field) => {
    setDraft({ ...draft, ...next });
    if (field && errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const save = async () => {
    setFormError(undefined);
    const problems = checkSettings(draft);
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await api.putSettings({
        approvalMethod: draft.method,
        defaultApprovers: fromDrafts(draft.levels),
        fallbackApprover: draft.fallback[0],
        reminderHours: parseReminders(draft.reminders) ?? [],
        justificationRequired: draft.justification,
        ...fromOverdueDraft(draft.overdue),
        auditTrailTickets: draft.auditTrail,
      });
      alertApi.post({
        message: 'Settings saved',
        severity: 'success',
        display: 'transient',
      });
    } catch (e) {
      // Stays in the page, beside the field it names where there is one.
      const fields = inputErrors(e);
      if (fields) {
        const placed = placeErrors(fields, f => settingsField(f, draft.levels));
        setErrors(placed.fields);
        setFormError(placed.rest);
      } else {
        setFormError(serverMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title="Default settings">
      <TextField
        id="settings-method"
        select
        fullWidth
        margin="dense"
        label="Approval method"
        value={draft.method}
        error={Boolean(errors.method)}
        helperText={errors.method}
        onChange={e =>
          change(
            { method: e.target.value as Settings['approvalMethod'] },
            'method',
          )
        }
      >
        <MenuItem value="email">E-mail</MenuItem>
        <MenuItem value="slack">Slack</MenuItem>
      </TextField>
      <ApproverFields
        id="default-1"
        label="Default approver, level 1"
        name="at level 1"
        draft={draft.levels[0]}
        error={errors['level-0']}
        onChange={d => change({ levels: [d, draft.levels[1]] }, 'level-0')}
      />
      <ApproverFields
        id="default-2"
        label="Default approver, level 2"
        name="at level 2"
        draft={draft.levels[1]}
        error={errors['level-1']}
        onChange={d => change({ levels: [draft.levels[0], d] }, 'level-1')}
      />
      <CatalogEntityPicker
        id="settings-fallback"
        kind="User"
        single
        label="Fallback approver"
        helperText="Asked only when no approver of a level can be found"
        error={errors.fallback}
        value={draft.fallback}
        onChange={refs => change({ fallback: refs }, 'fallback')}
      />
      <TextField
        id="settings-reminders"
        fullWidth
        margin="dense"
        label="Remind pending approvers after (hours, comma-separated)"
        value={draft.reminders}
        error={Boolean(errors.reminders)}
        helperText={errors.reminders}
        onChange={e => change({ reminders: e.target.value }, 'reminders')}
      />
      <FormControlLabel
        control={
          <Switch
            checked={draft.justification}
            onChange={e => change({ justification: e.target.checked })}
          />
        }
        label="Requests need a justification"
      />
      <OverdueFields
        id="settings"
        mode="settings"
        draft={draft.overdue}
        errors={errors}
        onChange={(overdue, field) => change({ overdue }, field)}
      />
      <Typography variant="h6" style={{ marginTop: 16 }}>
        Audit trail
      </Typography>
      <FormControlLabel
        control={
          <Switch
            checked={draft.auditTrail}
            onChange={e => change({ auditTrail: e.target.checked })}
          />
        }
        label="Open an audit-trail ticket for access granted through Okta"
      />
      <Typography variant="body2" color="textSecondary">
        In the ticketing system: opened when the request is approved, resolved
        with the outcome once Okta is done.
      </Typography>
      {formError && (
        <Typography color="error" role="alert" variant="body2">
          {formError}
        </Typography>
      )}
      <div>
        <Button
          color="primary"
          variant="contained"
          disabled={busy}
          onClick={save}
        >
          Save settings
        </Button>
      </div>
    </InfoCard>
  );
};
