import { InfoCard } from '@backstage/core-components';
import {
  alertApiRef,
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { humanize, serverMessage } from '../RequestPage/names';
import { Timestamp } from '../Timestamp/Timestamp';

/** What this page reads of License automation's warnings (`GET /warnings`). */
type Warning = {
  id: string;
  instanceLabel: string;
  action: 'downgrade' | 'deprovision';
  fromTier?: string;
  toTier?: string;
  status: string;
  deadline?: string;
  allowOptOut: boolean;
};

const PLUGIN = 'provisioning-workflows';

/**
 * Upcoming changes License automation warned the person about, with Keep my
 * license where the workflow allows it: employees answer here, without an
 * admin page. Hidden when License automation is not installed.
 */
export const PendingWarnings = () => {
  const discovery = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const alertApi = useApi(alertApiRef);
  const [keeping, setKeeping] = useState<string>();
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(
      `${await discovery.getBaseUrl(PLUGIN)}${path}`,
      init,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  };
  const warnings = useAsyncRetry(async (): Promise<Warning[]> => {
    try {
      const { items } = await call('/warnings');
      return (items as Warning[]).filter(w => w.status === 'notified');
    } catch (error) {
      // No License automation here: nothing to warn about.
      if (ResponseError.is(error) && error.response.status === 404) return [];
      throw error;
    }
  }, []);

  const keep = async (w: Warning) => {
    setKeeping(w.id);
    try {
      await call(`/warnings/${encodeURIComponent(w.id)}/opt-out`, {
        method: 'POST',
      });
      alertApi.post({
        message: `You keep your ${w.instanceLabel} license`,
        severity: 'success',
        display: 'transient',
      });
      warnings.retry();
    } catch (error) {
      alertApi.post({
        message: serverMessage(error),
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setKeeping(undefined);
    }
  };

  if (warnings.error) {
    return (
      <Typography variant="body2" color="error" style={{ marginBottom: 16 }}>
        License warnings could not be read: {serverMessage(warnings.error)}
      </Typography>
    );
  }
  if (!warnings.value?.length) return null;
  return (
    <div style={{ marginBottom: 16 }} data-testid="pending-warnings">
      <InfoCard title="Changes coming to your licenses">
        {warnings.value.map(w => (
          <div
            key={w.id}
            style={{ display: 'flex', alignItems: 'center', gap: 16 }}
          >
            <Typography variant="body1" style={{ flex: 1 }}>
              {w.action === 'deprovision'
                ? `Your ${w.instanceLabel} license will be reclaimed`
                : `Your ${w.instanceLabel} license will move from ${humanize(
                    w.fromTier ?? 'your tier',
                  )} to ${humanize(w.toTier ?? 'a lower tier')}`}{' '}
              <Timestamp value={w.deadline} empty="soon" />, because you have
              not used it lately.
            </Typography>
            {w.allowOptOut && (
              <Button
                variant="outlined"
                color="primary"
                disabled={keeping === w.id}
                onClick={() => keep(w)}
                aria-label={`Keep my ${w.instanceLabel} license`}
              >
                Keep my license
              </Button>
            )}
          </div>
        ))}
      </InfoCard>
    </div>
  );
};
