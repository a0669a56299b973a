import { Link } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { productivHomeApiRef } from '../../api';
import { DurationField } from '../AppCatalog/DurationField';
import { Timestamp } from '../Timestamp/Timestamp';
import { AppDirectory, serverMessage } from './names';

/** Whether this page is the grant of time-bound access that has not ended yet. */
export function extendable(r: AccessRequest, now = Date.now()): boolean {
  return (
    (!r.kind || r.kind === 'grant') &&
    r.status === 'fulfilled' &&
    Boolean(r.expiresAt) &&
    Date.parse(r.expiresAt!) > now &&
    !r.history.some(
      e => e.type === 'access-expired' || e.type === 'removed-in-okta',
    )
  );
}

/**
 * Asks for more days of time-bound access: the days within the app's
 * maximum (its default preselected) and why; the app's approval policy
 * decides. Opened from the warning's link (`&extend=1`) at once.
 */
const ExtendDialog = (props: {
  request: AccessRequest;
  apps: AppDirectory;
  onClose: (created?: AccessRequest) => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const { request: r, apps } = props;
  const app = apps.app(r.appKey) ?? {};
  const [days, setDays] = useState<number>();
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const daysError = error?.startsWith('accessDays: ')
    ? error.slice('accessDays: '.length)
    : undefined;
  const submit = async () => {
    if (!days) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.extendAccess(r.id, {
        accessDays: days,
        ...(justification.trim()
          ? { justification: justification.trim() }
          : {}),
      });
      alertApi.post({
        message:
          created.status === 'pending_approval'
            ? 'Extension requested; your approver has been asked'
            : 'Extension requested',
        severity: 'success',
        display: 'transient',
      });
      props.onClose(created);
    } catch (e) {
      setError(serverMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={() => props.onClose()} fullWidth maxWidth="sm">
      <DialogTitle>
        Extend {apps.appName(r)} {apps.tierName(r)}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2">
          Your access ends <Timestamp value={r.expiresAt} />. An extension adds
          days to that, once approved.
        </Typography>
        <DurationField
          app={app}
          tier={r.tier}
          onChange={setDays}
          error={daysError}
          noPermanent
        />
        <TextField
          id="extend-justification"
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          label="Why do you need it longer?"
          value={justification}
          onChange={e => setJustification(e.target.value)}
          error={Boolean(error) && !daysError}
          helperText={daysError ? undefined : error}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose()}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !days}
          onClick={submit}
        >
          Request extension
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * When time-bound access ends, and for its holder the one click that asks
 * to extend it.
 */
export const AccessExpiry = (props: {
  request: AccessRequest;
  apps: AppDirectory;
  mine: boolean;
}) => {
  const { request: r } = props;
  const [open, setOpen] = useState(
    () =>
      props.mine &&
      extendable(r) &&
      new URLSearchParams(window.location.search).get('extend') === '1',
  );
  const [created, setCreated] = useState<AccessRequest>();
  if (!r.expiresAt) return null;
  return (
    <div data-testid="access-expiry">
      <Typography variant="body2" component="div" style={{ marginBottom: 4 }}>
        <strong>
          {r.kind === 'extend'
            ? 'Access expires (before this extension)'
            : 'Access expires'}
          :
        </strong>{' '}
        <Timestamp value={r.expiresAt} />
      </Typography>
      {props.mine && extendable(r) && (
        <Button
          variant="outlined"
          color="primary"
          size="small"
          onClick={() => setOpen(true)}
        >
          Request an extension
        </Button>
      )}
      {created && (
        <Typography variant="body2" style={{ marginTop: 4 }}>
          <Link to={`?tab=requests&request=${created.id}`}>
            Follow your extension request
          </Link>
        </Typography>
      )}
      {open && (
        <ExtendDialog
          request={r}
          apps={props.apps}
          onClose={c => {
            setOpen(false);
            if (c) setCreated(c);
          }}
        />
      )}
    </div>
  );
};
