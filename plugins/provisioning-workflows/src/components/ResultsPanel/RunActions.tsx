import {
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  AppInstance,
  WorkflowAction,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { money } from '../../util/format';
import { DataTable } from '../DataTable/DataTable';
import { actionStatusLabel } from '../StatusChip/StatusChip';
import { TextWithTimes } from '../Timestamp/TextWithTimes';
import { absoluteTime, Timestamp } from '../Timestamp/Timestamp';
import { changeOf, person } from './Suggestions';

const actionColumns = (
  instance?: Pick<AppInstance, 'tiers'>,
): TableColumn<WorkflowAction>[] => [
  { title: 'Person', render: a => person(a) },
  { title: 'Rule', render: a => a.rule + 1 },
  { title: 'Change', render: a => changeOf(a, instance) },
  { title: 'Status', render: a => actionStatusLabel(a.status) },
  {
    title: 'Monthly saving',
    type: 'numeric',
    render: a => money(a.monthlySaving),
  },
  { title: 'Detail', render: a => <TextWithTimes text={a.detail} /> },
  { title: 'Updated', render: a => <Timestamp value={a.updatedAt} /> },
];

/** What one run did, person by person. */
export const RunActions = (props: {
  run: WorkflowRun;
  instance?: Pick<AppInstance, 'tiers'>;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const actions = useAsyncRetry(
    () => api.listActions({ runId: props.run.id, limit: 1000 }),
    [api, props.run.id, props.run.finished, props.run.status],
  );
  if (actions.loading && !actions.value) return <Progress />;
  if (actions.error) return <ResponseErrorPanel error={actions.error} />;
  const { items = [], total = 0 } = actions.value ?? {};
  return (
    <DataTable
      title={`Actions of the run started ${absoluteTime(
        new Date(props.run.startedAt),
      )}${total > items.length ? ` (first ${items.length} of ${total})` : ''}`}
      options={{
        paging: items.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
      columns={actionColumns(props.instance)}
      data={items}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">This run acted on nobody.</Typography>
        </Box>
      }
    />
  );
};
