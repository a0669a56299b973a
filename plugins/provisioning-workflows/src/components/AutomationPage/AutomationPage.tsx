import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Run } from '@internal/plugin-provisioning-workflows-common';
import useAsync from 'react-use/esm/useAsync';
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

/** Admin view of license automation: for now the sync and ingest runs. */
export const AutomationContent = () => {
  const api = useApi(provisioningWorkflowsApiRef);
  const { value, loading, error } = useAsync(() => api.listRuns(), [api]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.length) {
    return (
      <EmptyState
        missing="data"
        title="No sync has run yet"
        description="Runs of the Okta inventory sync and the SSO activity ingest appear here once they start."
      />
    );
  }
  return (
    <Table
      title="Sync and ingest runs"
      options={{ paging: false, search: false }}
      columns={columns}
      data={value}
    />
  );
};
