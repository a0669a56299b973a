import { Entity } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ApprovalDuration } from './ApprovalDuration';
import {
  AccessRequest,
  CatalogApp,
} from '@internal/plugin-productiv-home-common';
import Checkbox from '@material-ui/core/Checkbox';
import Typography from '@material-ui/core/Typography';
import { productivHomeApiRef } from '../../api';
import { AppDirectory, requestTitle, tierOf } from '../RequestPage/names';
import { usePersonName } from '../RequestPage/Person';
import { DecisionForm } from './DecisionForm';
import { RequestCard } from './RequestCard';
import { RequesterContext } from './RequesterContext';
import { RequestSeatsLine } from './RequestSeatsLine';

/** Where a request stands in a bulk decision. */
export type BulkOutcome =
  | { state: 'deciding' }
  | { state: 'decided'; decision: 'approved' | 'denied' }
  | { state: 'failed'; message: string };

/** "Figma · Editor for Emma Jones", naming a request in labels and messages. */
export function useRequestName(request: AccessRequest, apps: AppDirectory) {
  return `${requestTitle(apps, request)} for ${usePersonName(
    request.requester,
  )}`;
}

/** One request waiting for the approver: who asks, their context, a decision. */
export const ApprovalCard = (props: {
  request: AccessRequest;
  apps: AppDirectory;
  listing?: CatalogApp;
  requester?: Entity;
  requesterLoading?: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  outcome?: BulkOutcome;
  /** A bulk decision is running: single decisions wait. */
  busy?: boolean;
  onDecided: () => void;
}) => {
  const api = useApi(productivHomeApiRef);
  const alertApi = useApi(alertApiRef);
  const r = props.request;
  const name = useRequestName(r, props.apps);
  const { outcome } = props;
  return (
    <RequestCard
      request={r}
      apps={props.apps}
      testId="approval-card"
      start={
        <Checkbox
          checked={props.selected}
          disabled={props.busy}
          onChange={e => props.onSelect(e.target.checked)}
          inputProps={{ 'aria-label': `Select ${name}` }}
          style={{ alignSelf: 'flex-start' }}
        />
      }
    >
      <Typography variant="body1" style={{ margin: '8px 0' }}>
        {r.justification ?? 'No justification given'}
      </Typography>
      <ApprovalDuration request={r} />
      <RequesterContext
        entity={props.requester}
        loading={props.requesterLoading}
        appName={props.apps.appName(r)}
        tierName={props.apps.tierName(r)}
        peers={props.listing?.peers}
        monthlyPrice={tierOf(props.listing, r.tier)?.monthlyPrice}
      />
      <RequestSeatsLine requestId={r.id} />
      {outcome?.state === 'deciding' && (
        <Typography variant="body2" role="status">
          Deciding…
        </Typography>
      )}
      {outcome?.state === 'failed' && (
        <Typography
          variant="body2"
          color="error"
          role="alert"
          data-testid="bulk-failure"
        >
          Not decided: {outcome.message}
        </Typography>
      )}
      <DecisionForm
        disabled={props.busy}
        names={{ approve: `Approve ${name}`, deny: `Deny ${name}` }}
        onDecide={async (decision, comment) => {
          await api.decide(r.id, { decision, comment });
          alertApi.post({
            message: `${
              decision === 'approved' ? 'Approved' : 'Denied'
            } ${name}`,
            severity: 'success',
            display: 'transient',
          });
          props.onDecided();
        }}
      />
    </RequestCard>
  );
};
