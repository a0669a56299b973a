import {
  OPEN_REQUEST_STATUSES,
  RequestKind,
  RequestStatus,
} from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { DbRequestRow } from '../../tables';
import { kindOf } from './types';

/** The person's open request for this app and tier, if any. */
export async function findOpenRequest(
  knex: Knex,
  requester: string,
  appKey: string,
  tier: string,
): Promise<
  { id: string; status: RequestStatus; kind: RequestKind } | undefined
> {
  const row = await knex<DbRequestRow>('requests')
    .where({ requester, app_key: appKey, tier })
    .whereIn('status', OPEN_REQUEST_STATUSES)
    .first('id', 'status', 'kind');
  return row
    ? {
        id: row.id,
        status: row.status as RequestStatus,
        kind: kindOf(row.kind),
      }
    : undefined;
}

/**
 * The person's request for this app that was fulfilled last, if any: a
 * return fulfilled after the inventory's holding began means the license
 * is gone already, whatever the inventory (synced on a schedule) says.
 */
export async function findLastFulfilled(
  knex: Knex,
  requester: string,
  appKey: string,
): Promise<
  | { id: string; kind: RequestKind; tier: string; fulfilledAtMs: number }
  | undefined
> {
  const row = await knex<DbRequestRow>('requests')
    .where({ requester, app_key: appKey, status: 'fulfilled' })
    .orderBy([
      { column: 'updated_at_ms', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('id', 'kind', 'tier', 'updated_at_ms');
  return row
    ? {
        id: row.id,
        kind: kindOf(row.kind),
        tier: row.tier,
        fulfilledAtMs: Number(row.updated_at_ms),
      }
    : undefined;
}

/** The request a ticket was opened for. */
export async function findRequestByTicket(
  knex: Knex,
  provider: string,
  externalId: string,
): Promise<string | undefined> {
  const row = await knex<DbRequestRow>('requests')
    .where({ fulfillment_provider: provider, external_id: externalId })
    .first('id');
  return row?.id;
}

/** Requests waiting on a ticket, for polling the ticketing systems. */
export async function listOpenTickets(
  knex: Knex,
  limit = 500,
): Promise<Array<{ requestId: string; provider: string; externalId: string }>> {
  const rows = await knex<DbRequestRow>('requests')
    .where({ status: 'fulfilling' })
    .whereNotNull('external_id')
    .orderBy('updated_at_ms')
    .limit(limit)
    .select('id', 'fulfillment_provider', 'external_id');
  return rows.map(r => ({
    requestId: r.id,
    provider: r.fulfillment_provider!,
    externalId: r.external_id!,
  }));
}
