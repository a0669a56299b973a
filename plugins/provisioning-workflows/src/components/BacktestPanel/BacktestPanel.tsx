import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  AppInstance,
  BacktestEntry,
  WorkflowBacktest,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { money } from '../../util/format';
import { tierName } from '../../util/labels';
import { DataTable } from '../DataTable/DataTable';
import { plannedOutcome } from '../PreviewPanel/PreviewPanel';
import { Timestamp } from '../Timestamp/Timestamp';
import { cleanDefinition } from '../WorkflowEditor/draft';

const LIMIT = 1000;
const DAYS_AGO = [30, 60, 90] as const;

type Choice = { daysAgo: 30 | 60 | 90 } | { asOf: string };

const personName = (e: BacktestEntry) =>
  e.displayName ?? e.email ?? e.oktaUserId;

/** A UTC day as the time every screen shows (its start). */
const dayTime = (day?: string) => (day ? `${day}T00:00:00.000Z` : undefined);

const columns = (
  instance: AppInstance | undefined,
): TableColumn<BacktestEntry>[] => [
  {
    title: 'Person',
    field: 'email',
    render: e => (
      <>
        {personName(e)}
        {e.displayName && e.email && (
          <Typography variant="caption" display="block">
            {e.email}
          </Typography>
        )}
      </>
    ),
  },
  { title: 'Rule', render: e => `${e.rule + 1}. ${e.ruleName}` },
  {
    title: 'Tier then',
    render: e => (e.currentTier ? tierName(instance, e.currentTier) : '—'),
  },
  { title: 'Would have', render: e => plannedOutcome(e, instance) },
  {
    title: 'Last sign-in before',
    render: e => <Timestamp value={dayTime(e.lastSignInDay)} />,
  },
  {
    title: 'Signed in again',
    render: e =>
      e.signedInAgainOn ? (
        <Timestamp value={dayTime(e.signedInAgainOn)} />
      ) : (
        'no'
      ),
  },
  {
    title: 'Monthly saving',
    type: 'numeric',
    render: e => money(e.monthlySaving),
  },
];

const Total = (props: { label: string; value: string; testId: string }) => (
  <Grid item xs={6} md={2}>
    <Typography variant="h4" data-testid={props.testId}>
      {props.value}
    </Typography>
    <Typography variant="body2">{props.label}</Typography>
  </Grid>
);

/** The totals and people of one backtest. */
export const BacktestResult = (props: {
  backtest: WorkflowBacktest;
  instance?: AppInstance;
}) => {
  const b = props.backtest;
  return (
    <>
      <Grid container spacing={2}>
        <Total
          label="assigned then"
          value={String(b.assignedUsers)}
          testId="backtest-assigned"
        />
        <Total
          label="exempt"
          value={String(b.exemptUsers)}
          testId="backtest-exempt"
        />
        <Total
          label="would have changed"
          value={String(b.total)}
          testId="backtest-affected"
        />
        <Total
          label="would-be regrets (signed in again)"
          value={String(b.wouldBeRegrets)}
          testId="backtest-regrets"
        />
        <Total
          label="monthly saving"
          value={money(b.monthlySaving)}
          testId="backtest-saving"
        />
      </Grid>
      <Typography variant="caption" component="p">
        As of the end of <Timestamp value={dayTime(b.asOf)} />, over the
        assignments held then and the sign-ins up to then; savings at today's
        tier prices. Activity is kept since{' '}
        <Timestamp value={dayTime(b.historyStart)} />.
      </Typography>
      <Box mt={2}>
        {b.entries.length ? (
          <DataTable
            title={
              b.total > b.entries.length
                ? `People it would have changed (first ${b.entries.length} of ${b.total})`
                : 'People it would have changed'
            }
            options={{
              paging: b.entries.length > 20,
              pageSize: 20,
              search: true,
              padding: 'dense',
            }}
            columns={columns(props.instance)}
            data={b.entries}
          />
        ) : (
          <EmptyState
            missing="data"
            title="Nobody would have been changed"
            description="No one assigned then matched a rule (or they were exempt)."
          />
        )}
      </Box>
    </>
  );
};

/** The field a refusal is about ("asOf: …", "daysAgo: …"), and what it says. */
function fieldError(error: Error | undefined) {
  const message = (error as { body?: { error?: { message?: string } } })?.body
    ?.error?.message;
  const m = /^(asOf|daysAgo): (.*)$/s.exec(message ?? '');
  return m ? { field: m[1], text: m[2] } : undefined;
}

/**
 * Beside the preview: the workflow as edited (or saved), run as of 30, 60
 * or 90 days ago or a chosen day, with whom it would have changed, who of
 * them signed in again afterwards, and the savings.
 */
export const BacktestPanel = (props: {
  instanceId: string;
  instance?: AppInstance;
  definition?: WorkflowDefinition;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const [day, setDay] = useState('');
  const [state, run] = useAsyncFn(
    async (choice: Choice) =>
      api.backtestWorkflow(props.instanceId, {
        ...choice,
        definition: props.definition && cleanDefinition(props.definition),
        limit: LIMIT,
      }),
    [api, props.instanceId, props.definition],
  );
  if (!props.definition) return null;
  const refused = fieldError(state.error);
  return (
    <InfoCard title="Backtest: what it would have done in the past">
      <Box display="flex" flexWrap="wrap" alignItems="flex-start" mb={2}>
        <Box mr={2} mb={1}>
          <ButtonGroup variant="outlined" aria-label="Backtest as of">
            {DAYS_AGO.map(n => (
              <Button
                key={n}
                disabled={state.loading}
                onClick={() => run({ daysAgo: n })}
              >
                {n} days ago
              </Button>
            ))}
          </ButtonGroup>
        </Box>
        <Box mr={1} mb={1}>
          <TextField
            id="backtest-day"
            label="Or a day"
            type="date"
            size="small"
            variant="outlined"
            value={day}
            onChange={e => setDay(e.target.value)}
            InputLabelProps={{ shrink: true }}
            error={Boolean(refused)}
            helperText={
              refused?.text ?? 'The workflow runs as of its end (UTC)'
            }
          />
        </Box>
        <Button
          variant="contained"
          color="primary"
          disabled={state.loading || !day}
          onClick={() => run({ asOf: day })}
        >
          Run backtest
        </Button>
      </Box>
      {state.loading && <Progress />}
      {state.error && !refused && <ResponseErrorPanel error={state.error} />}
      {!state.loading && state.value && (
        <BacktestResult backtest={state.value} instance={props.instance} />
      )}
    </InfoCard>
  );
};
