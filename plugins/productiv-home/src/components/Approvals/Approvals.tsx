import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { productivHomeApiRef } from '../../api';
import { useRequestUpdates } from '../../hooks/useRequestUpdates';
import { useAppDirectory } from '../RequestPage/useAppDirectory';
import { ApprovalCard } from './ApprovalCard';
import { BulkDecisionBar } from './BulkDecisionBar';
import { OnBehalfRequests } from './OnBehalfRequests';
import { useRequesters } from './RequesterContext';
import { useBulkDecisions } from './useBulkDecisions';

/**
 * The approver's inbox: requests waiting for their decision, each with the
 * requester's context, decided one by one or several at once; for admins
 * also those waiting on others, to decide for them.
 */
export const Approvals = (props: { admin?: boolean }) => {
  const api = useApi(productivHomeApiRef);
  const approvals = useAsyncRetry(() => api.listApprovals(), [api]);
  useRequestUpdates(approvals.retry);
  const { apps } = useAppDirectory();
  const inbox = approvals.value ?? [];
  const requesters = useRequesters(inbox.map(r => r.requester));
  const bulk = useBulkDecisions();
  const { setSelected } = bulk;

  // A request decided elsewhere (Slack, e-mail, another tab) leaves the
  // selection when it leaves the inbox.
  const ids = inbox.map(r => r.id).join(',');
  useEffect(() => {
    const present = new Set(ids.split(','));
    setSelected(s => {
      const kept = [...s].filter(id => present.has(id));
      return kept.length === s.size ? s : new Set(kept);
    });
  }, [ids, setSelected]);

  if (approvals.loading && !approvals.value) return <Progress />;
  if (approvals.error) return <ResponseErrorPanel error={approvals.error} />;
  return (
    <>
      {inbox.length ? (
        <>
          <BulkDecisionBar
            inbox={inbox}
            apps={apps}
            bulk={bulk}
            onDone={approvals.retry}
          />
          {inbox.map(r => (
            <ApprovalCard
              key={r.id}
              request={r}
              apps={apps}
              listing={apps.app(r.appKey)}
              requester={requesters.entities?.get(r.requester)}
              requesterLoading={requesters.loading}
              selected={bulk.selected.has(r.id)}
              onSelect={on => bulk.select(r.id, on)}
              outcome={bulk.outcomes[r.id]}
              busy={bulk.running}
              onDecided={approvals.retry}
            />
          ))}
        </>
      ) : (
        <EmptyState
          missing="data"
          title="Nothing to approve"
          description="Requests waiting for your decision appear here."
        />
      )}
      {props.admin && (
        <OnBehalfRequests inbox={inbox.map(r => r.id)} apps={apps} />
      )}
    </>
  );
};
