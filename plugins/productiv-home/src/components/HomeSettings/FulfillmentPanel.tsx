import {
  Link,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { DataTable } from '../DataTable/DataTable';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { providerName } from '../RequestPage/fulfillment';
import { requestTitle, serverMessage } from '../RequestPage/names';
import { Person } from '../RequestPage/Person';
import { useAppDirectory } from '../RequestPage/useAppDirectory';
import { RequestStatusChip } from '../RequestStatusChip/RequestStatusChip';

/** The failure reason, the ticket (with its link), or that it is underway. */
const WhereItStands = ({ request: r }: { request: AccessRequest }) => {
  if (r.status === 'failed') {
    return (
      <Typography variant="body2" color="error">
        {r.fulfillment?.failureReason ?? 'Failed'}
      </Typography>
    );
  }
  const ticket = r.fulfillment?.externalId;
  if (!ticket) return <>Being granted</>;
  const label = `${providerName(
    r.fulfillment?.provider ?? 'ticketing',
  )} ticket ${ticket}`;
  return r.fulfillment?.externalUrl ? (
    <Link to={r.fulfillment.externalUrl}>{label}</Link>
  ) : (
    <>{label}</>
  );
};

/**
 * Requests on their way to access, for admins: those waiting on a ticket or
 * on Okta, and those that failed, with the reason and a Retry once fixed.
 */
export const FulfillmentPanel = () => {
  const api = useApi(productivHomeApiRef);
  const alerts = useApi(alertApiRef);
  const [retrying, setRetrying] = useState<string>();
  const { apps } = useAppDirectory();
  const requests = useAsyncRetry(
    () => api.listAllRequests({ status: ['failed', 'fulfilling'] }),
    [api],
  );

  const retry = async (r: AccessRequest) => {
    setRetrying(r.id);
    try {
      await api.retryRequest(r.id);
      alerts.post({
        message: `${requestTitle(apps, r)} goes to fulfillment again`,
        severity: 'success',
        display: 'transient',
      });
      requests.retry();
    } catch (error) {
      alerts.post({
        message: serverMessage(error),
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setRetrying(undefined);
    }
  };

  if (requests.error) return <ResponseErrorPanel error={requests.error} />;
  const columns: TableColumn<AccessRequest>[] = [
    { title: 'Person', render: r => <Person entityRef={r.requester} /> },
    { title: 'App', render: r => requestTitle(apps, r) },
    { title: 'Status', render: r => <RequestStatusChip status={r.status} /> },
    { title: 'Where it stands', render: r => <WhereItStands request={r} /> },
    {
      title: '',
      render: r =>
        r.status === 'failed' && (
          <Button
            size="small"
            variant="outlined"
            disabled={retrying === r.id}
            onClick={() => retry(r)}
            aria-label={`Retry ${requestTitle(apps, r)}`}
          >
            Retry
          </Button>
        ),
    },
  ];
  return (
    <DataTable
      title="Fulfillment"
      subtitle="Requests being granted, waiting on a ticket, or failed"
      isLoading={requests.loading}
      options={{ paging: false, search: false }}
      columns={columns}
      data={requests.value ?? []}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          Nothing is waiting: every approved request has been granted.
        </Typography>
      }
    />
  );
};
