import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  AppInstance,
  provisioningWorkflowsAppManagePermission,
  WorkflowAction,
} from '@internal/plugin-provisioning-workflows-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { errorMessage } from '../../util/errorMessage';
import { money } from '../../util/format';
import { tierName } from '../../util/labels';
import { plannedOutcome } from '../PreviewPanel/PreviewPanel';
import { Timestamp } from '../Timestamp/Timestamp';

export const person = (a: WorkflowAction) =>
  a.displayName ?? a.email ?? a.oktaUserId;

/** "Downgrade to Viewer (from Editor)". */
export const changeOf = (
  a: WorkflowAction,
  instance?: Pick<AppInstance, 'tiers'>,
) =>
  `${plannedOutcome({ action: a.action, toTier: a.toTier }, instance)}${
    a.fromTier ? ` (from ${tierName(instance, a.fromTier)})` : ''
  }`;

/** Open suggestions, accepted or dismissed one by one or in bulk. */
export const Suggestions = (props: {
  instanceId: string;
  instance?: AppInstance;
  onDecided: () => void;
}) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  // Only the app's admins decide; others see the suggestions.
  const { allowed: mayDecide } = usePermission({
    permission: provisioningWorkflowsAppManagePermission,
    resourceRef: props.instance?.appKey,
  });
  const list = useAsyncRetry(
    () =>
      api.listActions({
        instanceId: props.instanceId,
        statuses: ['suggested'],
        limit: 500,
      }),
    [api, props.instanceId],
  );
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const decide = async (ids: string[], decision: 'accept' | 'dismiss') => {
    setBusy(true);
    try {
      const { changed, unchanged } = await api.decideSuggestions(ids, decision);
      const verb = decision === 'accept' ? 'Accepted' : 'Dismissed';
      alertApi.post({
        message: `${verb} ${changed.length} suggestion${
          changed.length === 1 ? '' : 's'
        }${
          unchanged.length
            ? `; ${unchanged.length} had already been decided`
            : ''
        }`,
        severity: unchanged.length ? 'warning' : 'success',
        display: 'transient',
      });
      setSelected(s => s.filter(id => !ids.includes(id)));
      list.retry();
      props.onDecided();
    } catch (e) {
      alertApi.post({
        message: errorMessage(e),
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setBusy(false);
    }
  };

  if (list.loading && !list.value) return <Progress />;
  if (list.error) return <ResponseErrorPanel error={list.error} />;
  const items = list.value?.items ?? [];
  if (!items.length) {
    return (
      <Typography variant="body2" data-testid="no-suggestions">
        No open suggestions.
      </Typography>
    );
  }
  const all = items.map(i => i.id);
  const allSelected = selected.length === all.length;
  return (
    <div data-testid="suggestions">
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
        <Typography variant="body2" style={{ flexGrow: 1 }}>
          {list.value!.total} open suggestion
          {list.value!.total === 1 ? '' : 's'}
          {selected.length ? `, ${selected.length} selected` : ''}
        </Typography>
        {mayDecide && (
          <>
            <Button
              variant="contained"
              color="primary"
              disabled={busy || !selected.length}
              onClick={() => decide(selected, 'accept')}
            >
              Accept selected
            </Button>
            <Button
              variant="outlined"
              disabled={busy || !selected.length}
              onClick={() => decide(selected, 'dismiss')}
            >
              Dismiss selected
            </Button>
          </>
        )}
      </Box>
      <MuiTable size="small">
        <TableHead>
          <TableRow>
            {mayDecide && (
              <TableCell padding="checkbox">
                <Checkbox
                  inputProps={{ 'aria-label': 'Select all suggestions' }}
                  checked={allSelected}
                  indeterminate={selected.length > 0 && !allSelected}
                  onChange={() => setSelected(allSelected ? [] : all)}
                />
              </TableCell>
            )}
            <TableCell>Person</TableCell>
            <TableCell>Suggested change</TableCell>
            <TableCell>Last sign-in</TableCell>
            <TableCell align="right">Monthly saving</TableCell>
            {mayDecide && <TableCell align="right">Decision</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(a => (
            <TableRow key={a.id}>
              {mayDecide && (
                <TableCell padding="checkbox">
                  <Checkbox
                    inputProps={{ 'aria-label': `Select ${person(a)}` }}
                    checked={selected.includes(a.id)}
                    onChange={e =>
                      setSelected(s =>
                        e.target.checked
                          ? [...s, a.id]
                          : s.filter(id => id !== a.id),
                      )
                    }
                  />
                </TableCell>
              )}
              <TableCell>{person(a)}</TableCell>
              <TableCell>{changeOf(a, props.instance)}</TableCell>
              <TableCell>
                <Timestamp value={a.lastSignIn} />
              </TableCell>
              <TableCell align="right">{money(a.monthlySaving)}</TableCell>
              {mayDecide && (
                <TableCell align="right">
                  <Button
                    size="small"
                    color="primary"
                    disabled={busy}
                    aria-label={`Accept for ${person(a)}`}
                    onClick={() => decide([a.id], 'accept')}
                  >
                    Accept
                  </Button>
                  <Button
                    size="small"
                    disabled={busy}
                    aria-label={`Dismiss for ${person(a)}`}
                    onClick={() => decide([a.id], 'dismiss')}
                  >
                    Dismiss
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </MuiTable>
    </div>
  );
};
