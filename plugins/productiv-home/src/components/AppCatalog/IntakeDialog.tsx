import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { productivHomeApiRef } from '../../api';

/** Ask for an app that is not in the catalog; the default approvers decide. */
export const IntakeDialog = (props: {
  onClose: (submitted: boolean) => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();

  const submit = async () => {
    setError(undefined);
    try {
      await api.submitIntake({ name, url: url.trim() || undefined, reason });
      alertApi.post({
        message: `Asked for ${name}`,
        severity: 'success',
        display: 'transient',
      });
      props.onClose(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Dialog open onClose={() => props.onClose(false)} fullWidth maxWidth="sm">
      <DialogTitle>Ask for a new app</DialogTitle>
      <DialogContent>
        <TextField
          id="intake-name"
          fullWidth
          margin="dense"
          label="App name"
          value={name}
          onChange={e => setName(e.target.value)}
        />
        <TextField
          id="intake-url"
          fullWidth
          margin="dense"
          label="Website (optional)"
          value={url}
          onChange={e => setUrl(e.target.value)}
        />
        <TextField
          id="intake-reason"
          fullWidth
          multiline
          minRows={3}
          margin="dense"
          label="Why do you need it?"
          value={reason}
          onChange={e => setReason(e.target.value)}
        />
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose(false)}>Cancel</Button>
        <Button color="primary" variant="contained" onClick={submit}>
          Send request
        </Button>
      </DialogActions>
    </Dialog>
  );
};
