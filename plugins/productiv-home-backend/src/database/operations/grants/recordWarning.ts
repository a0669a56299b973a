import { Knex } from 'knex';
import { DbGrantRow } from '../../tables';
import { insertEvents } from '../requests/writeHistory';

/**
 * Records a warning before a grant's expiry on the granting request's
 * history, with the messages it sends (`inTransaction`: their jobs), in one
 * transaction; only while the grant is active with that expiry (an
 * extension or an end since the warning was planned makes it moot). False
 * when it did nothing.
 */
export async function recordGrantWarning(
  knex: Knex,
  grantId: string,
  expiresAtMs: number,
  nowMs: number,
  inTransaction: (trx: Knex.Transaction) => Promise<void>,
): Promise<boolean> {
  return knex.transaction(async trx => {
    const grant = await trx<DbGrantRow>('home_grants')
      .where({ request_id: grantId, status: 'active' })
      .where('expires_at_ms', expiresAtMs)
      .first();
    if (!grant) return false;
    await insertEvents(
      trx,
      grantId,
      [
        {
          actor: 'system',
          type: 'expiry-warned',
          comment: new Date(expiresAtMs).toISOString(),
          status: 'fulfilled',
        },
      ],
      nowMs,
    );
    await inTransaction(trx);
    return true;
  });
}
