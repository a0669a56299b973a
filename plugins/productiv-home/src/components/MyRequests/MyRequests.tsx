import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { useRequestUpdates } from '../../hooks/useRequestUpdates';
import { byText } from '../RequestHistory/eventText';
import { RequestStatusChip } from '../RequestStatusChip/RequestStatusChip';

/** The employee's requests with live status and history. */
export const MyRequests = () => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const requests = useAsyncRetry(() => api.listMyRequests(), [api]);
  useRequestUpdates(requests.retry);

  const cancel = async (r: AccessRequest) => {
    try {
      await api.cancel(r.id);
      requests.retry();
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    }
  };

  const columns: TableColumn<AccessRequest>[] = [
    { title: 'App', field: 'appKey' },
    { title: 'Tier', field: 'tier' },
    {
      title: 'Status',
      render: r => <RequestStatusChip status={r.status} level={r.level} />,
    },
    { title: 'Requested', render: r => new Date(r.createdAt).toLocaleString() },
    {
      title: 'History',
      render: r => (
        <Typography variant="caption" component="div">
          {r.history.map((h, i) => (
            <div key={i}>
              {new Date(h.at).toLocaleString()}: {h.type.replace('-', ' ')}
              {byText(h)}
              {h.comment && h.type !== 'approval-requested'
                ? ` (${h.comment})`
                : ''}
            </div>
          ))}
        </Typography>
      ),
    },
    {
      title: '',
      render: r =>
        r.status === 'pending_approval' ? (
          <Button size="small" onClick={() => cancel(r)}>
            Cancel
          </Button>
        ) : null,
    },
  ];

  if (requests.loading && !requests.value) return <Progress />;
  if (requests.error) return <ResponseErrorPanel error={requests.error} />;
  if (!requests.value?.length) {
    return (
      <EmptyState
        missing="data"
        title="No requests yet"
        description="Request an app from the Apps tab."
      />
    );
  }
  return (
    <Table
      title="My requests"
      options={{ paging: false, search: false }}
      columns={columns}
      data={requests.value}
    />
  );
};
