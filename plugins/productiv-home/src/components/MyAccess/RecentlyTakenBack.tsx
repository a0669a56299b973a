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
import { serverMessage } from '../RequestPage/names';
import { Timestamp } from '../Timestamp/Timestamp';

/** What this section reads of `GET /me/taken-back` (license automation's TakenBackLicense). */
export type TakenBack = {
  actionId: string;
  appName: string;
  action: 'downgrade' | 'deprovision';
  fromTierName?: string;
  toTierName?: string;
  takenAt: string;
  automation: string;
  restoreUntil: string;
  restorable: boolean;
  refusal?: string;
  restore?: { status: 'queued' | 'done' | 'failed'; detail?: string };
};

/** "Figma Editor removed", "Figma moved from Editor to Viewer". */
export function takenWords(t: TakenBack): string {
  if (t.action === 'downgrade') {
    return `${t.appName} moved from ${t.fromTierName ?? 'your tier'} to ${
      t.toTierName ?? 'a lower tier'
    }`;
  }
  return `${t.appName}${t.fromTierName ? ` ${t.fromTierName}` : ''} removed`;
}

const RESTORE_WORDS = {
  queued: 'Being restored',
  done: 'Restored',
  failed: 'Restore failed',
} as const;

/**
 * My access, "Recently taken back": licenses license automation took from
 * the person, when and by which rule, with Restore while the app's window
 * is open (otherwise what to do instead). Hidden when nothing was taken.
 */
export const RecentlyTakenBack = (props: { onRestored?: () => void }) => {
  const discovery = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const alertApi = useApi(alertApiRef);
  const [restoring, setRestoring] = useState<string>();
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(
      `${await discovery.getBaseUrl('productiv-home')}${path}`,
      init,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res.json();
  };
  const taken = useAsyncRetry(
    async (): Promise<TakenBack[]> => (await call('/me/taken-back')).items,
    [],
  );

  const restore = async (t: TakenBack) => {
    setRestoring(t.actionId);
    try {
      await call(`/me/taken-back/${encodeURIComponent(t.actionId)}/restore`, {
        method: 'POST',
      });
      alertApi.post({
        message: `Your ${t.appName} license is being restored`,
        severity: 'success',
        display: 'transient',
      });
      props.onRestored?.();
    } catch (error) {
      alertApi.post({
        message: serverMessage(error),
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setRestoring(undefined);
      taken.retry();
    }
  };

  if (taken.error) {
    return (
      <Typography variant="body2" color="error" style={{ marginBottom: 16 }}>
        Licenses taken back could not be read: {serverMessage(taken.error)}
      </Typography>
    );
  }
  if (!taken.value?.length) return null;
  return (
    <div style={{ marginBottom: 16 }} data-testid="recently-taken-back">
      <InfoCard title="Recently taken back">
        {taken.value.map(t => (
          <div
            key={t.actionId}
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 16,
              marginBottom: 8,
            }}
          >
            <div style={{ flex: 1 }}>
              <Typography variant="body1">
                {takenWords(t)} <Timestamp value={t.takenAt} />
              </Typography>
              <Typography variant="body2" color="textSecondary">
                By {t.automation}.{' '}
                {t.restore
                  ? `${RESTORE_WORDS[t.restore.status]}${
                      t.restore.status === 'failed' && t.restore.detail
                        ? `: ${t.restore.detail}`
                        : ''
                    }.`
                  : null}
                {!t.restore && t.restorable && (
                  <>
                    You can restore it until{' '}
                    <Timestamp value={t.restoreUntil} />.
                  </>
                )}
                {!t.restore && !t.restorable && t.refusal}
              </Typography>
            </div>
            {!t.restore && t.restorable && (
              <Button
                variant="outlined"
                color="primary"
                disabled={restoring === t.actionId}
                onClick={() => restore(t)}
                aria-label={`Restore my ${t.appName} license`}
              >
                Restore
              </Button>
            )}
          </div>
        ))}
      </InfoCard>
    </div>
  );
};
