import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  AppInstance,
  PreviewEntry,
  WorkflowDefinition,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  provisioningWorkflowsApiRef,
  WorkflowPreviewResult,
} from '../../api/ProvisioningWorkflowsApi';
import { csvFileName, downloadCsv, toCsv } from '../../util/csv';
import { money } from '../../util/format';
import { tierName } from '../../util/labels';
import { DataTable } from '../DataTable/DataTable';
import { Timestamp } from '../Timestamp/Timestamp';
import { cleanDefinition } from '../WorkflowEditor/draft';

const PREVIEW_LIMIT = 1000;

type Tiers = Pick<AppInstance, 'tiers'> | undefined;

/** "Downgrade to Viewer", "Deprovision (suggestion)". */
export const plannedOutcome = (
  e: {
    action: 'downgrade' | 'deprovision';
    toTier?: string;
    suggestOnly?: boolean;
  },
  instance?: Tiers,
) => {
  const change =
    e.action === 'downgrade'
      ? `Downgrade to ${tierName(instance, e.toTier)}`
      : 'Deprovision';
  return e.suggestOnly ? `${change} (suggestion)` : change;
};

const personName = (e: PreviewEntry) =>
  e.displayName ?? e.email ?? e.oktaUserId;

/** The preview as CSV: one line per person, times in ISO 8601 (UTC), savings as numbers. */
export function previewCsv(p: WorkflowPreviewResult, instance?: Tiers): string {
  return toCsv(
    [
      'Person',
      'E-mail',
      'Rule',
      'Current tier',
      'Planned outcome',
      'Last sign-in',
      'Monthly saving',
    ],
    p.entries.map(e => [
      personName(e),
      e.email,
      `${e.rule + 1}. ${e.ruleName}`,
      e.currentTier ? tierName(instance, e.currentTier) : '',
      plannedOutcome(e, instance),
      e.lastSignIn ?? 'never',
      e.monthlySaving,
    ]),
  );
}

const columns = (instance: Tiers): TableColumn<PreviewEntry>[] => [
  {
    title: 'Person',
    field: 'email',
    render: e => (
      <>
        {personName(e)}
        {e.displayName && e.email && (
          <Typography variant="caption" display="block">
            {e.email}
          </Typography>
        )}
      </>
    ),
  },
  { title: 'Rule', render: e => `${e.rule + 1}. ${e.ruleName}` },
  {
    title: 'Current tier',
    render: e => (e.currentTier ? tierName(instance, e.currentTier) : '—'),
  },
  { title: 'Planned outcome', render: e => plannedOutcome(e, instance) },
  { title: 'Last sign-in', render: e => <Timestamp value={e.lastSignIn} /> },
  {
    title: 'Monthly saving',
    type: 'numeric',
    render: e => money(e.monthlySaving),
  },
];

const Total = (props: { label: string; value: string; testId: string }) => (
  <Grid item xs={6} md={3}>
    <Typography variant="h4" data-testid={props.testId}>
      {props.value}
    </Typography>
    <Typography variant="body2">{props.label}</Typography>
  </Grid>
);

/** Totals and the people of one preview. */
export const PreviewTable = (props: {
  preview: WorkflowPreviewResult;
  instance?: AppInstance;
  /** Names the CSV file. */
  title?: string;
}) => {
  const p = props.preview;
  return (
    <>
      <InfoCard title="Who the workflow would act on now">
        <Grid container spacing={2}>
          <Total
            label="assigned users"
            value={String(p.assignedUsers)}
            testId="preview-assigned"
          />
          <Total
            label="exempt"
            value={String(p.exemptUsers)}
            testId="preview-exempt"
          />
          <Total
            label="affected"
            value={String(p.total)}
            testId="preview-affected"
          />
          <Total
            label="monthly saving"
            value={money(p.monthlySaving)}
            testId="preview-saving"
          />
        </Grid>
        <Typography variant="caption">
          Computed <Timestamp value={p.computedAt} />. New hires and exempt
          people are left out; warned people and suggestions are counted as
          planned.
        </Typography>
      </InfoCard>
      <Box mt={2}>
        {p.entries.length ? (
          <>
            <Box display="flex" justifyContent="flex-end" mb={1}>
              <Button
                variant="outlined"
                startIcon={<GetAppIcon />}
                onClick={() =>
                  downloadCsv(
                    csvFileName(`${props.title ?? 'workflow'} preview`),
                    previewCsv(p, props.instance),
                  )
                }
              >
                Download CSV
              </Button>
            </Box>
            <DataTable
              title={
                p.total > p.entries.length
                  ? `Affected users (first ${p.entries.length} of ${p.total})`
                  : 'Affected users'
              }
              options={{
                paging: p.entries.length > 20,
                pageSize: 20,
                search: true,
                padding: 'dense',
              }}
              columns={columns(props.instance)}
              data={p.entries}
            />
          </>
        ) : (
          <EmptyState
            missing="data"
            title="Nobody would be affected"
            description="No assigned user matches a rule today (or they are exempt)."
          />
        )}
      </Box>
    </>
  );
};

/**
 * The preview of the definition being edited (unsaved changes included), or
 * of the saved workflow.
 */
export const PreviewPanel = (props: {
  instanceId: string;
  instance?: AppInstance;
  definition?: WorkflowDefinition;
  dirty: boolean;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const key = JSON.stringify(props.definition ?? null);
  const preview = useAsyncRetry(
    async () =>
      props.definition
        ? api.previewWorkflow(props.instanceId, {
            definition: cleanDefinition(props.definition),
            limit: PREVIEW_LIMIT,
          })
        : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, props.instanceId, key],
  );
  if (!props.definition) {
    return (
      <EmptyState
        missing="field"
        title="Nothing to preview yet"
        description="Start from a recommended workflow or a custom one in Setup."
      />
    );
  }
  return (
    <>
      <Box display="flex" alignItems="center" mb={2}>
        <Typography variant="body2" style={{ flexGrow: 1 }}>
          {props.dirty
            ? 'Preview of the workflow as edited: not saved yet.'
            : 'Preview of the saved workflow.'}
        </Typography>
        <Button
          variant="outlined"
          onClick={preview.retry}
          disabled={preview.loading}
        >
          Refresh preview
        </Button>
      </Box>
      {preview.loading && <Progress />}
      {preview.error && <ResponseErrorPanel error={preview.error} />}
      {!preview.loading && preview.value && (
        <PreviewTable
          preview={preview.value}
          instance={props.instance}
          title={props.instance?.label}
        />
      )}
    </>
  );
};
