import Button from '@material-ui/core/Button';
import Dialog, { DialogProps } from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useState } from 'react';

/**
 * A dialog around a form: its fields, Cancel and one primary action. What
 * the action throws is shown under the fields, and cleared when it is tried
 * again.
 */
export const FormDialog = (props: {
  title: ReactNode;
  submitLabel: string;
  maxWidth: DialogProps['maxWidth'];
  onCancel: () => void;
  /** The primary action; it closes the dialog itself when it succeeds. */
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) => {
  const [error, setError] = useState<string>();
  const submit = async () => {
    setError(undefined);
    try {
      await props.onSubmit();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Dialog open onClose={props.onCancel} fullWidth maxWidth={props.maxWidth}>
      <DialogTitle>{props.title}</DialogTitle>
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
        <Button color="primary" variant="contained" onClick={submit}>
          {props.submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
