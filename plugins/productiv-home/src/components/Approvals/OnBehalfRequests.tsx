import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AccessRequest,
  productivHomeRequestDecideOverridePermission,
} from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { useRequestUpdates } from '../../hooks/useRequestUpdates';
import { lastOnBehalf } from '../RequestHistory/eventText';
import { AppDirectory, requestTitle } from '../RequestPage/names';
import { RequestStatusChip } from '../RequestStatusChip/RequestStatusChip';
import { People, Person } from '../RequestPage/Person';
import { useRequestName } from './ApprovalCard';
import { DecisionForm } from './DecisionForm';
import { RequestCard } from './RequestCard';

const waitingOn = (r: AccessRequest) =>
  r.approvals
    .filter(a => a.level === r.level && !a.decision)
    .map(a => a.approver);

/** One request waiting on others; the form only where the policy allows the override. */
const OnBehalfCard = (props: {
  request: AccessRequest;
  apps: AppDirectory;
  onDecided: (request: AccessRequest) => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const r = props.request;
  const { allowed } = usePermission({
    permission: productivHomeRequestDecideOverridePermission,
    resourceRef: r.id,
  });
  const name = useRequestName(r, props.apps);
  return (
    <RequestCard
      request={r}
      apps={props.apps}
      testId="on-behalf-card"
      subtitle={
        <>
          {' '}
          · waiting on <People refs={waitingOn(r)} />
        </>
      }
    >
      {allowed && (
        <DecisionForm
          texts={{
            approve: 'Approve on behalf of the approvers',
            deny: 'Deny on behalf of the approvers',
          }}
          names={{
            approve: `Approve ${name} on behalf of the approvers`,
            deny: `Deny ${name} on behalf of the approvers`,
          }}
          onDecide={async (decision, comment) =>
            props.onDecided(await api.decide(r.id, { decision, comment }))
          }
        />
      )}
    </RequestCard>
  );
};

/** What an admin decided for the approvers: "Figma · Editor for Emma Jones: denied at level 1 by …". */
const DecidedLine = (props: { request: AccessRequest; apps: AppDirectory }) => {
  const r = props.request;
  const event = lastOnBehalf(r.history);
  return (
    <Typography
      variant="body2"
      data-testid="decided-on-behalf"
      style={{ marginBottom: 8 }}
    >
      {requestTitle(props.apps, r)} for <Person entityRef={r.requester} />:{' '}
      {event ? (
        <>
          {event.type} at level {event.level} by{' '}
          <Person entityRef={event.actor} /> on behalf of{' '}
          <People refs={event.onBehalfOf ?? []} />
        </>
      ) : (
        <RequestStatusChip status={r.status} level={r.level} />
      )}
    </Typography>
  );
};

/**
 * For admins, below their own inbox: pending requests that wait on other
 * approvers, to unblock them. What they decided stays listed, saying who
 * decided and for whom.
 */
export const OnBehalfRequests = (props: {
  inbox: string[];
  apps: AppDirectory;
}) => {
  const api = useApi(productivHomeApiRef);
  const pending = useAsyncRetry(
    () => api.listAllRequests({ status: ['pending_approval'] }),
    [api],
  );
  useRequestUpdates(pending.retry);
  // What the admin decided, with the level it was at: that level is done
  // even before the list is read again.
  const [decided, setDecided] = useState<
    Array<{ level?: number; request: AccessRequest }>
  >([]);
  if (pending.loading && !pending.value) return <Progress />;
  if (pending.error) return <ResponseErrorPanel error={pending.error} />;
  const others = (pending.value ?? []).filter(
    r =>
      !props.inbox.includes(r.id) &&
      !decided.some(d => d.request.id === r.id && d.level === r.level),
  );
  return (
    <section aria-label="Waiting on other approvers">
      <Typography variant="h6" component="h2" style={{ margin: '24px 0 8px' }}>
        Waiting on other approvers
      </Typography>
      {decided.map(({ level, request }) => (
        <DecidedLine
          key={`${request.id}:${level}`}
          request={request}
          apps={props.apps}
        />
      ))}
      {others.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No request waits on anyone else.
        </Typography>
      )}
      {others.map(r => (
        <OnBehalfCard
          key={r.id}
          request={r}
          apps={props.apps}
          onDecided={result => {
            setDecided(list => [{ level: r.level, request: result }, ...list]);
            pending.retry();
          }}
        />
      ))}
    </section>
  );
};
