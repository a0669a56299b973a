import { InfoCard, Link, Progress } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useCallback } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { useRequestUpdates } from '../../hooks/useRequestUpdates';
import { DecisionForm } from '../Approvals/DecisionForm';
import { RequestStatusChip } from '../RequestStatusChip/RequestStatusChip';
import { Timestamp } from '../Timestamp/Timestamp';
import { AccessExpiry } from './AccessExpiry';
import { ApprovalLevels } from './ApprovalLevels';
import { CancelRequest } from './CancelRequest';
import { fetchRequest } from './fetchRequest';
import { FulfillmentSummary } from './FulfillmentSummary';
import { AppDirectory, requestTitle } from './names';
import { Person } from './Person';
import { RequestRefused } from './RequestRefused';
import { RequestTimeline } from './RequestTimeline';
import { useAppDirectory } from './useAppDirectory';

/** "7 days", "7 more days" for an extension, or "Permanent". */
function durationText(r: AccessRequest): string {
  if (!r.accessDays) return 'Permanent';
  return r.kind === 'extend'
    ? `${r.accessDays} more days`
    : `${r.accessDays} days`;
}

const Field = (props: { label: string; children: React.ReactNode }) => (
  <Typography variant="body2" component="div" style={{ marginBottom: 4 }}>
    <strong>{props.label}:</strong> {props.children}
  </Typography>
);

/** The request's page content, once it is read. */
const RequestDetails = (props: {
  request: AccessRequest;
  apps: AppDirectory;
  viewer?: string;
  onChanged: () => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const { request: r, apps, viewer } = props;
  const pending = r.status === 'pending_approval';
  const mine = viewer === r.requester;
  const asked =
    pending &&
    !mine &&
    r.approvals.some(
      a => a.level === r.level && a.approver === viewer && !a.decision,
    );
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={requestTitle(apps, r)}>
          <div style={{ marginBottom: 8 }}>
            <RequestStatusChip
              status={r.status}
              level={r.level}
              kind={r.kind}
            />
          </div>
          <Field label="Requested by">
            <Person entityRef={r.requester} />
          </Field>
          <Field label="App">{apps.appName(r)}</Field>
          <Field label="Tier">{apps.tierName(r)}</Field>
          <Field label="Justification">
            <span style={{ whiteSpace: 'pre-wrap' }}>
              {r.justification || 'none given'}
            </span>
          </Field>
          <Field label="Duration">{durationText(r)}</Field>
          <AccessExpiry request={r} apps={apps} mine={mine} />
          <Field label="Requested">
            <Timestamp value={r.createdAt} />
          </Field>
          <Field label="Last change">
            <Timestamp value={r.updatedAt} />
          </Field>
          {mine && pending && (
            <CancelRequest
              request={r}
              title={requestTitle(apps, r)}
              onCancelled={props.onChanged}
            />
          )}
        </InfoCard>
      </Grid>
      {asked && (
        <Grid item xs={12}>
          <InfoCard title="Your decision">
            <DecisionForm
              onDecide={async (decision, comment) => {
                await api.decide(r.id, { decision, comment });
                props.onChanged();
              }}
            />
          </InfoCard>
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <InfoCard title="Approvals">
          <ApprovalLevels request={r} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Access">
          <FulfillmentSummary request={r} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="History">
          <RequestTimeline request={r} apps={apps} />
        </InfoCard>
      </Grid>
    </Grid>
  );
};

/**
 * One request on its own page, the target of the links in notifications,
 * e-mails and Slack messages (`?tab=requests&request=<id>`): what was asked,
 * who was asked at each level and what they decided, the ticket, the
 * history, and what the viewer can do about it.
 */
export const RequestPage = (props: { id: string; backTo: string }) => {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const identityApi = useApi(identityApiRef);
  const request = useAsyncRetry(
    () => fetchRequest({ discoveryApi, fetchApi }, props.id),
    [discoveryApi, fetchApi, props.id],
  );
  const refresh = request.retry;
  useRequestUpdates(useCallback(() => refresh(), [refresh]));
  const { apps } = useAppDirectory();
  const viewer = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  ).value;

  let body: React.ReactNode;
  if (request.loading && !request.value) body = <Progress />;
  else if (request.error && !request.value) {
    body = <RequestRefused error={request.error} onRetry={refresh} />;
  } else if (request.value) {
    body = (
      <RequestDetails
        request={request.value}
        apps={apps}
        viewer={viewer}
        onChanged={refresh}
      />
    );
  }
  return (
    <section aria-label="Request">
      <Typography variant="body2" style={{ marginBottom: 16 }}>
        <Link to={props.backTo}>← All my requests</Link>
      </Typography>
      {body}
    </section>
  );
};
