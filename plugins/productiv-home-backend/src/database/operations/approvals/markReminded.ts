import { RequestStatus } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { DbApprovalRow } from '../../tables';
import { insertEvents } from '../requests/writeHistory';

/**
 * Counts a reminder sent to an approver, with its history event and
 * whatever `inTransaction` adds (its jobs), in one transaction.
 */
export async function markReminded(
  knex: Knex,
  reminder: {
    requestId: string;
    level: number;
    approver: string;
    status: RequestStatus;
  },
  nowMs: number,
  inTransaction?: (trx: Knex.Transaction) => Promise<void>,
): Promise<void> {
  const { requestId, level, approver, status } = reminder;
  await knex.transaction(async trx => {
    await inTransaction?.(trx);
    await trx<DbApprovalRow>('approvals')
      .where({ request_id: requestId, level, approver })
      .increment('reminders_sent', 1);
    await insertEvents(
      trx,
      requestId,
      [
        {
          actor: 'system',
          type: 'reminder-sent',
          level,
          comment: approver,
          status,
        },
      ],
      nowMs,
    );
  });
}
