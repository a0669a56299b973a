import {
  ContentHeader,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  provisioningWorkflowsAppManagePermission,
  WorkflowDefinition,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Typography from '@material-ui/core/Typography';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  InstanceWorkflowDetail,
  provisioningWorkflowsApiRef,
} from '../../api/ProvisioningWorkflowsApi';
import { rootRouteRef } from '../../routes';
import { errorMessage } from '../../util/errorMessage';
import { tierName } from '../../util/labels';
import { Timestamp } from '../Timestamp/Timestamp';
import { RefusedPage, isRefusal } from '../AutomationPage/RefusedPage';
import { AuditEventsPanel } from '../AuditEventsPanel/AuditEventsPanel';
import { ExemptionsPanel } from '../ExemptionsPanel/ExemptionsPanel';
import { BacktestPanel } from '../BacktestPanel/BacktestPanel';
import { PreviewPanel } from '../PreviewPanel/PreviewPanel';
import { ResultsPanel } from '../ResultsPanel/ResultsPanel';
import { RunProgress } from '../RunProgress/RunProgress';
import { runInProgress, WorkflowStatusChip } from '../StatusChip/StatusChip';
import {
  cleanDefinition,
  definitionOf,
  sameDefinition,
} from '../WorkflowEditor/draft';
import { TierEditor } from '../TierEditor/TierEditor';
import { WorkflowEditor } from '../WorkflowEditor/WorkflowEditor';
import { PageTabs, useTabParam } from '../PageTabs/PageTabs';

const TABS = [
  'setup',
  'tiers',
  'exemptions',
  'preview',
  'results',
  'audit',
] as const;
const TAB_LABELS: Record<(typeof TABS)[number], string> = {
  setup: 'Setup',
  tiers: 'Tiers',
  exemptions: 'Exempt users',
  preview: 'Preview',
  results: 'Results',
  audit: 'Audit events',
};

const RunDialog = (props: {
  detail: InstanceWorkflowDetail;
  dirty: boolean;
  onClose: () => void;
  onStart: (dryRun: boolean) => Promise<void>;
}) => {
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const workflow = props.detail.workflow!;
  return (
    <Dialog open onClose={props.onClose} aria-labelledby="run-dialog-title">
      <DialogTitle id="run-dialog-title">
        Run the {props.detail.instance.label} workflow once
      </DialogTitle>
      <DialogContent>
        <FormControlLabel
          control={
            <Checkbox
              checked={dryRun}
              onChange={e => setDryRun(e.target.checked)}
            />
          }
          label="Dry run: plan who would be acted on, change nothing"
        />
        {props.dirty && (
          <Typography variant="body2" color="error" paragraph>
            The run uses the saved workflow: your unsaved changes are not part
            of it.
          </Typography>
        )}
        {!dryRun && (
          <Typography variant="body2" paragraph>
            {workflow.notifications.enabled
              ? `People are warned first; their licenses change ${
                  workflow.notifications.daysBefore
                } days later unless they sign in${
                  workflow.notifications.allowOptOut
                    ? ' or choose to keep them'
                    : ''
                }.`
              : 'Licenses change right away, through Okta.'}{' '}
            Rules marked "suggest only"
            {workflow.mode === 'suggest'
              ? ' (all, in suggestion mode)'
              : ''}{' '}
            become suggestions to accept or dismiss.
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await props.onStart(dryRun);
            } finally {
              setBusy(false);
            }
          }}
        >
          {dryRun ? 'Start dry run' : 'Start run'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** One instance's workflow: set-up, exempt users, preview, run, results, audit. */
export const InstancePage = () => {
  const { instanceId = '' } = useParams();
  const api = useApi(provisioningWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const rootLink = useRouteRef(rootRouteRef);
  const detail = useAsyncRetry(
    () => api.getInstance(instanceId),
    [api, instanceId],
  );
  const [draft, setDraft] = useState<WorkflowDefinition>();
  const loadedFor = useRef<string>();
  const [saving, setSaving] = useState(false);
  const [runDialog, setRunDialog] = useState(false);
  const [run, setRun] = useState<WorkflowRun>();
  const [refreshKey, setRefreshKey] = useState(0);
  const { tab, show } = useTabParam(TABS, 'setup');
  const { allowed: mayManage } = usePermission({
    permission: provisioningWorkflowsAppManagePermission,
    resourceRef: detail.value?.instance.appKey,
  });

  // The draft starts as the saved workflow, once per instance.
  useEffect(() => {
    if (detail.value && loadedFor.current !== instanceId) {
      loadedFor.current = instanceId;
      setDraft(
        detail.value.workflow ? definitionOf(detail.value.workflow) : undefined,
      );
    }
  }, [detail.value, instanceId]);

  // A run under way (started elsewhere or before a reload) is followed too.
  useEffect(() => {
    let cancelled = false;
    api
      .listWorkflowRuns(instanceId, { limit: 1 })
      .then(([latest]) => {
        if (!cancelled && latest && runInProgress(latest.status)) {
          setRun(r => r ?? latest);
        }
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [api, instanceId]);

  if (detail.loading && !detail.value) return <Progress />;
  if (detail.error) {
    return isRefusal(detail.error) ? (
      <RefusedPage error={detail.error} />
    ) : (
      <ResponseErrorPanel error={detail.error} />
    );
  }
  const d = detail.value!;
  const saved = d.workflow ? definitionOf(d.workflow) : undefined;
  const dirty = Boolean(draft) && !sameDefinition(draft, saved);
  const tiers = d.instance.tiers.map(t => t.tier);
  const tierLabel = (key: string) => tierName(d.instance, key);

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    try {
      const workflow = await api.saveWorkflow(
        instanceId,
        cleanDefinition(draft),
      );
      setDraft(definitionOf(workflow));
      alertApi.post({
        message: `Saved the ${d.instance.label} workflow${
          workflow.status === 'paused' ? ' (paused)' : ''
        }`,
        severity: 'success',
        display: 'transient',
      });
      detail.retry();
    } catch (e) {
      alertApi.post({
        message: errorMessage(e),
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setSaving(false);
    }
  };

  const setStatus = async (status: 'active' | 'paused') => {
    try {
      await api.setWorkflowStatus(instanceId, status);
      alertApi.post({
        message: status === 'paused' ? 'Workflow paused' : 'Workflow resumed',
        severity: 'success',
        display: 'transient',
      });
      detail.retry();
    } catch (e) {
      alertApi.post({
        message: errorMessage(e),
        severity: 'error',
        display: 'transient',
      });
    }
  };

  const start = async (dryRun: boolean) => {
    try {
      const started = await api.startRun(instanceId, { dryRun });
      setRun(started);
      setRunDialog(false);
      alertApi.post({
        message: dryRun ? 'Dry run started' : 'Run started',
        severity: 'info',
        display: 'transient',
      });
    } catch (e) {
      alertApi.post({
        message: errorMessage(e),
        severity: 'error',
        display: 'transient',
      });
    }
  };

  return (
    <>
      <Box mb={1}>
        <Link to={rootLink()}>← All app instances</Link>
      </Box>
      <ContentHeader
        title={d.instance.label}
        description={`${d.instance.assignedUsers} assigned users`}
      >
        {d.workflow && mayManage && (
          <>
            <Button
              variant="outlined"
              style={{ marginRight: 8 }}
              onClick={() =>
                setStatus(d.status === 'paused' ? 'active' : 'paused')
              }
            >
              {d.status === 'paused' ? 'Resume' : 'Pause'}
            </Button>
            <Button
              variant="contained"
              color="primary"
              disabled={Boolean(
                run &&
                  !run.dryRun &&
                  (run.status === 'planning' || run.status === 'executing'),
              )}
              onClick={() => setRunDialog(true)}
            >
              Run once
            </Button>
          </>
        )}
      </ContentHeader>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <WorkflowStatusChip status={d.status} />
        {dirty && (
          <Chip
            size="small"
            color="secondary"
            label="Unsaved changes"
            data-testid="unsaved"
          />
        )}
        <Typography variant="body2" data-testid="instance-summary">
          Tiers: {tiers.map(tierLabel).join(', ') || 'none set up'}
          {d.workflow?.schedule
            ? ` · schedule ${d.workflow.schedule} (UTC)`
            : ' · no schedule'}
          {d.workflow?.nextRunAt && (
            <>
              {' · next run '}
              <Timestamp value={d.workflow.nextRunAt} />
            </>
          )}
        </Typography>
      </Box>
      {run && (
        <Box mt={2}>
          <RunProgress run={run} onFinished={() => setRefreshKey(k => k + 1)} />
        </Box>
      )}
      <PageTabs tab={tab} show={show} labels={TAB_LABELS} />
      {tab === 'setup' && (
        <WorkflowEditor
          templates={d.templates}
          tiers={tiers}
          tierLabel={tierLabel}
          mayManage={mayManage}
          draft={draft}
          onChange={setDraft}
          onPickTemplate={(definition, title) => {
            setDraft(definition);
            alertApi.post({
              message: `Started from ${title}: review the rules, then preview and save`,
              severity: 'info',
              display: 'transient',
            });
          }}
          onSave={save}
          onPreview={() => show('preview')}
          saving={saving}
          dirty={dirty}
        />
      )}
      {tab === 'tiers' && (
        <TierEditor instance={d.instance} onSaved={() => detail.retry()} />
      )}
      {tab === 'exemptions' && (
        <ExemptionsPanel
          instanceId={instanceId}
          label={d.instance.label}
          appKey={d.instance.appKey}
        />
      )}
      {tab === 'preview' && (
        <>
          <PreviewPanel
            instanceId={instanceId}
            instance={d.instance}
            definition={draft}
            dirty={dirty}
          />
          <Box mt={3}>
            <BacktestPanel
              instanceId={instanceId}
              instance={d.instance}
              definition={draft}
            />
          </Box>
        </>
      )}
      {tab === 'results' && (
        <ResultsPanel
          instanceId={instanceId}
          instance={d.instance}
          refreshKey={refreshKey}
        />
      )}
      {tab === 'audit' && (
        <AuditEventsPanel
          key={refreshKey}
          appKey={d.instance.appKey}
          instance={d.instance}
        />
      )}
      {runDialog && d.workflow && (
        <RunDialog
          detail={d}
          dirty={dirty}
          onClose={() => setRunDialog(false)}
          onStart={start}
        />
      )}
    </>
  );
};
