import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { productivHomeApiRef } from '../../api';
import { serverMessage } from './names';

/** The requester's Cancel, while the request waits for approval; it asks first. */
export const CancelRequest = (props: {
  request: AccessRequest;
  /** "Figma · Editor" */
  title: string;
  onCancelled: () => void;
  /** A smaller button, for lists. */
  small?: boolean;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const cancel = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.cancel(props.request.id);
      setOpen(false);
      alertApi.post({
        message: `Cancelled your request for ${props.title}`,
        severity: 'success',
        display: 'transient',
      });
      props.onCancelled();
    } catch (e) {
      setError(serverMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size={props.small ? 'small' : 'medium'}
        variant={props.small ? 'text' : 'outlined'}
        onClick={() => setOpen(true)}
        aria-label={`Cancel the request for ${props.title}`}
        style={props.small ? undefined : { marginTop: 8 }}
      >
        Cancel request
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby={`cancel-${props.request.id}`}
      >
        <DialogTitle id={`cancel-${props.request.id}`}>
          Cancel your request for {props.title}?
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            The approvers are no longer asked to decide. To get the app later,
            request it again.
          </Typography>
          {error && (
            <Typography variant="body2" color="error" role="alert">
              Not cancelled: {error}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Keep it
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={cancel}
            disabled={busy}
          >
            Cancel request
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
