import { Knex } from 'knex';
import { DbGrantRow } from '../../tables';
import { Grant, toGrant } from './types';

/** These grants, by the id of the request that granted each. */
export async function readGrants(
  knex: Knex,
  requestIds: string[],
): Promise<Map<string, Grant>> {
  const ids = [...new Set(requestIds)];
  if (!ids.length) return new Map();
  const rows: DbGrantRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await knex<DbGrantRow>('home_grants').whereIn(
        'request_id',
        ids.slice(i, i + 500),
      )),
    );
  }
  return new Map(rows.map(r => [r.request_id, toGrant(r)]));
}

/** A person's grants still in force (active, or being removed). */
export async function grantsOf(
  knex: Knex,
  requester: string,
): Promise<Grant[]> {
  const rows = await knex<DbGrantRow>('home_grants')
    .where({ requester })
    .whereIn('status', ['active', 'expiring'])
    .orderBy('expires_at_ms');
  return rows.map(toGrant);
}

/**
 * Active grants that end before `beforeMs` (warnings and expiry are due
 * within it), soonest first, after `afterId` (paging by expiry and id).
 */
export async function activeGrantsEndingBefore(
  knex: Knex,
  beforeMs: number,
  limit: number,
): Promise<Grant[]> {
  const rows = await knex<DbGrantRow>('home_grants')
    .where({ status: 'active' })
    .where('expires_at_ms', '<', beforeMs)
    .orderBy([{ column: 'expires_at_ms' }, { column: 'request_id' }])
    .limit(limit);
  return rows.map(toGrant);
}

/** Active grants, a page at a time by request id (reconciliation). */
export async function activeGrantsPage(
  knex: Knex,
  afterId: string,
  limit: number,
): Promise<Grant[]> {
  const rows = await knex<DbGrantRow>('home_grants')
    .where({ status: 'active' })
    .where('request_id', '>', afterId)
    .orderBy('request_id')
    .limit(limit);
  return rows.map(toGrant);
}
