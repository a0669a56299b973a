import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { useLocation, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { useRequestUpdates } from '../../hooks/useRequestUpdates';
import { DataTable } from '../DataTable/DataTable';
import { CancelRequest } from '../RequestPage/CancelRequest';
import { AppDirectory } from '../RequestPage/names';
import { People } from '../RequestPage/Person';
import { RequestPage } from '../RequestPage/RequestPage';
import { useAppDirectory } from '../RequestPage/useAppDirectory';
import { RequestStatusChip } from '../RequestStatusChip/RequestStatusChip';
import { Timestamp } from '../Timestamp/Timestamp';

/** A row of the list: the request with the names its columns show and search. */
type Row = AccessRequest & { appName: string; tierName: string; href: string };

/**
 * Who the request is with: the approvers it waits on, or those of the last
 * level asked.
 */
function askedOf(r: AccessRequest): string[] {
  const level = r.level ?? Math.max(0, ...r.approvals.map(a => a.level));
  return r.approvals.filter(a => a.level === level).map(a => a.approver);
}

const RequestList = (props: {
  requests: AccessRequest[];
  apps: AppDirectory;
  linkTo: (id: string) => string;
  onChanged: () => void;
}) => {
  const { apps } = props;
  const rows: Row[] = props.requests.map(r => ({
    ...r,
    appName: apps.appName(r),
    tierName: apps.tierName(r),
    href: props.linkTo(r.id),
  }));
  const columns: TableColumn<Row>[] = [
    {
      title: 'App',
      field: 'appName',
      render: r => <Link to={r.href}>{r.appName}</Link>,
    },
    { title: 'Tier', field: 'tierName' },
    {
      title: 'Status',
      field: 'status',
      render: r => (
        <RequestStatusChip status={r.status} level={r.level} kind={r.kind} />
      ),
    },
    {
      title: 'Asked to approve',
      sorting: false,
      render: r => (
        <People refs={askedOf(r)} none="nobody (no approval needed)" />
      ),
    },
    {
      title: 'Requested',
      field: 'createdAt',
      defaultSort: 'desc',
      render: r => <Timestamp value={r.createdAt} />,
    },
    {
      title: 'Last change',
      field: 'updatedAt',
      render: r => <Timestamp value={r.updatedAt} />,
    },
    {
      title: '',
      render: r =>
        r.status === 'pending_approval' ? (
          <CancelRequest
            small
            request={r}
            title={`${r.appName} · ${r.tierName}`}
            onCancelled={props.onChanged}
          />
        ) : null,
    },
  ];
  return (
    <DataTable<Row>
      title="My requests"
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
      columns={columns}
      data={rows}
    />
  );
};

/**
 * The employee's requests with live status, each linking to its page; with
 * `?request=<id>` in the URL, that request's page instead of the list.
 */
export const MyRequests = () => {
  const api = useApi(productivHomeApiRef);
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const requestId = params.get('request');
  const requests = useAsyncRetry(
    async () => (requestId ? undefined : api.listMyRequests()),
    [api, requestId],
  );
  useRequestUpdates(requests.retry);
  const { apps } = useAppDirectory();

  const linkTo = (id?: string) => {
    const next = new URLSearchParams(params);
    next.set('tab', 'requests');
    if (id) next.set('request', id);
    else next.delete('request');
    return `${pathname}?${next}`;
  };

  if (requestId) return <RequestPage id={requestId} backTo={linkTo()} />;
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
    <RequestList
      requests={requests.value}
      apps={apps}
      linkTo={linkTo}
      onChanged={requests.retry}
    />
  );
};
