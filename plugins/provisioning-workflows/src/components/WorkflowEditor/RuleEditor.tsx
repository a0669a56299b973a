import {
  RuleCondition,
  WorkflowRule,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import DeleteIcon from '@material-ui/icons/Delete';
import { CONDITION_LABELS, titleCase } from '../../util/labels';
import { newRule, withConditionType } from './draft';

const CONDITIONS = (
  Object.entries(CONDITION_LABELS) as Array<[RuleCondition['type'], string]>
).map(([type, label]) => ({ type, label }));

/** A number field's value: NaN while empty, so that validation can say so. */
const numberOf = (raw: string) => (raw.trim() === '' ? NaN : Number(raw));
const shown = (n: number) => (Number.isNaN(n) ? '' : String(n));

const RuleFields = (props: {
  index: number;
  rule: WorkflowRule;
  tiers: string[];
  tierLabel: (key: string) => string;
  onChange: (rule: WorkflowRule) => void;
}) => {
  const { index, rule, tiers, tierLabel, onChange } = props;
  const id = `rule-${index}`;
  const c = rule.condition;
  // Tiers one can be downgraded to: every tier but the highest.
  const targets = tiers.slice(0, -1);
  const setTierFilter = (tier: string, on: boolean) => {
    const current = rule.tiers ?? [];
    const next = on
      ? tiers.filter(t => t === tier || current.includes(t))
      : current.filter(t => t !== tier);
    onChange({ ...rule, tiers: next });
  };
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <TextField
          id={`${id}-name`}
          fullWidth
          label="Name (optional)"
          value={rule.name ?? ''}
          onChange={e => onChange({ ...rule, name: e.target.value })}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <TextField
          id={`${id}-condition`}
          select
          fullWidth
          label="Condition"
          SelectProps={{ native: true }}
          value={c.type}
          onChange={e =>
            onChange({
              ...rule,
              condition: withConditionType(
                c,
                e.target.value as RuleCondition['type'],
              ),
            })
          }
        >
          {CONDITIONS.map(o => (
            <option key={o.type} value={o.type}>
              {o.label}
            </option>
          ))}
        </TextField>
      </Grid>
      {c.type === 'fewSignIns' && (
        <Grid item xs={6} md={2}>
          <TextField
            id={`${id}-sign-ins`}
            fullWidth
            type="number"
            label="Sign-ins (K)"
            inputProps={{ min: 1 }}
            value={shown(c.signIns)}
            onChange={e =>
              onChange({
                ...rule,
                condition: { ...c, signIns: numberOf(e.target.value) },
              })
            }
          />
        </Grid>
      )}
      <Grid item xs={6} md={2}>
        <TextField
          id={`${id}-days`}
          fullWidth
          type="number"
          label="Days (N)"
          inputProps={{ min: 1 }}
          value={shown(c.days)}
          onChange={e =>
            onChange({
              ...rule,
              condition: { ...c, days: numberOf(e.target.value) },
            })
          }
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <TextField
          id={`${id}-outcome`}
          select
          fullWidth
          label="Outcome"
          SelectProps={{ native: true }}
          value={rule.outcome.action}
          onChange={e => {
            const suggestOnly = rule.outcome.suggestOnly;
            onChange({
              ...rule,
              outcome:
                e.target.value === 'downgrade'
                  ? {
                      action: 'downgrade',
                      toTier: targets[0] ?? '',
                      suggestOnly,
                    }
                  : { action: 'deprovision', suggestOnly },
            });
          }}
        >
          <option value="deprovision">Deprovision (remove the license)</option>
          <option value="downgrade" disabled={targets.length === 0}>
            Downgrade to a lower tier
          </option>
        </TextField>
      </Grid>
      {rule.outcome.action === 'downgrade' && (
        <Grid item xs={12} md={4}>
          <TextField
            id={`${id}-to-tier`}
            select
            fullWidth
            label="Downgrade to tier"
            SelectProps={{ native: true }}
            value={rule.outcome.toTier}
            onChange={e =>
              onChange({
                ...rule,
                outcome: {
                  action: 'downgrade',
                  toTier: e.target.value,
                  suggestOnly: rule.outcome.suggestOnly,
                },
              })
            }
          >
            {!targets.includes(rule.outcome.toTier) && (
              <option value={rule.outcome.toTier}>
                {rule.outcome.toTier
                  ? tierLabel(rule.outcome.toTier)
                  : 'Choose a tier'}
              </option>
            )}
            {targets.map(t => (
              <option key={t} value={t}>
                {tierLabel(t)}
              </option>
            ))}
          </TextField>
        </Grid>
      )}
      <Grid item xs={12} md={4}>
        <FormControlLabel
          control={
            <Checkbox
              checked={Boolean(rule.outcome.suggestOnly)}
              onChange={e =>
                onChange({
                  ...rule,
                  outcome: { ...rule.outcome, suggestOnly: e.target.checked },
                })
              }
            />
          }
          label="Suggest only (an admin accepts or dismisses)"
        />
      </Grid>
      {tiers.length > 0 && (
        <Grid item xs={12}>
          <FormLabel component="legend">
            Only people on these tiers (none checked: every tier)
          </FormLabel>
          <FormGroup row>
            {tiers.map(t => (
              <FormControlLabel
                key={t}
                control={
                  <Checkbox
                    checked={Boolean(rule.tiers?.includes(t))}
                    onChange={e => setTierFilter(t, e.target.checked)}
                  />
                }
                label={tierLabel(t)}
              />
            ))}
          </FormGroup>
        </Grid>
      )}
    </Grid>
  );
};

/**
 * Ordered rules of a workflow: the first rule that matches a person decides
 * what happens to them. Rules move up and down, are added and removed.
 */
export const RuleEditor = (props: {
  rules: WorkflowRule[];
  /** The instance's tiers, lowest first. */
  tiers: string[];
  /** A tier's display name; its key in Title Case by default. */
  tierLabel?: (key: string) => string;
  onChange: (rules: WorkflowRule[]) => void;
}) => {
  const { rules, tiers, onChange } = props;
  const tierLabel = props.tierLabel ?? titleCase;
  const move = (from: number, to: number) => {
    const next = [...rules];
    const [rule] = next.splice(from, 1);
    next.splice(to, 0, rule);
    onChange(next);
  };
  return (
    <div>
      <Typography variant="body2" color="textSecondary" paragraph>
        Rules are checked in order; the first that matches a person decides what
        happens to them. Every rule only applies to people assigned for at least
        its number of days.
      </Typography>
      {rules.map((rule, i) => (
        <Paper
          key={i}
          variant="outlined"
          role="group"
          aria-label={`Rule ${i + 1}`}
          style={{ padding: 16, marginBottom: 12 }}
        >
          <Box display="flex" alignItems="center" mb={1}>
            <Typography variant="subtitle1" style={{ flexGrow: 1 }}>
              Rule {i + 1}
            </Typography>
            <Tooltip title="Move up">
              <span>
                <IconButton
                  size="small"
                  aria-label={`Move rule ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => move(i, i - 1)}
                >
                  <ArrowUpwardIcon />
                </IconButton>
              </span>
            </Tooltip>
            <Tooltip title="Move down">
              <span>
                <IconButton
                  size="small"
                  aria-label={`Move rule ${i + 1} down`}
                  disabled={i === rules.length - 1}
                  onClick={() => move(i, i + 1)}
                >
                  <ArrowDownwardIcon />
                </IconButton>
              </span>
            </Tooltip>
            <Tooltip title="Remove">
              <IconButton
                size="small"
                aria-label={`Remove rule ${i + 1}`}
                onClick={() => onChange(rules.filter((_, j) => j !== i))}
              >
                <DeleteIcon />
              </IconButton>
            </Tooltip>
          </Box>
          <RuleFields
            index={i}
            rule={rule}
            tiers={tiers}
            tierLabel={tierLabel}
            onChange={r => onChange(rules.map((x, j) => (j === i ? r : x)))}
          />
        </Paper>
      ))}
      <Button
        variant="outlined"
        startIcon={<AddIcon />}
        onClick={() => onChange([...rules, newRule()])}
      >
        Add rule
      </Button>
    </div>
  );
};
