import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  AUDIT_EVENT_TYPES,
  AuditEvent,
  AuditEventType,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { useCallback, useEffect, useState } from 'react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { refName, when } from '../../util/format';

export const AUDIT_PAGE_SIZE = 50;

/** The detail of an event in a line: `email: a@b.c, status: done`. */
export function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([k, v]) => v !== undefined && v !== null && k !== 'definition')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(', ');
}

const nowrap = { whiteSpace: 'nowrap' as const };

const columns: TableColumn<AuditEvent>[] = [
  { title: 'Time', render: e => when(e.at), cellStyle: nowrap },
  { title: 'Type', field: 'type', cellStyle: nowrap },
  { title: 'Actor', render: e => refName(e.actor), cellStyle: nowrap },
  {
    title: 'Run',
    render: e => (e.runId ? e.runId.slice(0, 8) : ''),
    cellStyle: nowrap,
  },
  { title: 'Detail', render: e => describeDetail(e.detail) },
];

/** The audit events of an app's workflows, newest first, a page at a time. */
export const AuditEventsPanel = (props: { appKey: string }) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const [type, setType] = useState<AuditEventType | ''>('');
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.listAuditEvents({
          appKey: props.appKey,
          types: type ? [type] : undefined,
          cursor: from,
          limit: AUDIT_PAGE_SIZE,
        });
        setEvents(current => (from ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [api, props.appKey, type],
  );

  useEffect(() => {
    setEvents([]);
    setCursor(undefined);
    load();
  }, [load]);

  return (
    <>
      <Box display="flex" alignItems="flex-end" mb={2} style={{ gap: 8 }}>
        <TextField
          id="audit-type"
          select
          label="Type"
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          value={type}
          onChange={e => setType(e.target.value as AuditEventType | '')}
          style={{ minWidth: 220 }}
        >
          <option value="">Every type</option>
          {AUDIT_EVENT_TYPES.map(t => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </TextField>
        <Button variant="outlined" onClick={() => load()} disabled={loading}>
          Refresh
        </Button>
      </Box>
      {error && <ResponseErrorPanel error={error} />}
      {loading && !events.length && <Progress />}
      {!loading && !error && !events.length && (
        <EmptyState
          missing="data"
          title="No audit events"
          description={
            type
              ? `No ${type} event for this app yet.`
              : 'Saving, running and changing the workflow of this app leaves events here.'
          }
        />
      )}
      {events.length > 0 && (
        <Table
          title="Audit events"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={events}
        />
      )}
      {cursor && (
        <Box mt={2}>
          <Button
            variant="outlined"
            disabled={loading}
            onClick={() => load(cursor)}
          >
            Load more
          </Button>
        </Box>
      )}
    </>
  );
};
