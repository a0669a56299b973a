import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { Fragment } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { productivHomeApiRef } from '../../api';
import { People } from '../RequestPage/Person';

/**
 * Who the request will go to, before it is sent: "Your request goes to
 * Olivia Chen, then Sofia Garcia." Nothing when it cannot be told.
 */
export const WhoApproves = (props: { appKey: string }) => {
  const api = useApi(productivHomeApiRef);
  const { value } = useAsync(
    // The API may be a partial fake in previews: no line then.
    async () => api.previewApprovers?.(props.appKey),
    [api, props.appKey],
  );
  if (!value) return null;
  if (!value.needsApproval) {
    return (
      <Typography variant="body2" data-testid="who-approves">
        No approval needed: access is set up as soon as you send it.
      </Typography>
    );
  }
  const asked = value.levels.filter(l => l.approvers.length);
  if (!asked.length) return null;
  return (
    <Typography variant="body2" data-testid="who-approves">
      Your request goes to{' '}
      {asked.map((l, i) => (
        <Fragment key={l.level}>
          {i > 0 && ', then '}
          <People refs={l.approvers} />
          {l.viaFallback && ' (standing in)'}
        </Fragment>
      ))}
      .
    </Typography>
  );
};
