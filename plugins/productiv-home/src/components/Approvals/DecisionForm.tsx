import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useId, useState } from 'react';
import { serverMessage } from '../RequestPage/names';

export type Decision = 'approved' | 'denied';

/**
 * A comment and Approve / Deny, for one request. A refusal stays beside the
 * buttons with the server's reason (not in a toast), and the comment is kept
 * to try again.
 */
export const DecisionForm = (props: {
  /** Decides; throws when the server refuses. */
  onDecide: (decision: Decision, comment?: string) => Promise<void>;
  /** Visible button texts; default "Approve" and "Deny". */
  texts?: { approve: string; deny: string };
  /** Accessible names of the buttons, naming the request. */
  names?: { approve: string; deny: string };
  /** The comment field's label. */
  commentLabel?: string;
  disabled?: boolean;
}) => {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // The visible label names the field through its id: one per form, and
  // without the colons of useId, which CSS selectors (label[for]) trip on.
  const id = `comment-${useId().replace(/[^\w-]/g, '')}`;
  const decide = async (decision: Decision) => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onDecide(decision, comment.trim() || undefined);
    } catch (e) {
      setError(serverMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const off = busy || props.disabled;
  return (
    <>
      <TextField
        id={id}
        fullWidth
        margin="dense"
        label={props.commentLabel ?? 'Comment (optional)'}
        value={comment}
        disabled={off}
        onChange={e => setComment(e.target.value)}
      />
      <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        <Button
          color="primary"
          variant="contained"
          disabled={off}
          onClick={() => decide('approved')}
          aria-label={props.names?.approve}
        >
          {props.texts?.approve ?? 'Approve'}
        </Button>
        <Button
          variant="outlined"
          disabled={off}
          onClick={() => decide('denied')}
          aria-label={props.names?.deny}
        >
          {props.texts?.deny ?? 'Deny'}
        </Button>
      </div>
      {error && (
        <Typography
          role="alert"
          variant="body2"
          color="error"
          style={{ marginTop: 8 }}
        >
          Not decided: {error}
        </Typography>
      )}
    </>
  );
};
