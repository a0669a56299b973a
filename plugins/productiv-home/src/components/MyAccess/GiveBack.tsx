import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { productivHomeApiRef } from '../../api';
import { serverMessage } from '../RequestPage/names';

/**
 * "Give back" on a row of My access: asks first (what the person loses,
 * that they can ask again), then sends the return, which needs no approval.
 */
export const GiveBack = (props: {
  appKey: string;
  appName: string;
  tierName: string;
  onGivenBack: () => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const thing = `${props.appName} ${props.tierName}`;
  const titleId = `give-back-${props.appKey}`;
  const close = () => {
    setOpen(false);
    setError(undefined);
  };
  const giveBack = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.giveBack({ appKey: props.appKey });
      setOpen(false);
      alertApi.post({
        message: `Giving back ${thing}: follow it in My requests`,
        severity: 'success',
        display: 'transient',
      });
      props.onGivenBack();
    } catch (e) {
      setError(serverMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size="small"
        style={{ marginLeft: 8 }}
        onClick={() => setOpen(true)}
        aria-label={`Give back ${thing}`}
      >
        Give back
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby={titleId}>
        <DialogTitle id={titleId}>Give back {thing}?</DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            You lose access to {thing} once it is removed, and its seat goes to
            someone who needs it. No approval is needed.
          </Typography>
          <Typography variant="body2">
            You can request {props.appName} again later from the Apps tab.
          </Typography>
          {error && (
            <Typography variant="body2" color="error" role="alert">
              Not given back: {error}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={busy}>
            Keep it
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={giveBack}
            disabled={busy}
          >
            Give back
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
