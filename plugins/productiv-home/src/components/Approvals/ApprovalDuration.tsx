import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Typography from '@material-ui/core/Typography';
import { Timestamp } from '../Timestamp/Timestamp';

/**
 * How long the access asked for lasts, for the approver: the days asked
 * for, or permanent; for an extension, the days added and the current end.
 */
export const ApprovalDuration = (props: { request: AccessRequest }) => {
  const r = props.request;
  let text: React.ReactNode = 'Permanent access';
  if (r.kind === 'extend' && r.accessDays) {
    text = (
      <>
        Extension by {r.accessDays} days; access now ends{' '}
        <Timestamp value={r.expiresAt} />
      </>
    );
  } else if (r.accessDays) {
    text = `For ${r.accessDays} days, then access ends unless extended`;
  }
  return (
    <Typography variant="body2" data-testid="approval-duration">
      {text}
    </Typography>
  );
};
