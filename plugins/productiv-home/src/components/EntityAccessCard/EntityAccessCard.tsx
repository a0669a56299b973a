import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  HeldAccess,
  PersonPendingRequest,
} from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { productivHomeApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { DataTable } from '../DataTable/DataTable';
import { People } from '../RequestPage/Person';
import { RequestStatusChip } from '../RequestStatusChip/RequestStatusChip';
import { Timestamp } from '../Timestamp/Timestamp';

const TITLE = 'Access';

/** "90 days", or "Permanent" for a request without an end. */
export function accessLength(days?: number): string {
  if (days === undefined) return 'Permanent';
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** What a request waits on, as a person reads it. */
function WaitingOn(props: { request: PersonPendingRequest }) {
  const { request } = props;
  if (request.status === 'pending_approval')
    return <People refs={request.waitingOn.map(w => w.entityRef)} />;
  if (request.ticket?.externalId) {
    const label = `IT (ticket ${request.ticket.externalId})`;
    return request.ticket.externalUrl ? (
      <Link to={request.ticket.externalUrl}>{label}</Link>
    ) : (
      <>{label}</>
    );
  }
  return <>{request.status === 'fulfilling' ? 'Set-up' : 'Fulfillment'}</>;
}

const smallTable = (rows: number) => ({
  paging: rows > 10,
  pageSize: 10,
  search: false,
  toolbar: false,
  padding: 'dense' as const,
});

/**
 * The card of catalog User pages: what the person holds (app, tier, since,
 * last sign-in) and their open requests (status, whom they wait on, a link
 * to each). Only the person, their manager and the Productiv admins see
 * it; for anyone else it renders nothing.
 *
 * @public
 */
export function EntityAccessCard() {
  const { entity } = useEntity();
  const api = useApi(productivHomeApiRef);
  const root = useRouteRef(rootRouteRef);
  // The user's ref, as the catalog writes it (user:default/emma.jones).
  const entityRef = `${entity.kind.toLocaleLowerCase('en-US')}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;
  const state = useAsync(
    () => api.getPersonAccess(entityRef),
    [api, entityRef],
  );

  if (state.error) {
    if (ResponseError.is(state.error) && state.error.response.status === 403)
      return null;
    return (
      <InfoCard title={TITLE}>
        <ResponseErrorPanel error={state.error} />
      </InfoCard>
    );
  }
  if (state.loading || !state.value) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  const { holdings, pending } = state.value;
  const requestHref = (id: string) =>
    `${root()}?${new URLSearchParams({ tab: 'requests', request: id })}`;
  const timeBound = pending.some(p => p.accessDays !== undefined);

  const heldColumns: TableColumn<HeldAccess & { id: string }>[] = [
    { title: 'App', field: 'appName' },
    {
      title: 'Tier',
      field: 'tierName',
      render: r => r.tierName ?? 'No tier (assigned directly)',
    },
    {
      title: 'Since',
      field: 'since',
      render: r => <Timestamp value={r.since} />,
    },
    {
      title: 'Last sign-in',
      field: 'lastSignIn',
      render: r => <Timestamp value={r.lastSignIn} empty="Never" />,
    },
  ];
  const pendingColumns: TableColumn<PersonPendingRequest>[] = [
    {
      title: 'App',
      field: 'appName',
      render: r => <Link to={requestHref(r.id)}>{r.appName}</Link>,
    },
    { title: 'Tier', field: 'tierName' },
    {
      title: 'Status',
      field: 'status',
      render: r => <RequestStatusChip status={r.status} kind={r.kind} />,
    },
    {
      title: 'Waiting on',
      sorting: false,
      render: r => <WaitingOn request={r} />,
    },
    ...(timeBound
      ? [
          {
            title: 'Access for',
            field: 'accessDays',
            render: (r: PersonPendingRequest) => accessLength(r.accessDays),
          },
        ]
      : []),
    {
      title: 'Asked',
      field: 'createdAt',
      render: r => <Timestamp value={r.createdAt} />,
    },
  ];

  return (
    <InfoCard title={TITLE} noPadding>
      <Typography variant="subtitle2" component="h3" style={{ padding: 16 }}>
        Holds
      </Typography>
      {!holdings && (
        <Typography variant="body2" style={{ padding: '0 16px 16px' }}>
          What this person holds cannot be read right now: the app inventory
          (license automation) did not answer. Try again in a few minutes.
        </Typography>
      )}
      {holdings && holdings.length === 0 && (
        <Typography variant="body2" style={{ padding: '0 16px 16px' }}>
          No app licenses in Okta yet.
        </Typography>
      )}
      {holdings && holdings.length > 0 && (
        <DataTable
          options={smallTable(holdings.length)}
          data={holdings.map((h, i) => ({ ...h, id: `${h.instanceId}-${i}` }))}
          columns={heldColumns}
        />
      )}
      <Typography variant="subtitle2" component="h3" style={{ padding: 16 }}>
        Open requests
      </Typography>
      {pending.length === 0 ? (
        <Typography variant="body2" style={{ padding: '0 16px 16px' }}>
          No open requests.
        </Typography>
      ) : (
        <DataTable
          options={smallTable(pending.length)}
          data={pending}
          columns={pendingColumns}
        />
      )}
    </InfoCard>
  );
}
