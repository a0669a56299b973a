import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Run } from '@internal/plugin-provisioning-workflows-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';

const columns: TableColumn<Run>[] = [
  { title: 'Kind', field: 'kind' },
  { title: 'Status', field: 'status' },
  { title: 'Started', field: 'startedAt' },
  { title: 'Finished', field: 'finishedAt' },
  {
    title: 'Stats',
    render: run =>
      Object.entries(run.stats)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', '),
  },
  { title: 'Error', field: 'error' },
];

/** Admin view of license automation: sync and ingest runs, people not matched. */
export const AutomationContent = () => {
  const api = useApi(provisioningWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const [starting, setStarting] = useState<string>();
  const runs = useAsyncRetry(() => api.listRuns(), [api]);
  const unmatched = useAsyncRetry(() => api.getUnmatchedPeople(), [api]);
  const running = runs.value?.some(r => r.status === 'running');
  // Follow progress while something runs.
  useInterval(runs.retry, running || starting ? 2000 : null);

  const start = async (kind: 'inventory' | 'activity') => {
    setStarting(kind);
    try {
      await api.startSync(kind);
      alertApi.post({
        message: `Started the ${kind} sync`,
        severity: 'info',
        display: 'transient',
      });
      setTimeout(() => {
        runs.retry();
        unmatched.retry();
        setStarting(undefined);
      }, 1500);
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
      setStarting(undefined);
    }
  };

  if (runs.loading && !runs.value) return <Progress />;
  if (runs.error) return <ResponseErrorPanel error={runs.error} />;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Button
          variant="contained"
          color="primary"
          disabled={!!starting}
          onClick={() => start('inventory')}
          style={{ marginRight: 8 }}
        >
          Sync inventory now
        </Button>
        <Button
          variant="outlined"
          disabled={!!starting}
          onClick={() => start('activity')}
        >
          Ingest activity now
        </Button>
      </Grid>
      {unmatched.value && (
        <Grid item xs={12}>
          <InfoCard title="People matching">
            <Typography variant="body2" data-testid="unmatched">
              {unmatched.value.catalogOnly.length} in the catalog but not in
              Okta
              {unmatched.value.catalogOnly.length
                ? ` (${unmatched.value.catalogOnly
                    .map(p => p.email)
                    .join(', ')})`
                : ''}
              ; {unmatched.value.oktaOnly.length} in Okta but not in the catalog
              {unmatched.value.oktaOnly.length
                ? ` (${unmatched.value.oktaOnly.map(p => p.email).join(', ')})`
                : ''}
              .
            </Typography>
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12}>
        {runs.value?.length ? (
          <Table
            title="Sync and ingest runs"
            options={{ paging: false, search: false }}
            columns={columns}
            data={runs.value}
          />
        ) : (
          <EmptyState
            missing="data"
            title="No sync has run yet"
            description="Runs of the Okta inventory sync and the SSO activity ingest appear here once they start."
          />
        )}
      </Grid>
    </Grid>
  );
};
