import { useApi } from '@backstage/core-plugin-api';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { useCallback, useState } from 'react';
import { productivHomeApiRef } from '../../api';
import { serverMessage } from '../RequestPage/names';
import { BulkOutcome } from './ApprovalCard';
import { Decision } from './DecisionForm';

/** The requests of the inbox that the approver ticked, and their bulk decision. */
export function useBulkDecisions() {
  const api = useApi(productivHomeApiRef);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcomes, setOutcomes] = useState<Record<string, BulkOutcome>>({});
  const [progress, setProgress] = useState<{ done: number; total: number }>();

  const select = useCallback((id: string, on: boolean) => {
    setSelected(s => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  /**
   * Decides each request in turn through POST /requests/{id}/decision. A
   * refusal is kept beside its request, which stays selected; the others go
   * on. Answers how many were decided and how many failed.
   */
  const run = useCallback(
    async (
      requests: AccessRequest[],
      decision: Decision,
      comment?: string,
    ): Promise<{ decided: number; failed: number }> => {
      let decided = 0;
      let failed = 0;
      setProgress({ done: 0, total: requests.length });
      for (const r of requests) {
        setOutcomes(o => ({ ...o, [r.id]: { state: 'deciding' } }));
        try {
          await api.decide(r.id, { decision, comment });
          decided += 1;
          setOutcomes(o => ({ ...o, [r.id]: { state: 'decided', decision } }));
          setSelected(s => {
            const next = new Set(s);
            next.delete(r.id);
            return next;
          });
        } catch (e) {
          failed += 1;
          setOutcomes(o => ({
            ...o,
            [r.id]: { state: 'failed', message: serverMessage(e) },
          }));
        }
        setProgress({ done: decided + failed, total: requests.length });
      }
      setProgress(undefined);
      return { decided, failed };
    },
    [api],
  );

  return {
    selected,
    select,
    setSelected,
    outcomes,
    progress,
    running: progress !== undefined,
    run,
  };
}
