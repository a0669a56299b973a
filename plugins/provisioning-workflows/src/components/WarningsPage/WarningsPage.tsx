import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  LicenseWarning,
  provisioningWorkflowsApiRef,
} from '../../api/ProvisioningWorkflowsApi';
import { warningRouteRef, warningsRouteRef } from '../../routes';
import { errorMessage } from '../../util/errorMessage';
import { titleCase } from '../../util/labels';
import { RestoreLicense } from '../RestoreLicense/RestoreLicense';
import { Timestamp } from '../Timestamp/Timestamp';

/** "removed" or "moved from Editor to Viewer". */
export const plannedChange = (w: LicenseWarning) =>
  w.action === 'downgrade'
    ? `moved from ${w.fromTier ? titleCase(w.fromTier) : 'your tier'} to ${
        w.toTier ? titleCase(w.toTier) : 'a lower tier'
      }`
    : 'removed';

const STATUS_WORDS: Record<string, string> = {
  done: 'done',
  failed: 'failed; nothing changed',
  skipped: 'cancelled: you signed in again',
  queued: 'under way',
  'waiting-on-it': 'under way: IT makes it by hand',
  dismissed: 'cancelled',
};

const deadlinePassed = (w: LicenseWarning, now = Date.now()) =>
  !w.deadline || Date.parse(w.deadline) <= now;

/** Whether the person may still press "Keep my license". */
export const canKeep = (w: LicenseWarning, now = Date.now()) =>
  w.status === 'notified' && w.allowOptOut && !deadlinePassed(w, now);

const Outcome = (props: { warning: LicenseWarning }) => {
  const w = props.warning;
  if (w.status === 'opted-out') {
    return (
      <Typography variant="body1" data-testid="warning-outcome">
        You keep your {w.instanceLabel} license: nothing will change.
      </Typography>
    );
  }
  if (w.status !== 'notified') {
    return (
      <Typography variant="body1" data-testid="warning-outcome">
        This change is {STATUS_WORDS[w.status] ?? 'closed'}.
      </Typography>
    );
  }
  if (deadlinePassed(w)) {
    return (
      <Typography variant="body1" data-testid="warning-outcome">
        The deadline has passed: the change is under way.
      </Typography>
    );
  }
  if (!w.allowOptOut) {
    return (
      <Typography variant="body1" data-testid="warning-outcome">
        This change cannot be opted out of. Sign in to {w.instanceLabel} before
        the deadline to keep your license, or ask the app's admin.
      </Typography>
    );
  }
  return null;
};

/** One warning, with "Keep my license" while that is allowed. */
export const WarningPage = () => {
  const { actionId = '' } = useParams();
  const api = useApi(provisioningWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const listLink = useRouteRef(warningsRouteRef);
  const warnings = useAsyncRetry(() => api.listWarnings(), [api]);
  const [busy, setBusy] = useState(false);

  if (warnings.loading && !warnings.value) return <Progress />;
  if (warnings.error) return <ResponseErrorPanel error={warnings.error} />;
  const w = warnings.value?.find(x => x.id === actionId);
  if (!w) {
    return (
      <EmptyState
        missing="data"
        title="This warning is not open"
        description="The change may have been made or cancelled since, or the link is for someone else."
        action={<Link to={listLink()}>Your license warnings</Link>}
      />
    );
  }

  const keep = async () => {
    setBusy(true);
    try {
      await api.optOut(w.id);
      alertApi.post({
        message: `You keep your ${w.instanceLabel} license`,
        severity: 'success',
        display: 'transient',
      });
    } catch (e) {
      alertApi.post({
        message: errorMessage(e),
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setBusy(false);
      warnings.retry();
    }
  };

  return (
    <InfoCard title={`Your ${w.instanceLabel} license`}>
      <Typography variant="h6" gutterBottom data-testid="warning-change">
        Your {w.instanceLabel} license will be {plannedChange(w)}{' '}
        <Timestamp value={w.deadline} empty="soon" />.
      </Typography>
      <Typography variant="body2" paragraph>
        You have not used {w.instanceLabel} lately (
        {w.lastSignIn ? (
          <>
            last sign-in <Timestamp value={w.lastSignIn} />
          </>
        ) : (
          'no sign-in recorded'
        )}
        ). Signing in to it before the deadline also keeps it.
      </Typography>
      <Outcome warning={w} />
      {w.status === 'done' && (
        <RestoreLicense actionId={w.id} appName={w.instanceLabel} />
      )}
      {canKeep(w) && (
        <Box mt={2}>
          <Button
            variant="contained"
            color="primary"
            disabled={busy}
            onClick={keep}
          >
            Keep my license
          </Button>
        </Box>
      )}
    </InfoCard>
  );
};

/** The signed-in person's license warnings. */
export const WarningsList = () => {
  const api = useApi(provisioningWorkflowsApiRef);
  const warningLink = useRouteRef(warningRouteRef);
  const warnings = useAsyncRetry(() => api.listWarnings(), [api]);
  if (warnings.loading && !warnings.value) return <Progress />;
  if (warnings.error) return <ResponseErrorPanel error={warnings.error} />;
  const items = warnings.value ?? [];
  if (!items.length) {
    return (
      <EmptyState
        missing="data"
        title="No license warnings"
        description="When a workflow plans to remove or downgrade one of your licenses because you have not used it, the warning shows here."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {items.map(w => (
        <Grid item xs={12} md={6} key={w.id}>
          <InfoCard title={w.instanceLabel}>
            <Typography variant="body1" gutterBottom>
              {w.status === 'opted-out' ? (
                `You kept your license (it was to be ${plannedChange(w)}).`
              ) : (
                <>
                  Your license will be {plannedChange(w)}{' '}
                  <Timestamp value={w.deadline} empty="soon" />.
                </>
              )}
            </Typography>
            <Link to={warningLink({ actionId: w.id })}>
              {canKeep(w) ? 'Keep my license…' : 'Details'}
            </Link>
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
};
