import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { DbGrantRow } from '../../tables';
import { insertEvents } from '../requests/writeHistory';
import { GrantChange } from './types';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Writes what a request's change does to time-bound access, inside that
 * change's transaction: a new grant with its expiry, an extension's later
 * expiry (only while the grant is active: an extension approved after the
 * expiry moved nothing, and the change fails), or the end of a removal at
 * expiry. The granting request's history tells each.
 */
export async function applyGrantChange(
  trx: Knex.Transaction,
  change: GrantChange,
  nowMs: number,
): Promise<void> {
  if (change.op === 'create') {
    const inserted = await trx<DbGrantRow>('home_grants')
      .insert({
        request_id: change.requestId,
        requester: change.requester,
        app_key: change.appKey,
        tier: change.tier,
        approver: change.approver ?? null,
        granted_at_ms: nowMs,
        expires_at_ms: change.expiresAtMs,
        status: 'active',
        version: 1,
      })
      .onConflict('request_id')
      .ignore()
      .returning('request_id');
    if (!inserted.length) return;
    await insertEvents(
      trx,
      change.requestId,
      [
        {
          actor: 'system',
          type: 'access-expires',
          comment: iso(change.expiresAtMs),
          status: 'fulfilled',
        },
      ],
      nowMs,
    );
    return;
  }
  if (change.op === 'extend') {
    const updated = await trx<DbGrantRow>('home_grants')
      .where({ request_id: change.grantId, status: 'active' })
      .where('expires_at_ms', '>', nowMs)
      .update({
        expires_at_ms: change.expiresAtMs,
        version: trx.raw('version + 1') as unknown as number,
      });
    if (updated !== 1) {
      throw new ConflictError(
        'The access ended before the extension was approved; request the app again',
      );
    }
    await insertEvents(
      trx,
      change.grantId,
      [
        {
          actor: 'system',
          type: 'extended',
          comment: iso(change.expiresAtMs),
          status: 'fulfilled',
        },
      ],
      nowMs,
    );
    return;
  }
  if (change.op === 'returned') {
    await trx<DbGrantRow>('home_grants')
      .where({
        requester: change.requester,
        app_key: change.appKey,
        tier: change.tier,
        status: 'active',
      })
      .update({
        status: 'ended',
        ended_at_ms: nowMs,
        end_reason: 'returned',
        version: trx.raw('version + 1') as unknown as number,
      });
    return;
  }
  await trx<DbGrantRow>('home_grants')
    .where({ request_id: change.grantId, status: 'expiring' })
    .update({
      status: 'removed',
      ended_at_ms: nowMs,
      end_reason: 'expired',
      version: trx.raw('version + 1') as unknown as number,
    });
}
