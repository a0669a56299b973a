import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { AppDirectory } from '../RequestPage/names';
import { useRequestName } from './ApprovalCard';
import { Decision } from './DecisionForm';
import { useBulkDecisions } from './useBulkDecisions';

const plural = (n: number) => `${n} request${n === 1 ? '' : 's'}`;

const ItemName = (props: { request: AccessRequest; apps: AppDirectory }) => (
  <li>{useRequestName(props.request, props.apps)}</li>
);

/**
 * Approve or deny the ticked requests at once, with one comment: a
 * confirmation first, then each decision in turn with its progress.
 */
export const BulkDecisionBar = (props: {
  inbox: AccessRequest[];
  apps: AppDirectory;
  bulk: ReturnType<typeof useBulkDecisions>;
  onDone: () => void;
}) => {
  const alertApi = useApi(alertApiRef);
  const { bulk, inbox } = props;
  const [comment, setComment] = useState('');
  const [confirming, setConfirming] = useState<Decision>();
  const [summary, setSummary] = useState<string>();
  const chosen = inbox.filter(r => bulk.selected.has(r.id));
  const all = inbox.length > 0 && chosen.length === inbox.length;
  const verb = confirming === 'approved' ? 'Approve' : 'Deny';

  const decide = async (decision: Decision) => {
    setConfirming(undefined);
    setSummary(undefined);
    const { decided, failed } = await bulk.run(
      chosen,
      decision,
      comment.trim() || undefined,
    );
    const done = `${decision === 'approved' ? 'Approved' : 'Denied'} ${plural(
      decided,
    )}`;
    if (failed) {
      setSummary(
        `${done}; ${plural(
          failed,
        )} could not be decided: the reason is beside each. They stay selected and your comment is kept, to try again.`,
      );
    } else {
      setComment('');
      alertApi.post({
        message: done,
        severity: 'success',
        display: 'transient',
      });
    }
    props.onDone();
  };

  return (
    <Paper
      variant="outlined"
      style={{ padding: 16, marginBottom: 16 }}
      component="section"
      aria-label="Decide several at once"
    >
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          flexWrap: 'wrap',
        }}
      >
        <FormControlLabel
          control={
            <Checkbox
              checked={all}
              indeterminate={chosen.length > 0 && !all}
              disabled={bulk.running}
              onChange={e =>
                bulk.setSelected(
                  new Set(e.target.checked ? inbox.map(r => r.id) : []),
                )
              }
            />
          }
          label={`Select all (${inbox.length})`}
        />
        <Typography variant="body2" color="textSecondary">
          {chosen.length
            ? `${plural(chosen.length)} selected`
            : 'None selected'}
        </Typography>
      </div>
      <TextField
        id="bulk-decision-comment"
        fullWidth
        margin="dense"
        label="Comment for the selected requests (optional)"
        value={comment}
        disabled={bulk.running}
        onChange={e => setComment(e.target.value)}
      />
      <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        <Button
          color="primary"
          variant="contained"
          disabled={!chosen.length || bulk.running}
          onClick={() => setConfirming('approved')}
        >
          Approve selected
        </Button>
        <Button
          variant="outlined"
          disabled={!chosen.length || bulk.running}
          onClick={() => setConfirming('denied')}
        >
          Deny selected
        </Button>
      </div>
      {bulk.progress && (
        <div role="status" style={{ marginTop: 12 }}>
          <Typography variant="body2">
            Deciding {bulk.progress.done + 1} of {bulk.progress.total}…
          </Typography>
          <LinearProgress
            variant="determinate"
            value={(bulk.progress.done / bulk.progress.total) * 100}
            aria-label="Decisions made"
          />
        </div>
      )}
      {summary && (
        <Typography
          variant="body2"
          color="error"
          role="alert"
          style={{ marginTop: 12 }}
          data-testid="bulk-summary"
        >
          {summary}
        </Typography>
      )}
      <Dialog
        open={confirming !== undefined}
        onClose={() => setConfirming(undefined)}
        aria-labelledby="bulk-confirm-title"
      >
        <DialogTitle id="bulk-confirm-title">
          {verb} {plural(chosen.length)}?
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2">
            {comment.trim()
              ? `Each decision carries your comment: “${comment.trim()}”.`
              : 'Without a comment.'}
          </Typography>
          <ul>
            {chosen.map(r => (
              <ItemName key={r.id} request={r} apps={props.apps} />
            ))}
          </ul>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(undefined)}>Back</Button>
          <Button
            color="primary"
            variant="contained"
            onClick={() => confirming && decide(confirming)}
          >
            {verb} {plural(chosen.length)}
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
};
