import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { refName } from '../../util/refName';
import { useRequestUpdates } from '../../hooks/useRequestUpdates';
import { OnBehalfRequests } from './OnBehalfRequests';

const ApprovalCard = (props: {
  request: AccessRequest;
  onDecided: () => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const r = props.request;
  const decide = async (decision: 'approved' | 'denied') => {
    setBusy(true);
    try {
      await api.decide(r.id, { decision, comment: comment || undefined });
      alertApi.post({
        message: `${decision === 'approved' ? 'Approved' : 'Denied'} ${
          r.appKey
        } for ${refName(r.requester)}`,
        severity: 'success',
        display: 'transient',
      });
      props.onDecided();
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      variant="outlined"
      style={{ marginBottom: 12 }}
      data-testid="approval-card"
    >
      <CardContent>
        <Typography variant="h6">
          {refName(r.requester)} requests {r.appKey} ({r.tier})
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Level {r.level} · requested {new Date(r.createdAt).toLocaleString()}
        </Typography>
        <Typography variant="body1">
          {r.justification ?? 'No justification given'}
        </Typography>
        <TextField
          fullWidth
          margin="dense"
          label="Comment (optional)"
          value={comment}
          onChange={e => setComment(e.target.value)}
        />
      </CardContent>
      <CardActions>
        <Button
          color="primary"
          variant="contained"
          disabled={busy}
          onClick={() => decide('approved')}
        >
          Approve
        </Button>
        <Button disabled={busy} onClick={() => decide('denied')}>
          Deny
        </Button>
      </CardActions>
    </Card>
  );
};

/**
 * The approver's inbox: requests waiting for their decision; for admins
 * also those waiting on others, to decide for them.
 */
export const Approvals = (props: { admin?: boolean }) => {
  const api = useApi(productivHomeApiRef);
  const approvals = useAsyncRetry(() => api.listApprovals(), [api]);
  useRequestUpdates(approvals.retry);
  if (approvals.loading && !approvals.value) return <Progress />;
  if (approvals.error) return <ResponseErrorPanel error={approvals.error} />;
  const inbox = approvals.value ?? [];
  return (
    <>
      {inbox.length ? (
        inbox.map(r => (
          <ApprovalCard key={r.id} request={r} onDecided={approvals.retry} />
        ))
      ) : (
        <EmptyState
          missing="data"
          title="Nothing to approve"
          description="Requests waiting for your decision appear here."
        />
      )}
      {props.admin && <OnBehalfRequests inbox={inbox.map(r => r.id)} />}
    </>
  );
};
