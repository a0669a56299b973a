import {
  alertApiRef,
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { RestoreClient } from '../../api/RestoreClient';
import { errorMessage } from '../../util/errorMessage';
import { Timestamp } from '../Timestamp/Timestamp';

/**
 * "Restore my license" on the page a warning links to, once the change
 * was made: one click gives the license back within the restore window;
 * otherwise it says why not and what to do.
 */
export const RestoreLicense = (props: {
  actionId: string;
  appName: string;
}) => {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const alertApi = useApi(alertApiRef);
  const client = useMemo(
    () => new RestoreClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  const taken = useAsyncRetry(
    async () =>
      (await client.takenBack()).find(t => t.actionId === props.actionId),
    [client, props.actionId],
  );
  const [busy, setBusy] = useState(false);
  const item = taken.value;
  if (taken.error) {
    return (
      <Typography variant="body2" color="error">
        Whether this license can be restored could not be read:{' '}
        {errorMessage(taken.error)}
      </Typography>
    );
  }
  if (!item) return null;

  const restore = async () => {
    setBusy(true);
    try {
      await client.restore(item.actionId);
      alertApi.post({
        message: `Your ${props.appName} license is being restored`,
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
      taken.retry();
    }
  };

  return (
    <Box mt={2} data-testid="restore-license">
      {item.restore ? (
        <Typography variant="body1">
          {item.restore.status === 'done' && 'Your license was restored'}
          {item.restore.status === 'queued' && 'Your license is being restored'}
          {item.restore.status === 'failed' &&
            `The restore failed: ${item.restore.detail ?? 'no reason given'}`}
          {item.restore.restoredAt && (
            <>
              {' '}
              <Timestamp value={item.restore.restoredAt} />
            </>
          )}
          .
        </Typography>
      ) : null}
      {!item.restore && item.restorable && (
        <>
          <Typography variant="body2" paragraph>
            Needed it after all? You can get it back, at the same tier, until{' '}
            <Timestamp value={item.restoreUntil} />.
          </Typography>
          <Button
            variant="contained"
            color="primary"
            disabled={busy}
            onClick={restore}
          >
            Restore my license
          </Button>
        </>
      )}
      {!item.restore && !item.restorable && item.refusal && (
        <Typography variant="body2">{item.refusal}</Typography>
      )}
    </Box>
  );
};
