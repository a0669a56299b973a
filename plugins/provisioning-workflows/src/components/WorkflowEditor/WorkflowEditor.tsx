import { InfoCard } from '@backstage/core-components';
import {
  WorkflowDefinition,
  WorkflowMode,
} from '@internal/plugin-provisioning-workflows-common';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InstanceWorkflowTemplate } from '../../api/ProvisioningWorkflowsApi';
import {
  customWorkflow,
  definitionProblems,
  describeRule,
  SCHEDULE_PRESETS,
} from './draft';
import { RuleEditor } from './RuleEditor';
import { WarningsFields } from './WarningsFields';

const numberOf = (raw: string) => (raw.trim() === '' ? NaN : Number(raw));
const shown = (n: number) => (Number.isNaN(n) ? '' : String(n));

/** The recommended workflows to start from, and a custom one. */
export const TemplateCards = (props: {
  templates: InstanceWorkflowTemplate[];
  tierLabel?: (key: string) => string;
  selected?: string;
  onPick: (definition: WorkflowDefinition, title: string) => void;
}) => (
  <Grid container spacing={2}>
    {props.templates.map(t => (
      <Grid item xs={12} sm={6} md={3} key={t.id}>
        <Card
          variant="outlined"
          data-testid={`template-${t.id}`}
          style={{
            height: '100%',
            display: 'flex',
            flexDirection: 'column',
            borderWidth: props.selected === t.id ? 2 : 1,
          }}
        >
          <CardContent style={{ flexGrow: 1 }}>
            <Typography variant="subtitle1" gutterBottom>
              {t.title}
            </Typography>
            <Typography variant="body2" color="textSecondary" paragraph>
              {t.description}
            </Typography>
            {t.definition.rules.map((r, i) => (
              <Typography variant="caption" display="block" key={i}>
                {i + 1}. {describeRule(r, props.tierLabel)}
              </Typography>
            ))}
          </CardContent>
          <CardActions>
            <Button
              color="primary"
              // The visible word is part of the name, which says which one.
              aria-label={`${
                props.selected === t.id ? 'Start over' : 'Start'
              } from ${t.title}`}
              onClick={() => props.onPick(t.definition, t.title)}
            >
              {props.selected === t.id ? 'Start over' : 'Start'}
            </Button>
          </CardActions>
        </Card>
      </Grid>
    ))}
    <Grid item xs={12} sm={6} md={3}>
      <Card
        variant="outlined"
        style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      >
        <CardContent style={{ flexGrow: 1 }}>
          <Typography variant="subtitle1" gutterBottom>
            Custom workflow
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Start from one rule and build your own: conditions on sign-ins,
            tiers, downgrades or deprovisioning, suggestions.
          </Typography>
        </CardContent>
        <CardActions>
          <Button
            color="primary"
            onClick={() => props.onPick(customWorkflow(), 'a custom workflow')}
          >
            Start a custom workflow
          </Button>
        </CardActions>
      </Card>
    </Grid>
  </Grid>
);

const ScheduleFields = (props: {
  schedule?: string;
  onChange: (schedule: string | undefined) => void;
}) => {
  const value = props.schedule ?? '';
  const preset = !value.trim()
    ? 'none'
    : SCHEDULE_PRESETS.find(p => p.cron === value.trim())?.cron ?? 'custom';
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <TextField
          id="workflow-schedule-preset"
          select
          fullWidth
          label="Schedule"
          SelectProps={{ native: true }}
          value={preset}
          onChange={e => {
            const v = e.target.value;
            if (v === 'none') props.onChange(undefined);
            else if (v !== 'custom') props.onChange(v);
            else props.onChange(value || '0 6 * * 1');
          }}
        >
          <option value="none">No schedule: runs only when started here</option>
          {SCHEDULE_PRESETS.map(p => (
            <option key={p.cron} value={p.cron}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom cron expression</option>
        </TextField>
      </Grid>
      <Grid item xs={12}>
        <TextField
          id="workflow-schedule-cron"
          fullWidth
          label="Cron expression (UTC)"
          helperText="minute hour day month weekday"
          placeholder="0 6 * * 1"
          value={value}
          onChange={e => props.onChange(e.target.value || undefined)}
        />
      </Grid>
    </Grid>
  );
};

/**
 * The set-up of a workflow: recommended workflows to start from, the ordered
 * rules, new-hire exemption, warnings, schedule and mode.
 */
export const WorkflowEditor = (props: {
  templates: InstanceWorkflowTemplate[];
  /** The instance's tiers, lowest first. */
  tiers: string[];
  /** A tier's display name. */
  tierLabel?: (key: string) => string;
  /** Whether the caller may save (else the set-up is shown, and saving hidden). */
  mayManage?: boolean;
  draft?: WorkflowDefinition;
  onChange: (draft: WorkflowDefinition) => void;
  onPickTemplate: (definition: WorkflowDefinition, title: string) => void;
  onSave: () => void;
  onPreview: () => void;
  saving: boolean;
  dirty: boolean;
}) => {
  const { draft, onChange } = props;
  const problems = draft ? definitionProblems(draft, props.tiers) : [];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={
            draft
              ? 'Start over from a recommended workflow'
              : 'Start from a recommended workflow'
          }
        >
          <TemplateCards
            templates={props.templates}
            tierLabel={props.tierLabel}
            selected={draft?.template}
            onPick={props.onPickTemplate}
          />
        </InfoCard>
      </Grid>
      {draft && (
        <>
          <Grid item xs={12}>
            <InfoCard title="Rules">
              <RuleEditor
                rules={draft.rules}
                tiers={props.tiers}
                tierLabel={props.tierLabel}
                onChange={rules => onChange({ ...draft, rules })}
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="People and warnings">
              <TextField
                id="workflow-new-hire-days"
                type="number"
                fullWidth
                margin="dense"
                label="New hires are exempt for (days since their Okta account was created)"
                inputProps={{ min: 0 }}
                value={shown(draft.newHireDays)}
                onChange={e =>
                  onChange({ ...draft, newHireDays: numberOf(e.target.value) })
                }
              />
              <WarningsFields
                value={draft.notifications}
                onChange={notifications =>
                  onChange({ ...draft, notifications })
                }
              />
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="Schedule and mode">
              <ScheduleFields
                schedule={draft.schedule}
                onChange={schedule => onChange({ ...draft, schedule })}
              />
              <FormLabel
                component="legend"
                style={{ marginTop: 16 }}
                id="workflow-mode-label"
              >
                Scheduled runs
              </FormLabel>
              <RadioGroup
                aria-labelledby="workflow-mode-label"
                value={draft.mode}
                onChange={e =>
                  onChange({ ...draft, mode: e.target.value as WorkflowMode })
                }
              >
                <FormControlLabel
                  value="automatic"
                  control={<Radio />}
                  label="Automatic: make the changes"
                />
                <FormControlLabel
                  value="suggest"
                  control={<Radio />}
                  label="Suggestions: an admin accepts or dismisses each change"
                />
              </RadioGroup>
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            {problems.length > 0 && (
              <div data-testid="definition-problems">
                {problems.map(p => (
                  <Typography key={p} variant="body2" color="error">
                    {p}
                  </Typography>
                ))}
              </div>
            )}
            {props.mayManage !== false && (
              <Button
                variant="contained"
                color="primary"
                disabled={props.saving || problems.length > 0 || !props.dirty}
                onClick={props.onSave}
                style={{ marginRight: 8, marginTop: 8 }}
              >
                Save workflow
              </Button>
            )}
            <Button
              variant="outlined"
              disabled={problems.length > 0}
              onClick={props.onPreview}
              style={{ marginTop: 8 }}
            >
              Preview
            </Button>
          </Grid>
        </>
      )}
    </Grid>
  );
};
