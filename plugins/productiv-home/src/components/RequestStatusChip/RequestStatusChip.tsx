import {
  RequestKind,
  RequestStatus,
} from '@internal/plugin-productiv-home-common';
import Chip from '@material-ui/core/Chip';

const LABELS: Record<RequestStatus, string> = {
  pending_approval: 'Pending approval',
  approved: 'Approved',
  denied: 'Denied',
  cancelled: 'Cancelled',
  fulfilling: 'Being set up',
  fulfilled: 'Access granted',
  failed: 'Failed',
  expired: 'Expired',
};

/** A license given back reads as a removal, not as access granted. */
const RETURN_LABELS: Partial<Record<RequestStatus, string>> = {
  fulfilling: 'Being removed',
  fulfilled: 'Given back',
};

/** A change license automation handed to IT reads as IT's work. */
const RECLAIM_LABELS: Partial<Record<RequestStatus, string>> = {
  fulfilling: 'Waiting on IT',
  fulfilled: 'Done by IT',
};

/** A request's status as a person reads it. */
export const RequestStatusChip = (props: {
  status: RequestStatus;
  level?: number;
  kind?: RequestKind;
}) => (
  <Chip
    size="small"
    data-testid="request-status"
    color={props.status === 'fulfilled' ? 'primary' : 'default'}
    label={
      props.status === 'pending_approval' && props.level
        ? `${LABELS[props.status]} (level ${props.level})`
        : (props.kind === 'return' && RETURN_LABELS[props.status]) ||
          (props.kind === 'reclaim' && RECLAIM_LABELS[props.status]) ||
          LABELS[props.status]
    }
  />
);
