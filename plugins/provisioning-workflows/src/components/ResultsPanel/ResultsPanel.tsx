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
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { money } from '../../util/format';
import { MODE_LABELS, RUN_TRIGGER_LABELS } from '../../util/labels';
import { DataTable } from '../DataTable/DataTable';
import { Person } from '../Person/Person';
import { ActionCounts } from '../RunProgress/RunProgress';
import { RunStatusChip } from '../StatusChip/StatusChip';
import { Timestamp } from '../Timestamp/Timestamp';
import { RegretTable } from './RegretTable';
import { ResultsChart } from './ResultsChart';
import { RunActions } from './RunActions';
import { Suggestions } from './Suggestions';

/** "By hand, dry run", "Scheduled, suggestions". */
export const runKind = (x: WorkflowRun) =>
  [
    RUN_TRIGGER_LABELS[x.trigger] ?? x.trigger,
    x.dryRun ? 'dry run' : '',
    x.mode === 'suggest' ? MODE_LABELS.suggest.toLowerCase() : '',
  ]
    .filter(Boolean)
    .join(', ');

/** The run whose actions are shown, kept in the URL (`run`) so that a link opens it. */
function useShownRun(): [string | undefined, (id?: string) => void] {
  const [params, setParams] = useSearchParams();
  const show = (id?: string) => {
    const next = new URLSearchParams(params);
    if (id) next.set('run', id);
    else next.delete('run');
    setParams(next, { replace: true });
  };
  return [params.get('run') ?? undefined, show];
}

/**
 * The results of an instance's workflow: licenses provisioned and users
 * engaged over time, actions, savings, runs and open suggestions.
 */
export const ResultsPanel = (props: {
  instanceId: string;
  /** For tier names and who may decide suggestions. */
  instance?: AppInstance;
  /** Changes when something happened that the results should show. */
  refreshKey?: unknown;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const results = useAsyncRetry(
    () => api.getResults(props.instanceId),
    [api, props.instanceId, props.refreshKey],
  );
  const [shownRun, setShownRun] = useShownRun();

  if (results.loading && !results.value) return <Progress />;
  if (results.error) return <ResponseErrorPanel error={results.error} />;
  const r = results.value!;
  const run = r.runs.find(x => x.id === shownRun);
  const runColumns: TableColumn<WorkflowRun>[] = [
    { title: 'Started', render: x => <Timestamp value={x.startedAt} /> },
    { title: 'Run', render: runKind },
    { title: 'Status', render: x => <RunStatusChip status={x.status} /> },
    { title: 'Finished', render: x => `${x.finished} of ${x.total}` },
    { title: 'Actions', render: x => <ActionCounts counts={x.counts} /> },
    { title: 'By', render: x => <Person entityRef={x.actor} /> },
    {
      title: 'Details',
      render: x => (
        <Button
          size="small"
          aria-pressed={shownRun === x.id}
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
            <ResultsChart
              title="Licenses provisioned and users engaged (signed in within 30 days), per day"
              series={r.series}
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
          <Typography variant="body2" paragraph>
            saved per month by the changes made
          </Typography>
          <Typography variant="h4" data-testid="results-suggestions">
            {r.openSuggestions}
          </Typography>
          <Typography variant="body2" paragraph>
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
        <RegretTable regret={r.regret} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Open suggestions">
          <Suggestions
            instanceId={props.instanceId}
            instance={props.instance}
            onDecided={results.retry}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {r.runs.length ? (
          <DataTable
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
          <RunActions run={run} instance={props.instance} />
        </Grid>
      )}
    </Grid>
  );
};
