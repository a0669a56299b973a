import { ResponseErrorPanel, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  ConnectorInfo,
  ConnectorTestResult,
  productivHomeApiRef,
} from '../../api';
import { DataTable } from '../DataTable/DataTable';

const ROLES: Record<ConnectorInfo['role'], string> = {
  'okta-fulfillment': 'Grants access through Okta groups',
  ticketing: 'Opens tickets for apps without automatic provisioning',
  approvals: 'Asks approvers',
};

const NAMES: Record<string, string> = {
  okta: 'Okta',
  slack: 'Slack',
  email: 'E-mail',
  'jira-service-management': 'Jira Service Management',
  zendesk: 'Zendesk',
};

/** One row per connector, with every role it plays (e-mail asks approvers and opens tickets). */
type ConnectorRow = {
  id: string;
  name: string;
  roles: Array<{ role: ConnectorInfo['role']; active: boolean }>;
  testable: boolean;
};

function byConnector(connectors: ConnectorInfo[]): ConnectorRow[] {
  const rows = new Map<string, ConnectorRow>();
  for (const c of connectors) {
    const row = rows.get(c.id) ?? {
      id: c.id,
      name: NAMES[c.id] ?? c.id,
      roles: [],
      testable: false,
    };
    row.roles.push({ role: c.role, active: c.active });
    row.testable ||= c.testable;
    rows.set(c.id, row);
  }
  return [...rows.values()];
}

/**
 * The connectors configured in app-config (secrets stay there), which one is
 * active for each role, and a live test of each for super admins.
 */
export const ConnectorsPanel = () => {
  const api = useApi(productivHomeApiRef);
  const connectors = useAsync(() => api.listConnectors(), [api]);
  const [results, setResults] = useState<Record<string, ConnectorTestResult>>(
    {},
  );
  const [testing, setTesting] = useState<string>();

  const test = async (id: string) => {
    setTesting(id);
    try {
      const result = await api.testConnector(id);
      setResults(r => ({ ...r, [id]: result }));
    } catch (error) {
      setResults(r => ({
        ...r,
        [id]: {
          id,
          ok: false,
          detail: (error as Error).message,
          durationMs: 0,
        },
      }));
    } finally {
      setTesting(undefined);
    }
  };

  if (connectors.error) return <ResponseErrorPanel error={connectors.error} />;
  const columns: TableColumn<ConnectorRow>[] = [
    { title: 'Connector', field: 'name' },
    {
      title: 'Used for',
      render: c => (
        <>
          {c.roles.map(r => (
            <Typography variant="body2" key={r.role}>
              {ROLES[r.role]}
            </Typography>
          ))}
        </>
      ),
    },
    {
      title: 'Status',
      render: c => (
        <>
          {c.roles.map(r =>
            r.active ? (
              <Chip key={r.role} size="small" color="primary" label="Active" />
            ) : (
              <Chip key={r.role} size="small" label="Configured, not active" />
            ),
          )}
        </>
      ),
    },
    {
      title: 'Test',
      render: c => {
        const result = results[c.id];
        return (
          <>
            <Button
              size="small"
              variant="outlined"
              disabled={!c.testable || testing === c.id}
              onClick={() => test(c.id)}
              aria-label={`Test ${c.name}`}
            >
              {testing === c.id ? 'Testing…' : 'Test'}
            </Button>
            {result && (
              <Typography
                variant="body2"
                color={result.ok ? 'textPrimary' : 'error'}
                data-testid={`connector-result-${c.id}`}
              >
                {result.ok ? 'Works' : 'Failed'} ({result.durationMs} ms):{' '}
                {result.detail}
              </Typography>
            )}
          </>
        );
      },
    },
  ];
  return (
    <DataTable<ConnectorRow>
      title="Connectors"
      subtitle="Configured in app-config.yaml under connectors; the ticketing system in use is productivHome.ticketing"
      isLoading={connectors.loading}
      options={{ paging: false, search: false }}
      columns={columns}
      data={byConnector(connectors.value ?? [])}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          No connector module is installed. Add the Okta, Slack, Jira Service
          Management, Zendesk or e-mail module to the backend and configure it
          under connectors.
        </Typography>
      }
    />
  );
};
