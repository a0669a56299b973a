import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CatalogApp, HeldAccess } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { RequestDialog } from '../AppCatalog/RequestDialog';
import { DataTable } from '../DataTable/DataTable';
import { Timestamp } from '../Timestamp/Timestamp';
import { GiveBack } from './GiveBack';
import { PendingWarnings } from './PendingWarnings';
import { RecentlyTakenBack } from './RecentlyTakenBack';

type Row = HeldAccess & { app?: CatalogApp; id: string };

/**
 * What the employee holds now, from Okta through the inventory: app, tier,
 * since when and the last sign-in. An app offered in Productiv Home can be
 * changed to another tier from here, through the usual approval, or given
 * back (no approval; it frees a seat).
 */
export const MyAccess = (props: { onRequested?: () => void }) => {
  const api = useApi(productivHomeApiRef);
  const state = useAsyncRetry(async () => {
    const [held, catalog] = await Promise.all([
      api.listMyAccess(),
      api.listCatalog(),
    ]);
    const byKey = new Map(catalog.map(a => [a.appKey, a]));
    return held.map(
      (h, i): Row => ({
        ...h,
        id: `${h.instanceId}-${i}`,
        app: h.appKey ? byKey.get(h.appKey) : undefined,
      }),
    );
  }, [api]);
  const [changing, setChanging] = useState<CatalogApp>();
  // Rows given back: the inventory shows them until its next sync.
  const [givenBack, setGivenBack] = useState<string[]>([]);

  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const rows = state.value ?? [];
  if (!rows.length) {
    return (
      <>
        <PendingWarnings />
        <RecentlyTakenBack onRestored={state.retry} />
        <EmptyState
          missing="data"
          title="You hold no app licenses yet"
          description="Apps you are given through Okta show up here, with their tier and your last sign-in. Request one from the Apps tab."
        />
      </>
    );
  }
  const columns: TableColumn<Row>[] = [
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
    {
      // Time-bound access ends then, unless it is extended (the link).
      title: 'Expires',
      field: 'expiresAt',
      render: r =>
        r.expiresAt && r.grantId ? (
          <Link
            to={`?tab=requests&request=${r.grantId}`}
            aria-label={`Expiry of ${r.appName}: open to extend`}
          >
            <Timestamp value={r.expiresAt} />
          </Link>
        ) : (
          <span>Permanent</span>
        ),
    },
    {
      title: 'Actions',
      sorting: false,
      render: r => {
        if (!r.app) return <span>Not offered in Productiv Home</span>;
        if (givenBack.includes(r.id)) {
          return <span>Given back: follow it in My requests</span>;
        }
        const canChange = r.app.tiers.length > 1;
        const canGiveBack = Boolean(r.tier && r.tierName);
        if (!canChange && !canGiveBack) return <span>Only one tier</span>;
        return (
          <>
            {canChange && (
              <Button
                size="small"
                variant="outlined"
                onClick={() => setChanging(r.app)}
                aria-label={`Change tier of ${r.appName}`}
              >
                Change tier
              </Button>
            )}
            {canGiveBack && (
              <GiveBack
                appKey={r.app.appKey}
                appName={r.appName}
                tierName={r.tierName!}
                onGivenBack={() => setGivenBack(ids => [...ids, r.id])}
              />
            )}
          </>
        );
      },
    },
  ];
  return (
    <>
      <PendingWarnings />
      <RecentlyTakenBack onRestored={state.retry} />
      <DataTable<Row>
        title="My access"
        options={{ paging: false, search: rows.length > 10, padding: 'dense' }}
        columns={columns}
        data={rows}
      />
      {changing && (
        <RequestDialog
          app={changing}
          onClose={submitted => {
            setChanging(undefined);
            if (submitted) props.onRequested?.();
          }}
        />
      )}
    </>
  );
};
