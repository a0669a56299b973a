import { Knex } from 'knex';
import { DbGrantRow, DbRequestRow } from '../../tables';
import { createRequest, NewRequest } from '../requests/createRequest';
import { NewEvent } from '../requests/types';
import { insertEvents } from '../requests/writeHistory';

/** The removal an expiry starts: a request of kind `expire`, as a return is made. */
export type ExpiryRemoval = {
  request: NewRequest;
  events: NewEvent[];
};

/**
 * Ends an active grant whose expiry has come, in one transaction: the grant
 * becomes `expiring`, an open extension of it is closed (it came too late),
 * the removal request is created with its jobs (`inTransaction`: the
 * `fulfill` job, written before anything is called), and the granting
 * request's history says so. Returns the removal's id, or undefined when
 * the grant was no longer due (extended, ended, or expired by another
 * replica or an earlier attempt): a second call does nothing.
 */
export async function expireGrant(
  knex: Knex,
  grantId: string,
  nowMs: number,
  removal: ExpiryRemoval,
  inTransaction: (trx: Knex.Transaction, id: string) => Promise<void>,
): Promise<string | undefined> {
  return knex.transaction(async trx => {
    const updated = await trx<DbGrantRow>('home_grants')
      .where({ request_id: grantId, status: 'active' })
      .where('expires_at_ms', '<=', nowMs)
      .update({
        status: 'expiring',
        version: trx.raw('version + 1') as unknown as number,
      });
    if (updated !== 1) return undefined;
    const late = await trx<DbRequestRow>('requests')
      .where({ grant_id: grantId, kind: 'extend' })
      .whereIn('status', ['pending_approval', 'approved', 'fulfilling'])
      .pluck('id');
    for (const id of late) {
      await trx<DbRequestRow>('requests')
        .where({ id })
        .update({
          status: 'expired',
          level: null,
          version: trx.raw('version + 1') as unknown as number,
          updated_at_ms: nowMs,
        });
      await insertEvents(
        trx,
        id,
        [
          {
            actor: 'system',
            type: 'expired',
            comment: 'The access ended before this extension was approved',
            status: 'expired',
          },
        ],
        nowMs,
      );
    }
    const { id } = await createRequest(
      trx,
      removal.request,
      [],
      removal.events,
      nowMs,
      inTransaction,
    );
    await trx<DbGrantRow>('home_grants')
      .where({ request_id: grantId })
      .update({ removal_request_id: id });
    await insertEvents(
      trx,
      grantId,
      [
        {
          actor: 'system',
          type: 'access-expired',
          comment: id,
          status: 'fulfilled',
        },
      ],
      nowMs,
    );
    return id;
  });
}
