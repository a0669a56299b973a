import Button from '@material-ui/core/Button';
import Dialog, { DialogProps } from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useId, useState } from 'react';
import { serverMessage } from '../RequestPage/names';
import { inputErrors } from './fieldErrors';

/**
 * A dialog around a form: its fields, Cancel and one primary action. What
 * the action throws is shown under the fields in the server's words (not
 * "Request failed with 400"), and cleared when it is tried again. A form
 * that shows field errors gets a refusal for bad input by field first
 * (`onFieldErrors`) and only what it could not place is shown here.
 */
export const FormDialog = (props: {
  title: ReactNode;
  submitLabel: string;
  maxWidth: DialogProps['maxWidth'];
  onCancel: () => void;
  /**
   * The primary action; it closes the dialog itself when it succeeds. When
   * its own checks find fields to fix it returns without closing, and may
   * return a message for the whole form.
   */
  onSubmit: () => Promise<string | void>;
  /**
   * Shows a 400's field errors (by dotted path, see `fieldErrors`) beside
   * the fields; returns the message of those it could not place.
   */
  onFieldErrors?: (errors: Record<string, string>) => string | undefined;
  children: ReactNode;
}) => {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The dialog is named by its title.
  const titleId = `form-dialog-${useId().replace(/[^\w-]/g, '')}`;
  const submit = async () => {
    setError(undefined);
    setBusy(true);
    try {
      const problem = await props.onSubmit();
      if (problem) setError(problem);
    } catch (e) {
      const fields = props.onFieldErrors && inputErrors(e);
      setError(
        fields && props.onFieldErrors
          ? props.onFieldErrors(fields)
          : serverMessage(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={props.onCancel}
      fullWidth
      maxWidth={props.maxWidth}
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>
        {props.children}
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy}
          onClick={submit}
        >
          {props.submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
