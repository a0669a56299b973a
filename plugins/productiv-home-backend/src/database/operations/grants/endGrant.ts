import { Knex } from 'knex';
import { DbGrantRow } from '../../tables';
import { insertEvents } from '../requests/writeHistory';

/**
 * Ends an active grant whose holding is gone from the inventory (someone
 * removed it in Okta): the grant and the granting request's history say
 * so, in one transaction; its pending warnings and expiry then do nothing.
 * False when it was no longer active.
 */
export async function endGrantRemovedInOkta(
  knex: Knex,
  grantId: string,
  nowMs: number,
): Promise<boolean> {
  return knex.transaction(async trx => {
    const updated = await trx<DbGrantRow>('home_grants')
      .where({ request_id: grantId, status: 'active' })
      .update({
        status: 'ended',
        ended_at_ms: nowMs,
        end_reason: 'removed-in-okta',
        version: trx.raw('version + 1') as unknown as number,
      });
    if (updated !== 1) return false;
    await insertEvents(
      trx,
      grantId,
      [
        {
          actor: 'system',
          type: 'removed-in-okta',
          comment: 'The access was removed in Okta',
          status: 'fulfilled',
        },
      ],
      nowMs,
    );
    return true;
  });
}

/** Records that the inventory showed these grants' holdings at `nowMs`. */
export async function markGrantsSeen(
  knex: Knex,
  grantIds: string[],
  nowMs: number,
): Promise<void> {
  for (let i = 0; i < grantIds.length; i += 500) {
    await knex<DbGrantRow>('home_grants')
      .whereIn('request_id', grantIds.slice(i, i + 500))
      .where({ status: 'active' })
      .update({ seen_at_ms: nowMs });
  }
}
