import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { CatalogApp } from '@internal/plugin-productiv-home-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { productivHomeApiRef } from '../../api';
import { priceText, serverMessage, tiersOf } from '../RequestPage/names';
import { SeatNotice } from './SeatNotice';
import { WhoApproves } from './WhoApproves';
import { DurationField } from './DurationField';

/**
 * Request an app at a tier, with a justification for the approver. The
 * tiers come lowest first with what each gives and costs; the tier the
 * person holds already cannot be picked, and asking for another one is a
 * change from it.
 */
export const RequestDialog = (props: {
  app: CatalogApp;
  /** The tier to start from, e.g. when changing tier from My access. */
  initialTier?: string;
  onClose: (submitted: boolean) => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const tiers = tiersOf(props.app);
  const heldTier = props.app.held?.tier;
  const [tier, setTier] = useState(
    props.initialTier ??
      tiers.find(t => t.tier !== heldTier)?.tier ??
      tiers[0]?.tier,
  );
  const [justification, setJustification] = useState('');
  // Days of access; undefined is permanent (or the app's default).
  const [accessDays, setAccessDays] = useState<number>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const chosen = tiers.find(t => t.tier === tier);
  const isHeld = Boolean(heldTier) && tier === heldTier;
  // The server names the field it refuses: a duration above the maximum.
  const durationError = error?.startsWith('accessDays: ')
    ? error.slice('accessDays: '.length)
    : undefined;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const request = await api.submitRequest({
        appKey: props.app.appKey,
        tier,
        justification: justification || undefined,
        ...(accessDays ? { accessDays } : {}),
      });
      const what = `${props.app.name} ${chosen?.displayName ?? tier}`;
      alertApi.post({
        message:
          request.status === 'pending_approval'
            ? `Requested ${what}; your approver has been asked`
            : `Requested ${what}`,
        severity: 'success',
        display: 'transient',
      });
      props.onClose(true);
    } catch (e) {
      setError(serverMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={() => props.onClose(false)} fullWidth maxWidth="sm">
      <DialogTitle>
        {props.app.held ? 'Change' : 'Request'} {props.app.name}
      </DialogTitle>
      <DialogContent>
        {props.app.held && (
          <Typography variant="body2" data-testid="held-tier">
            You have {props.app.name}{' '}
            {props.app.held.tierName ?? 'through Okta'}. Pick the tier you want
            instead: the one you have now is taken away when the new one is
            granted.
          </Typography>
        )}
        <TextField
          select
          fullWidth
          margin="normal"
          id="request-tier"
          label="License tier"
          value={tier}
          onChange={e => setTier(e.target.value)}
          error={isHeld}
          helperText={
            isHeld
              ? `You already have ${chosen?.displayName}: pick another tier`
              : [chosen?.description, priceText(chosen?.monthlyPrice)]
                  .filter(Boolean)
                  .join(' · ') || undefined
          }
          inputProps={{ 'data-testid': 'tier-select' }}
        >
          {tiers.map(t => (
            <MenuItem
              key={t.tier}
              value={t.tier}
              disabled={t.tier === heldTier}
            >
              {t.displayName}
              {t.tier === heldTier ? ' (you have it)' : ''}
            </MenuItem>
          ))}
        </TextField>
        <SeatNotice tier={chosen} />
        <DurationField
          app={props.app}
          tier={tier}
          onChange={setAccessDays}
          error={durationError}
        />
        <WhoApproves appKey={props.app.appKey} />
        <TextField
          id="request-justification"
          fullWidth
          multiline
          minRows={3}
          margin="normal"
          label="Why do you need it?"
          value={justification}
          onChange={e => setJustification(e.target.value)}
          error={Boolean(error) && !durationError}
          helperText={durationError ? undefined : error}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose(false)}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || isHeld || !tier}
          onClick={submit}
        >
          Submit request
        </Button>
      </DialogActions>
    </Dialog>
  );
};
