import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  provisioningWorkflowsManagePermission,
  Run,
  SYNC_RUNS_SIGNAL_CHANNEL,
} from '@internal/plugin-provisioning-workflows-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { errorMessage } from '../../util/errorMessage';
import {
  INVENTORY_RUN_STATUS_LABELS,
  labelOf,
  RUN_KIND_LABELS,
  statsSentence,
} from '../../util/labels';
import { DataTable } from '../DataTable/DataTable';
import { TextWithTimes } from '../Timestamp/TextWithTimes';
import { Timestamp } from '../Timestamp/Timestamp';

const columns: TableColumn<Run>[] = [
  { title: 'Kind', render: run => labelOf(RUN_KIND_LABELS, run.kind) },
  {
    title: 'Status',
    render: run => labelOf(INVENTORY_RUN_STATUS_LABELS, run.status),
  },
  { title: 'Started', render: run => <Timestamp value={run.startedAt} /> },
  {
    title: 'Finished',
    render: run => (
      <Timestamp
        value={run.finishedAt}
        empty={run.status === 'running' ? 'not yet' : '—'}
      />
    ),
  },
  { title: 'What it did', render: run => statsSentence(run.stats) },
  { title: 'Error', render: run => <TextWithTimes text={run.error} /> },
];

const SYNC_NAMES = { inventory: 'inventory sync', activity: 'activity ingest' };

/**
 * The inventory behind license automation: the Okta inventory sync and SSO
 * activity ingest runs (start them now), and the people not matched.
 * `onSynced` is called when a run started here has ended.
 */
export const InventoryPanel = (props: { onSynced?: () => void }) => {
  const { onSynced } = props;
  const api = useApi(provisioningWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed: mayStart } = usePermission({
    permission: provisioningWorkflowsManagePermission,
  });
  // The sync asked for and when: the scheduler starts it within seconds.
  const [pending, setPending] = useState<{ kind: string; since: number }>();
  const runs = useAsyncRetry(() => api.listRuns(), [api]);
  const unmatched = useAsyncRetry(() => api.getUnmatchedPeople(), [api]);
  const running = runs.value?.some(r => r.status === 'running');

  useEffect(() => {
    if (!pending) return;
    const kind =
      pending.kind === 'inventory' ? 'inventory-sync' : 'activity-ingest';
    const done = runs.value?.some(
      r =>
        r.kind === kind &&
        r.status !== 'running' &&
        Date.parse(r.startedAt) >= pending.since - 5000,
    );
    if (done || Date.now() - pending.since > 120_000) {
      setPending(undefined);
      unmatched.retry();
      onSynced?.();
    }
  }, [runs.value, pending, unmatched, onSynced]);

  // Each sync or ingest that starts or ends is a signal; without signals,
  // ask every 2 s while something runs or is about to.
  useLiveRefresh(SYNC_RUNS_SIGNAL_CHANNEL, runs.retry, {
    fallbackMs: 2000,
    poll: Boolean(running || pending),
  });

  const start = async (kind: 'inventory' | 'activity') => {
    try {
      await api.startSync(kind);
      setPending({ kind, since: Date.now() });
      alertApi.post({
        message: `Started the ${SYNC_NAMES[kind]}`,
        severity: 'info',
        display: 'transient',
      });
    } catch (e) {
      alertApi.post({
        message: errorMessage(e),
        severity: 'error',
        display: 'transient',
      });
    }
  };

  if (runs.loading && !runs.value) return <Progress />;
  if (runs.error) return <ResponseErrorPanel error={runs.error} />;

  return (
    <Grid container spacing={3}>
      {mayStart && (
        <Grid item xs={12}>
          <Button
            variant="contained"
            color="primary"
            disabled={!!pending || running}
            onClick={() => start('inventory')}
            style={{ marginRight: 8 }}
          >
            Sync inventory now
          </Button>
          <Button
            variant="outlined"
            disabled={!!pending || running}
            onClick={() => start('activity')}
          >
            Ingest activity now
          </Button>
        </Grid>
      )}
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
          <DataTable
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
