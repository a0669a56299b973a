import { Knex } from 'knex';
import { DbRequestEscalationRow, DbRequestRow } from '../../tables';
import { NewApproval, NewEvent } from '../requests/types';
import { insertApprovals, insertEvents } from '../requests/writeHistory';

/**
 * Escalates the level a request waits on, once: records the level as
 * escalated, adds the approvers asked because of it, its history event and
 * whatever `inTransaction` adds (its jobs), in one transaction. Returns
 * false, changing nothing, when the request moved on since `version` was
 * read or the level was escalated already (another replica got there
 * first): the caller skips it.
 */
export async function escalateLevel(
  knex: Knex,
  escalation: {
    requestId: string;
    version: number;
    level: number;
    /** Empty when everyone to ask is asked already: the level is marked only. */
    approvals: NewApproval[];
    events: NewEvent[];
  },
  nowMs: number,
  inTransaction?: (trx: Knex.Transaction) => Promise<void>,
): Promise<boolean> {
  const { requestId, version, level, approvals, events } = escalation;
  return knex.transaction(async trx => {
    const done = await trx<DbRequestEscalationRow>('request_escalations')
      .where({ request_id: requestId, level })
      .first('request_id');
    if (done) return false;
    const request = trx<DbRequestRow>('requests').where({
      id: requestId,
      version,
      status: 'pending_approval',
      level,
    });
    // A change bumps the version, so that a decision read before it is
    // refused rather than lost; marking a level changes nothing of it.
    const current = approvals.length
      ? await request.update({ version: version + 1, updated_at_ms: nowMs })
      : Number(Boolean(await request.first('id')));
    if (current !== 1) return false;
    // The primary key settles a race the checks above did not see.
    await trx<DbRequestEscalationRow>('request_escalations').insert({
      request_id: requestId,
      level,
      escalated_at_ms: nowMs,
      approvers: JSON.stringify(approvals.map(a => a.approver)),
    });
    await insertApprovals(
      trx,
      requestId,
      approvals.map(a => ({ ...a, viaEscalation: true })),
      nowMs,
    );
    await insertEvents(trx, requestId, events, nowMs);
    await inTransaction?.(trx);
    return true;
  });
}
