import { EmptyState, Link, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { InstanceWorkflowSummary } from '@internal/plugin-provisioning-workflows-common';
import Typography from '@material-ui/core/Typography';
import { instanceRouteRef } from '../../routes';
import { DataTable } from '../DataTable/DataTable';
import { RunStatusChip, WorkflowStatusChip } from '../StatusChip/StatusChip';
import { Timestamp } from '../Timestamp/Timestamp';

/** The app instances an admin manages, with their workflow status. */
export const InstanceList = (props: {
  instances: InstanceWorkflowSummary[];
  onShowInventory?: () => void;
}) => {
  const instanceLink = useRouteRef(instanceRouteRef);
  if (props.instances.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No app instances yet"
        description="App instances appear once the Okta inventory has been synced (Inventory tab), and only for the apps you administer."
      />
    );
  }
  const columns: TableColumn<InstanceWorkflowSummary>[] = [
    {
      title: 'App instance',
      field: 'label',
      highlight: true,
      render: i => (
        <Link to={instanceLink({ instanceId: i.instanceId })}>{i.label}</Link>
      ),
    },
    {
      title: 'Workflow',
      field: 'status',
      render: i => <WorkflowStatusChip status={i.status} />,
    },
    { title: 'Assigned users', field: 'assignedUsers', type: 'numeric' },
    {
      title: 'Last run',
      render: i =>
        i.lastRun ? (
          <>
            <RunStatusChip status={i.lastRun.status} />
            <Typography variant="caption" display="block">
              <Timestamp value={i.lastRun.startedAt} />
              {i.lastRun.dryRun ? ' (dry run)' : ''}
            </Typography>
          </>
        ) : (
          'Never'
        ),
    },
    {
      title: 'Open suggestions',
      field: 'openSuggestions',
      type: 'numeric',
    },
  ];
  return (
    <DataTable
      title="Workflows per app instance"
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={columns}
      data={props.instances}
    />
  );
};
