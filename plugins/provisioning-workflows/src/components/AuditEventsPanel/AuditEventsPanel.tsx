import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  AppInstance,
  AUDIT_EVENT_TYPES,
  AuditEvent,
  AuditEventType,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { useTheme } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useCallback, useEffect, useState } from 'react';
import {
  ProvisioningWorkflowsApi,
  provisioningWorkflowsApiRef,
} from '../../api/ProvisioningWorkflowsApi';
import { instanceRouteRef } from '../../routes';
import { csvFileName, downloadCsv, toCsv } from '../../util/csv';
import { errorMessage } from '../../util/errorMessage';
import { AUDIT_EVENT_LABELS, labelOf } from '../../util/labels';
import { DataTable } from '../DataTable/DataTable';
import { Timestamp } from '../Timestamp/Timestamp';
import { AuditSentence } from './AuditSentence';
import { describeEvent, sentenceText } from './describeEvent';

export const AUDIT_PAGE_SIZE = 50;
/** The CSV holds every event of the filter, read this many at a time, up to the cap. */
const EXPORT_PAGE_SIZE = 200;
const EXPORT_CAP = 20_000;

type Tiers = Pick<AppInstance, 'tiers'> | undefined;

/** The events as CSV: time in ISO 8601 (UTC), the type and sentence in words, ids for reference. */
export function auditCsv(events: AuditEvent[], tiers?: Tiers): string {
  return toCsv(
    ['Time', 'Event', 'What happened', 'By', 'Run', 'Action'],
    events.map(e => [
      e.at,
      labelOf(AUDIT_EVENT_LABELS, e.type),
      sentenceText(describeEvent(e, tiers)),
      e.actor,
      e.runId,
      e.actionId,
    ]),
  );
}

/** Every event of a filter, following the cursor. */
async function allEvents(
  api: ProvisioningWorkflowsApi,
  filter: { appKey: string; types?: AuditEventType[] },
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listAuditEvents({
      ...filter,
      cursor,
      limit: EXPORT_PAGE_SIZE,
    });
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && events.length < EXPORT_CAP);
  return events;
}

/** The audit events of an app's workflows, newest first, a page at a time. */
export const AuditEventsPanel = (props: {
  appKey: string;
  /** For tier names; and its label names the CSV file. */
  instance?: AppInstance;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const theme = useTheme();
  const instanceLink = useRouteRef(instanceRouteRef);
  const [type, setType] = useState<AuditEventType | ''>('');
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<Error>();
  const tiers = props.instance;

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

  const download = async () => {
    setExporting(true);
    try {
      const all = await allEvents(api, {
        appKey: props.appKey,
        types: type ? [type] : undefined,
      });
      downloadCsv(
        csvFileName(`${props.instance?.label ?? 'workflow'} audit events`),
        auditCsv(all, tiers),
      );
    } catch (e) {
      alertApi.post({
        message: errorMessage(e),
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setExporting(false);
    }
  };

  const runLink = (e: AuditEvent) => {
    if (!e.runId || !e.instanceId) return '';
    const query = new URLSearchParams({ tab: 'results', run: e.runId });
    return (
      <Link to={`${instanceLink({ instanceId: e.instanceId })}?${query}`}>
        See the run
      </Link>
    );
  };

  const columns: TableColumn<AuditEvent>[] = [
    {
      title: 'When',
      render: e => <Timestamp value={e.at} />,
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'Event',
      render: e => labelOf(AUDIT_EVENT_LABELS, e.type),
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'What happened',
      render: e => <AuditSentence parts={describeEvent(e, tiers)} />,
    },
    { title: 'Run', render: runLink, cellStyle: { whiteSpace: 'nowrap' } },
  ];

  return (
    <>
      <Box display="flex" alignItems="flex-end" mb={2} style={{ gap: 8 }}>
        <TextField
          id="audit-type"
          select
          label="Event"
          SelectProps={{ native: true }}
          // The page's grey is too light for the default label grey.
          InputLabelProps={{
            shrink: true,
            style: { color: theme.palette.text.primary },
          }}
          value={type}
          onChange={e => setType(e.target.value as AuditEventType | '')}
          style={{ minWidth: 260 }}
        >
          <option value="">Every event</option>
          {AUDIT_EVENT_TYPES.map(t => (
            <option key={t} value={t}>
              {AUDIT_EVENT_LABELS[t]}
            </option>
          ))}
        </TextField>
        <Button variant="outlined" onClick={() => load()} disabled={loading}>
          Refresh
        </Button>
        <Box flexGrow={1} />
        <Button
          variant="outlined"
          startIcon={<GetAppIcon />}
          onClick={download}
          disabled={exporting || !events.length}
        >
          Download CSV
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
              ? `No "${AUDIT_EVENT_LABELS[type]}" event for this app yet.`
              : 'Saving, running and changing the workflow of this app leaves events here.'
          }
        />
      )}
      {events.length > 0 && (
        <DataTable
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
