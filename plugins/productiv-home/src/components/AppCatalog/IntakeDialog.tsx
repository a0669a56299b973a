import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { productivHomeApiRef } from '../../api';
import { FormDialog } from '../FormDialog/FormDialog';

/** Ask for an app that is not in the catalog; the default approvers decide. */
export const IntakeDialog = (props: {
  onClose: (submitted: boolean) => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [reason, setReason] = useState('');

  const submit = async () => {
    await api.submitIntake({ name, url: url.trim() || undefined, reason });
    alertApi.post({
      message: `Asked for ${name}`,
      severity: 'success',
      display: 'transient',
    });
    props.onClose(true);
  };
  return (
    <FormDialog
      title="Ask for a new app"
      submitLabel="Send request"
      maxWidth="sm"
      onCancel={() => props.onClose(false)}
      onSubmit={submit}
    >
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
    </FormDialog>
  );
};
