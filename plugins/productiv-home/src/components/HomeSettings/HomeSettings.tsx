import { ResponseErrorPanel, TableColumn } from '@backstage/core-components';
import { DataTable } from '../DataTable/DataTable';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CatalogCandidate, productivHomeApiRef } from '../../api';
import { humanize, serverMessage, tiersOf } from '../RequestPage/names';
import { useAppDirectory } from '../RequestPage/useAppDirectory';
import { AppConfigDialog } from './AppConfigDialog';
import { ConnectorsPanel } from './ConnectorsPanel';
import { DefaultSettings } from './DefaultSettings';
import { FulfillmentPanel } from './FulfillmentPanel';

const newApp = (c: CatalogCandidate): HomeApp => ({
  appKey: c.appKey,
  name: c.name,
  description: '',
  category: 'Other',
  tiers: c.suggestedTiers.length ? c.suggestedTiers : ['standard'],
  owners: [],
  approval: { required: 'everyone', exceptGroups: [], levels: [] },
  fulfillment: c.automatic ? 'automatic' : 'ticket',
});

/** Admin settings of Productiv Home: which apps are offered, and the defaults. */
const APPROVAL_MODES = {
  none: 'No approval',
  default: 'Default approvers',
  manager: 'Manager',
  'app-owner': 'App owner',
  users: 'Named people',
  group: 'A group',
} as const;

/** Who approves an app's requests, level by level: "Manager, then App owner". */
function approvalChain(app: HomeApp): string {
  if (app.approval.required === 'no-one') return APPROVAL_MODES.none;
  if (!app.approval.levels.length) return APPROVAL_MODES.default;
  return app.approval.levels.map(l => APPROVAL_MODES[l.type]).join(', then ');
}

const FULFILLMENT_MODES: Record<HomeApp['fulfillment'], string> = {
  automatic: 'Automatic, through Okta',
  ticket: 'Ticket to IT',
  manual: 'By an admin',
};

export const HomeSettings = () => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const [tab, setTab] = useState<
    'in' | 'out' | 'defaults' | 'fulfillment' | 'connectors'
  >('in');
  const apps = useAsyncRetry(() => api.listApps(), [api]);
  const candidates = useAsyncRetry(() => api.listCandidates(), [api]);
  const { catalog } = useAppDirectory();
  const [editing, setEditing] = useState<{
    app: HomeApp;
    automatic: boolean;
  }>();
  // Read when a dialog opens, so the preview follows Default settings just saved.
  const defaults = useAsync(
    async () => (editing ? await api.getSettings() : undefined),
    [api, editing],
  );

  // The Okta apps to link to, read when a dialog opens (the inventory syncs).
  const instances = useAsync(
    async () => (editing ? api.listInventoryInstances() : undefined),
    [api, editing],
  );

  const refresh = () => {
    apps.retry();
    candidates.retry();
  };
  const remove = async (app: HomeApp) => {
    try {
      await api.removeApp(app.appKey);
      refresh();
    } catch (e) {
      alertApi.post({
        message: serverMessage(e),
        severity: 'error',
        display: 'transient',
      });
    }
  };

  const tiersByApp = new Map(
    (catalog ?? []).map(a => [a.appKey, tiersOf(a).map(t => t.displayName)]),
  );
  const inColumns: TableColumn<HomeApp>[] = [
    { title: 'App', field: 'name' },
    { title: 'Category', field: 'category' },
    {
      title: 'Tiers',
      render: a =>
        (tiersByApp.get(a.appKey) ?? a.tiers.map(humanize)).join(', '),
    },
    { title: 'Approval', render: a => approvalChain(a) },
    { title: 'Fulfillment', render: a => FULFILLMENT_MODES[a.fulfillment] },
    {
      title: '',
      render: a => (
        <>
          <Button
            size="small"
            aria-label={`Edit ${a.name}`}
            onClick={() =>
              setEditing({ app: a, automatic: a.fulfillment === 'automatic' })
            }
          >
            Edit
          </Button>
          <Button
            size="small"
            aria-label={`Remove ${a.name}`}
            onClick={() => remove(a)}
          >
            Remove
          </Button>
        </>
      ),
    },
  ];
  const outColumns: TableColumn<CatalogCandidate>[] = [
    { title: 'App', field: 'name' },
    { title: 'Okta instances', render: c => c.instances.join(', ') },
    {
      title: 'Tiers in Okta',
      render: c => c.suggestedTiers.map(humanize).join(', ') || 'none',
    },
    {
      title: '',
      render: c => (
        <Button
          size="small"
          color="primary"
          aria-label={`Add ${c.name} to Productiv Home`}
          onClick={() => setEditing({ app: newApp(c), automatic: c.automatic })}
        >
          Add to Productiv Home
        </Button>
      ),
    },
  ];

  return (
    <>
      <Tabs
        value={tab}
        onChange={(_e, v) => setTab(v)}
        indicatorColor="primary"
        style={{ marginBottom: 16 }}
      >
        <Tab value="in" label="In Productiv Home" />
        <Tab value="out" label="Not in Productiv Home" />
        <Tab value="defaults" label="Default settings" />
        <Tab value="fulfillment" label="Fulfillment" />
        <Tab value="connectors" label="Connectors" />
      </Tabs>
      {tab === 'in' &&
        (apps.error ? (
          <ResponseErrorPanel error={apps.error} />
        ) : (
          <DataTable
            title="Apps employees can request"
            isLoading={apps.loading}
            options={{ paging: false, search: false }}
            columns={inColumns}
            data={apps.value ?? []}
          />
        ))}
      {tab === 'out' &&
        (candidates.error ? (
          <ResponseErrorPanel error={candidates.error} />
        ) : (
          <DataTable
            title="Apps in Okta not offered yet"
            isLoading={candidates.loading}
            options={{ paging: false, search: false }}
            columns={outColumns}
            data={candidates.value ?? []}
          />
        ))}
      {tab === 'defaults' && <DefaultSettings />}
      {tab === 'fulfillment' && <FulfillmentPanel />}
      {tab === 'connectors' && <ConnectorsPanel />}
      {editing && (
        <AppConfigDialog
          initial={editing.app}
          automaticAvailable={editing.automatic}
          instances={instances.value}
          defaultApprovers={defaults.value?.defaultApprovers}
          defaultRules={defaults.value}
          onSave={async app => {
            await api.putApp(app);
            refresh();
            setTab('in');
          }}
          onClose={() => setEditing(undefined)}
        />
      )}
    </>
  );
};
