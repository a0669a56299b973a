import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { CatalogListing } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { productivHomeApiRef } from '../../api';

/** Request an app at a tier, with a justification for the approver. */
export const RequestDialog = (props: {
  app: CatalogListing;
  onClose: (submitted: boolean) => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const [tier, setTier] = useState(props.app.tiers[0]);
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const request = await api.submitRequest({
        appKey: props.app.appKey,
        tier,
        justification: justification || undefined,
      });
      alertApi.post({
        message:
          request.status === 'pending_approval'
            ? `Requested ${props.app.name} (${tier}); your approver has been asked`
            : `Requested ${props.app.name} (${tier})`,
        severity: 'success',
        display: 'transient',
      });
      props.onClose(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={() => props.onClose(false)} fullWidth maxWidth="sm">
      <DialogTitle>Request {props.app.name}</DialogTitle>
      <DialogContent>
        <TextField
          select
          fullWidth
          margin="normal"
          label="License tier"
          value={tier}
          onChange={e => setTier(e.target.value)}
          inputProps={{ 'data-testid': 'tier-select' }}
        >
          {props.app.tiers.map(t => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="request-justification"
          fullWidth
          multiline
          minRows={3}
          margin="normal"
          label="Why do you need it?"
          value={justification}
          onChange={e => setJustification(e.target.value)}
          error={Boolean(error)}
          helperText={error}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy}
          onClick={submit}
        >
          Submit request
        </Button>
      </DialogActions>
    </Dialog>
  );
};
