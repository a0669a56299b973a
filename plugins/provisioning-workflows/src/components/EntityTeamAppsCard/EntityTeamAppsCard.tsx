import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import { TeamAppUsage } from '@internal/plugin-provisioning-workflows-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { DataTable } from '../DataTable/DataTable';

const TITLE = 'Apps this team uses';

/** "Salesforce", or "Salesforce · Sandbox" when the instance has its own label. */
function appLabel(row: TeamAppUsage): string {
  if (row.instanceLabel === row.appName) return row.appName;
  const rest = row.instanceLabel.startsWith(row.appName)
    ? row.instanceLabel.slice(row.appName.length).trim()
    : row.instanceLabel;
  return rest ? `${row.appName} · ${rest}` : row.appName;
}

/** "8 seats", "1 seat". */
const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * The card of a catalog Group page: the apps the team's direct members
 * hold, per tier (lowest first), with the seats they hold and how many of
 * them signed in within 30 days. Renders nothing for a caller who may not
 * see the team's apps (only its members and admins may).
 *
 * @public
 */
export function EntityTeamAppsCard() {
  const { entity } = useEntity();
  const api = useApi(provisioningWorkflowsApiRef);
  // The group's ref, as the catalog writes it (group:default/platform-engineering).
  const entityRef = `${entity.kind.toLocaleLowerCase('en-US')}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;
  const usage = useAsync(() => api.getTeamUsage(entityRef), [api, entityRef]);

  if (usage.error) {
    if (ResponseError.is(usage.error) && usage.error.response.status === 403) {
      return null;
    }
    return (
      <InfoCard title={TITLE}>
        <ResponseErrorPanel error={usage.error} />
      </InfoCard>
    );
  }
  if (usage.loading || !usage.value) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  const { items, members } = usage.value;
  const seats = items.reduce((sum, i) => sum + i.seats, 0);
  return (
    <InfoCard
      title={TITLE}
      subheader={`${count(members, 'member')}, ${count(
        seats,
        'seat',
      )} held · active: signed in within 30 days`}
      noPadding
    >
      {items.length === 0 ? (
        <Typography variant="body2" style={{ padding: 16 }}>
          No one in this team holds a license of an app in the inventory. Apps
          appear here after the next inventory sync from Okta.
        </Typography>
      ) : (
        <DataTable<TeamAppUsage & { id: string }>
          options={{
            paging: items.length > 10,
            pageSize: 10,
            search: items.length > 10,
            toolbar: items.length > 10,
            padding: 'dense',
          }}
          data={items.map(i => ({ ...i, id: `${i.instanceId}|${i.tier}` }))}
          columns={[
            {
              title: 'App',
              field: 'appName',
              render: row => appLabel(row),
              customSort: (a, b) => appLabel(a).localeCompare(appLabel(b)),
            },
            {
              title: 'Tier',
              field: 'tierDisplayName',
              sorting: false,
              render: row => row.tierDisplayName ?? 'No tier',
            },
            {
              title: 'Seats',
              field: 'seats',
              type: 'numeric',
            },
            {
              title: 'Active users',
              field: 'activeUsers',
              type: 'numeric',
              render: row => `${row.activeUsers} of ${row.seats}`,
            },
          ]}
        />
      )}
    </InfoCard>
  );
}
