import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AccessRequest,
  productivHomeRequestDecideOverridePermission,
} from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { useRequestUpdates } from '../../hooks/useRequestUpdates';
import { refName } from '../../util/refName';
import { byText, lastOnBehalf } from '../RequestHistory/eventText';

const waitingOn = (r: AccessRequest) =>
  r.approvals
    .filter(a => a.level === r.level && !a.decision)
    .map(a => refName(a.approver))
    .join(', ');

/** One request waiting on others; the buttons only where the policy allows the override. */
const OnBehalfCard = (props: {
  request: AccessRequest;
  onDecided: (request: AccessRequest) => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const r = props.request;
  const { allowed } = usePermission({
    permission: productivHomeRequestDecideOverridePermission,
    resourceRef: r.id,
  });
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'approved' | 'denied') => {
    setBusy(true);
    try {
      props.onDecided(
        await api.decide(r.id, { decision, comment: comment || undefined }),
      );
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const who = `${r.appKey} for ${refName(r.requester)}`;
  return (
    <Card
      variant="outlined"
      style={{ marginBottom: 12 }}
      data-testid="on-behalf-card"
    >
      <CardContent>
        <Typography variant="h6">
          {refName(r.requester)} requests {r.appKey} ({r.tier})
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Level {r.level} · waiting on {waitingOn(r) || 'nobody'} · requested{' '}
          {new Date(r.createdAt).toLocaleString()}
        </Typography>
        {allowed && (
          <TextField
            fullWidth
            margin="dense"
            label="Comment (optional)"
            value={comment}
            onChange={e => setComment(e.target.value)}
          />
        )}
      </CardContent>
      {allowed && (
        <CardActions>
          <Button
            color="primary"
            variant="outlined"
            disabled={busy}
            onClick={() => decide('approved')}
            aria-label={`Approve ${who} on behalf of the approvers`}
          >
            Approve on behalf of the approvers
          </Button>
          <Button
            disabled={busy}
            onClick={() => decide('denied')}
            aria-label={`Deny ${who} on behalf of the approvers`}
          >
            Deny on behalf of the approvers
          </Button>
        </CardActions>
      )}
    </Card>
  );
};

/**
 * For admins, below their own inbox: pending requests that wait on other
 * approvers, to unblock them. What they decided stays listed, saying who
 * decided and for whom.
 */
export const OnBehalfRequests = (props: { inbox: string[] }) => {
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
      <Typography variant="h6" style={{ margin: '24px 0 8px' }}>
        Waiting on other approvers
      </Typography>
      {decided.map(({ level, request: r }) => {
        const event = lastOnBehalf(r.history);
        return (
          <Typography
            key={`${r.id}:${level}`}
            variant="body2"
            data-testid="decided-on-behalf"
            style={{ marginBottom: 8 }}
          >
            {r.appKey} ({r.tier}) for {refName(r.requester)}:{' '}
            {event
              ? `${event.type} at level ${event.level}${byText(event)}`
              : r.status}
          </Typography>
        );
      })}
      {others.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No request waits on anyone else.
        </Typography>
      )}
      {others.map(r => (
        <OnBehalfCard
          key={r.id}
          request={r}
          onDecided={result => {
            setDecided(list => [{ level: r.level, request: result }, ...list]);
            pending.retry();
          }}
        />
      ))}
    </section>
  );
};
