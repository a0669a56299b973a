import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { productivHomeApiRef } from '../../api';

const OPEN = ['pending_approval', 'approved', 'fulfilling'];

const count = (n: number | undefined, one: string, many: string) =>
  n === undefined ? '…' : `${n} ${n === 1 ? one : many}`;

/**
 * What waits for the person, on landing: their requests still open, the
 * approvals waiting for them and the apps they hold, each a link to its tab.
 * A part that cannot be read shows a dash; the others still show.
 */
export const AtAGlance = (props: { approver: boolean }) => {
  const api = useApi(productivHomeApiRef);
  const requests = useAsync(() => api.listMyRequests(), [api]);
  const approvals = useAsync(
    async () => (props.approver ? api.listApprovals() : []),
    [api, props.approver],
  );
  const held = useAsync(() => api.listMyAccess(), [api]);
  const n = (s: { value?: unknown[]; error?: Error }) =>
    s.error ? undefined : s.value?.length;
  const open = requests.value?.filter(r => OPEN.includes(r.status)).length;
  return (
    <InfoCard title="At a glance">
      <Typography variant="body1" data-testid="glance-requests">
        <Link to="?tab=requests" underline="always">
          {requests.error ? 'My requests' : count(open, 'request', 'requests')}
        </Link>{' '}
        {requests.error ? '' : 'still open'}
      </Typography>
      {props.approver && (
        <Typography variant="body1" data-testid="glance-approvals">
          <Link to="?tab=approvals" underline="always">
            {count(n(approvals), 'approval', 'approvals')}
          </Link>{' '}
          waiting for you
        </Typography>
      )}
      <Typography variant="body1" data-testid="glance-access">
        <Link to="?tab=access" underline="always">
          {count(n(held), 'app', 'apps')}
        </Link>{' '}
        you hold
      </Typography>
      <Typography variant="body2" style={{ marginTop: 8 }}>
        Browse the apps your company offers, see what your team uses and request
        access at the license tier you need.
      </Typography>
    </InfoCard>
  );
};
