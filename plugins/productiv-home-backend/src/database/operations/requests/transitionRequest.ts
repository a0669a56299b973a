import { ConflictError } from '@backstage/errors';
import { RequestStatus } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { DbApprovalRow, DbRequestRow } from '../../tables';
import { applyGrantChange } from '../grants/applyGrantChange';
import { GrantChange } from '../grants/types';
import { FulfillmentChange, NewApproval, NewEvent } from './types';
import { insertApprovals, insertEvents } from './writeHistory';

/** A move of a request from one state to the next. */
export type RequestTransition = {
  status: RequestStatus;
  level?: number | null;
  decision?: {
    level: number;
    approver: string;
    decision: 'approved' | 'denied';
  };
  approvals?: NewApproval[];
  events: NewEvent[];
  fulfillment?: FulfillmentChange;
  /** What the change does to time-bound access (a grant, an extension, a removal). */
  grant?: GrantChange;
};

type FulfillmentColumns = Partial<
  Pick<
    DbRequestRow,
    'fulfillment_provider' | 'external_id' | 'external_url' | 'failure_reason'
  >
>;

function fulfillmentColumns(f?: FulfillmentChange): FulfillmentColumns {
  if (!f) return {};
  const columns: FulfillmentColumns = {};
  if (f.provider !== undefined) columns.fulfillment_provider = f.provider;
  if (f.externalId !== undefined) columns.external_id = f.externalId;
  if (f.externalUrl !== undefined) columns.external_url = f.externalUrl;
  if (f.failureReason !== undefined) columns.failure_reason = f.failureReason;
  return columns;
}

/**
 * Moves a request on, if nobody else changed it since `version` was read:
 * new status and level, a recorded decision, new approvals and events, and
 * whatever `inTransaction` adds (its jobs), all in one transaction.
 */
export async function transitionRequest(
  knex: Knex,
  id: string,
  version: number,
  change: RequestTransition,
  nowMs: number,
  inTransaction?: (trx: Knex.Transaction) => Promise<void>,
): Promise<void> {
  await knex.transaction(async trx => {
    const updated = await trx<DbRequestRow>('requests')
      .where({ id, version })
      .update({
        status: change.status,
        ...(change.level !== undefined ? { level: change.level } : {}),
        ...fulfillmentColumns(change.fulfillment),
        version: version + 1,
        updated_at_ms: nowMs,
      });
    if (updated !== 1) {
      throw new ConflictError(
        `Request ${id} changed meanwhile; reload it and try again`,
      );
    }
    if (change.decision) {
      await trx<DbApprovalRow>('approvals')
        .where({
          request_id: id,
          level: change.decision.level,
          approver: change.decision.approver,
        })
        .update({ decision: change.decision.decision, decided_at_ms: nowMs });
    }
    await insertApprovals(trx, id, change.approvals ?? [], nowMs);
    await insertEvents(trx, id, change.events, nowMs);
    if (change.grant) await applyGrantChange(trx, change.grant, nowMs);
    await inTransaction?.(trx);
  });
}
