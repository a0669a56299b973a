import {
  OPEN_REQUEST_STATUSES,
  RequestStatus,
} from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { DbRequestRow } from '../../tables';

/** The person's open request for this app and tier, if any. */
export async function findOpenRequest(
  knex: Knex,
  requester: string,
  appKey: string,
  tier: string,
): Promise<{ id: string; status: RequestStatus } | undefined> {
  return knex<DbRequestRow>('requests')
    .where({ requester, app_key: appKey, tier })
    .whereIn('status', OPEN_REQUEST_STATUSES)
    .first('id', 'status') as Promise<
    { id: string; status: RequestStatus } | undefined
  >;
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
