import { InfoCard, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { warningsRouteRef } from '../../routes';
import { errorMessage } from '../../util/errorMessage';
import { PERMISSION_LABELS } from '../../util/labels';

/** Whether an error is the server refusing the caller (403), not a failure. */
export function isRefusal(error: unknown): boolean {
  if (ResponseError.is(error)) return error.statusCode === 403;
  return (error as Error)?.name === 'NotAllowedError';
}

/**
 * What someone without the permission sees instead of license automation:
 * which permission is missing, who the page is for, who to ask, and the way
 * back. Never a bare "403".
 */
export const RefusedPage = (props: {
  /** The permission missing, by name. */
  permission?: string;
  /** The server's refusal, when there was one; its reason is shown. */
  error?: unknown;
}) => {
  const warningsLink = useRouteRef(warningsRouteRef);
  const permission =
    PERMISSION_LABELS[props.permission ?? 'provisioning-workflows.app.manage'];
  const reason = props.error
    ? errorMessage(props.error).replace(/\.$/, '')
    : undefined;
  return (
    <InfoCard title="You don't have access to License automation">
      <div data-testid="refused">
        <Typography variant="body1" paragraph>
          This page needs the permission <strong>{permission}</strong>, which
          your account does not have.
          {reason && !/^Request failed/.test(reason) ? ` ${reason}.` : ''}
        </Typography>
        <Typography variant="body1" paragraph>
          License automation is for IT and app admins: it reclaims or downgrades
          the licenses that people no longer use.
        </Typography>
        <Typography variant="body1" paragraph>
          If you need it, ask your Backstage administrator (the IT team that
          runs Productiv) to give you access, or an app's admin to make you one
          of them.
        </Typography>
        <Box display="flex" style={{ gap: 24 }}>
          <Link to="/productiv-home">Back to Productiv Home</Link>
          <Link to={warningsLink()}>Your license warnings</Link>
        </Box>
      </div>
    </InfoCard>
  );
};
