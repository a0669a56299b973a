import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  WorkflowAction,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Grid from '@material-ui/core/Grid';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { errorMessage } from '../../util/errorMessage';
import { day, money, refName, when } from '../../util/format';
import { plannedOutcome } from '../PreviewPanel/PreviewPanel';
import { ActionCounts } from '../RunProgress/RunProgress';
import { actionStatusLabel, RunStatusChip } from '../StatusChip/StatusChip';
import { LineChart } from './LineChart';

const person = (a: WorkflowAction) => a.displayName ?? a.email ?? a.oktaUserId;

/** Open suggestions, accepted or dismissed one by one or in bulk. */
export const Suggestions = (props: {
  instanceId: string;
  onDecided: () => void;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const list = useAsyncRetry(
    () =>
      api.listActions({
        instanceId: props.instanceId,
        statuses: ['suggested'],
        limit: 500,
      }),
    [api, props.instanceId],
  );
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const decide = async (ids: string[], decision: 'accept' | 'dismiss') => {
    setBusy(true);
    try {
      const { changed, unchanged } = await api.decideSuggestions(ids, decision);
      const verb = decision === 'accept' ? 'Accepted' : 'Dismissed';
      alertApi.post({
        message: `${verb} ${changed.length} suggestion${
          changed.length === 1 ? '' : 's'
        }${
          unchanged.length
            ? `; ${unchanged.length} had already been decided`
            : ''
        }`,
        severity: unchanged.length ? 'warning' : 'success',
        display: 'transient',
      });
      setSelected(s => s.filter(id => !ids.includes(id)));
      list.retry();
      props.onDecided();
    } catch (e) {
      alertApi.post({ message: errorMessage(e), severity: 'error' });
    } finally {
      setBusy(false);
    }
  };

  if (list.loading && !list.value) return <Progress />;
  if (list.error) return <ResponseErrorPanel error={list.error} />;
  const items = list.value?.items ?? [];
  if (!items.length) {
    return (
      <Typography variant="body2" data-testid="no-suggestions">
        No open suggestions.
      </Typography>
    );
  }
  const all = items.map(i => i.id);
  const allSelected = selected.length === all.length;
  return (
    <div data-testid="suggestions">
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
        <Typography variant="body2" style={{ flexGrow: 1 }}>
          {list.value!.total} open suggestion
          {list.value!.total === 1 ? '' : 's'}
          {selected.length ? `, ${selected.length} selected` : ''}
        </Typography>
        <Button
          variant="contained"
          color="primary"
          disabled={busy || !selected.length}
          onClick={() => decide(selected, 'accept')}
        >
          Accept selected
        </Button>
        <Button
          variant="outlined"
          disabled={busy || !selected.length}
          onClick={() => decide(selected, 'dismiss')}
        >
          Dismiss selected
        </Button>
      </Box>
      <MuiTable size="small">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <Checkbox
                inputProps={{ 'aria-label': 'Select all suggestions' }}
                checked={allSelected}
                indeterminate={selected.length > 0 && !allSelected}
                onChange={() => setSelected(allSelected ? [] : all)}
              />
            </TableCell>
            <TableCell>Person</TableCell>
            <TableCell>Suggested change</TableCell>
            <TableCell>Last sign-in</TableCell>
            <TableCell align="right">Monthly saving</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(a => (
            <TableRow key={a.id}>
              <TableCell padding="checkbox">
                <Checkbox
                  inputProps={{ 'aria-label': `Select ${person(a)}` }}
                  checked={selected.includes(a.id)}
                  onChange={e =>
                    setSelected(s =>
                      e.target.checked
                        ? [...s, a.id]
                        : s.filter(id => id !== a.id),
                    )
                  }
                />
              </TableCell>
              <TableCell>{person(a)}</TableCell>
              <TableCell>
                {plannedOutcome({ action: a.action, toTier: a.toTier })}
                {a.fromTier ? ` (from ${a.fromTier})` : ''}
              </TableCell>
              <TableCell>{day(a.lastSignIn)}</TableCell>
              <TableCell align="right">{money(a.monthlySaving)}</TableCell>
              <TableCell align="right">
                <Button
                  size="small"
                  color="primary"
                  disabled={busy}
                  aria-label={`Accept for ${person(a)}`}
                  onClick={() => decide([a.id], 'accept')}
                >
                  Accept
                </Button>
                <Button
                  size="small"
                  disabled={busy}
                  aria-label={`Dismiss for ${person(a)}`}
                  onClick={() => decide([a.id], 'dismiss')}
                >
                  Dismiss
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </MuiTable>
    </div>
  );
};

const actionColumns: TableColumn<WorkflowAction>[] = [
  { title: 'Person', render: a => person(a) },
  { title: 'Rule', render: a => a.rule + 1 },
  {
    title: 'Change',
    render: a =>
      `${plannedOutcome({ action: a.action, toTier: a.toTier })}${
        a.fromTier ? ` (from ${a.fromTier})` : ''
      }`,
  },
  { title: 'Status', render: a => actionStatusLabel(a.status) },
  {
    title: 'Monthly saving',
    type: 'numeric',
    render: a => money(a.monthlySaving),
  },
  { title: 'Detail', field: 'detail' },
  { title: 'Updated', render: a => when(a.updatedAt) },
];

/** What one run did, person by person. */
export const RunActions = (props: { run: WorkflowRun }) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const actions = useAsyncRetry(
    () => api.listActions({ runId: props.run.id, limit: 1000 }),
    [api, props.run.id, props.run.finished, props.run.status],
  );
  if (actions.loading && !actions.value) return <Progress />;
  if (actions.error) return <ResponseErrorPanel error={actions.error} />;
  const { items = [], total = 0 } = actions.value ?? {};
  return (
    <Table
      title={`Actions of the run started ${when(props.run.startedAt)}${
        total > items.length ? ` (first ${items.length} of ${total})` : ''
      }`}
      options={{
        paging: items.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
      columns={actionColumns}
      data={items}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">This run acted on nobody.</Typography>
        </Box>
      }
    />
  );
};

/**
 * The results of an instance's workflow: licenses provisioned and users
 * engaged over time, actions, savings, runs and open suggestions.
 */
export const ResultsPanel = (props: {
  instanceId: string;
  /** Changes when something happened that the results should show. */
  refreshKey?: unknown;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const theme = useTheme();
  const results = useAsyncRetry(
    () => api.getResults(props.instanceId),
    [api, props.instanceId, props.refreshKey],
  );
  const [shownRun, setShownRun] = useState<string>();

  if (results.loading && !results.value) return <Progress />;
  if (results.error) return <ResponseErrorPanel error={results.error} />;
  const r = results.value!;
  const run = r.runs.find(x => x.id === shownRun);
  const runColumns: TableColumn<WorkflowRun>[] = [
    { title: 'Started', render: x => when(x.startedAt) },
    {
      title: 'Run',
      render: x =>
        `${x.trigger === 'manual' ? 'By hand' : 'Scheduled'}${
          x.dryRun ? ', dry run' : ''
        }${x.mode === 'suggest' ? ', suggestions' : ''}`,
    },
    { title: 'Status', render: x => <RunStatusChip status={x.status} /> },
    { title: 'Finished', render: x => `${x.finished}/${x.total}` },
    { title: 'Actions', render: x => <ActionCounts counts={x.counts} /> },
    { title: 'By', render: x => refName(x.actor) },
    {
      title: '',
      render: x => (
        <Button
          size="small"
          onClick={() => setShownRun(shownRun === x.id ? undefined : x.id)}
        >
          {shownRun === x.id ? 'Hide actions' : 'Show actions'}
        </Button>
      ),
    },
  ];
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <InfoCard title="Licenses provisioned and users engaged">
          {r.series.length ? (
            <LineChart
              title="Licenses provisioned and users engaged (signed in within 30 days), per day"
              labels={r.series.map(p => p.day)}
              series={[
                {
                  name: 'Licenses provisioned',
                  color: theme.palette.primary.main,
                  values: r.series.map(p => p.provisioned),
                },
                {
                  name: 'Users engaged',
                  color: theme.palette.secondary.main,
                  values: r.series.map(p => p.engaged),
                },
              ]}
            />
          ) : (
            <Typography variant="body2">
              No history yet: it fills as the inventory is synced and activity
              is ingested.
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="So far">
          <Typography variant="h4" data-testid="results-saving">
            {money(r.monthlySaving)}
          </Typography>
          <Typography variant="body2" color="textSecondary" paragraph>
            saved per month by the changes made
          </Typography>
          <Typography variant="h4" data-testid="results-suggestions">
            {r.openSuggestions}
          </Typography>
          <Typography variant="body2" color="textSecondary" paragraph>
            open suggestions
          </Typography>
          <Typography variant="subtitle2" gutterBottom>
            Actions
          </Typography>
          <div data-testid="results-actions">
            <ActionCounts counts={r.actions} />
          </div>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Open suggestions">
          <Suggestions
            instanceId={props.instanceId}
            onDecided={results.retry}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {r.runs.length ? (
          <Table
            title="Runs"
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={runColumns}
            data={r.runs}
          />
        ) : (
          <EmptyState
            missing="data"
            title="No run yet"
            description="Runs appear here once the workflow runs on its schedule or you run it once."
          />
        )}
      </Grid>
      {run && (
        <Grid item xs={12}>
          <RunActions run={run} />
        </Grid>
      )}
    </Grid>
  );
};
