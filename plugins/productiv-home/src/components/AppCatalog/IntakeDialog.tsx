import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { productivHomeApiRef } from '../../api';
import { FormDialog } from '../FormDialog/FormDialog';
import { placeErrors } from '../FormDialog/fieldErrors';

type Field = 'name' | 'url' | 'reason';
type Errors = Partial<Record<Field, string>>;

/** An address people can open: http(s) with a host. */
function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') && !!url.host
    );
  } catch {
    return false;
  }
}

/** What is wrong with the form before it is sent, field by field. */
export function checkIntake(form: Record<Field, string>): Errors {
  const errors: Errors = {};
  if (!form.name.trim()) errors.name = 'Name the app you need';
  const url = form.url.trim();
  if (url && !isWebAddress(url)) {
    errors.url = 'Give the full address, e.g. https://www.gong.io';
  }
  if (!form.reason.trim()) {
    errors.reason = 'Tell the approvers why you need it';
  }
  return errors;
}

/** Ask for an app that is not in the catalog; the default approvers decide. */
export const IntakeDialog = (props: {
  onClose: (submitted: boolean) => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const [form, setForm] = useState<Record<Field, string>>({
    name: '',
    url: '',
    reason: '',
  });
  const [errors, setErrors] = useState<Errors>({});

  const submit = async () => {
    const problems = checkIntake(form);
    setErrors(problems);
    if (Object.keys(problems).length) return;
    await api.submitIntake({
      name: form.name.trim(),
      url: form.url.trim() || undefined,
      reason: form.reason.trim(),
    });
    alertApi.post({
      message: `Asked for ${form.name.trim()}`,
      severity: 'success',
      display: 'transient',
    });
    props.onClose(true);
  };

  const field = (name: Field) => ({
    id: `intake-${name}`,
    value: form[name],
    error: Boolean(errors[name]),
    onChange: (e: { target: { value: string } }) => {
      setForm({ ...form, [name]: e.target.value });
      // Fixing a field clears what was said about it.
      setErrors({ ...errors, [name]: undefined });
    },
  });

  return (
    <FormDialog
      title="Ask for a new app"
      submitLabel="Send request"
      maxWidth="sm"
      onCancel={() => props.onClose(false)}
      onSubmit={submit}
      onFieldErrors={fields => {
        const placed = placeErrors(fields, f =>
          f === 'name' || f === 'url' || f === 'reason' ? f : undefined,
        );
        setErrors(placed.fields);
        return placed.rest;
      }}
    >
      <TextField
        {...field('name')}
        fullWidth
        required
        margin="dense"
        label="App name"
        helperText={errors.name}
      />
      <TextField
        {...field('url')}
        fullWidth
        margin="dense"
        type="url"
        label="Website (optional)"
        helperText={errors.url}
      />
      <TextField
        {...field('reason')}
        fullWidth
        required
        multiline
        minRows={3}
        margin="dense"
        label="Why do you need it?"
        helperText={errors.reason ?? 'Your approvers read this'}
      />
    </FormDialog>
  );
};
