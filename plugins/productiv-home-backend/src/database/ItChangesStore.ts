import { JobStore, NewJob } from '@internal/durable-jobs';
import { Knex } from 'knex';
import { createRequest, NewRequest } from './operations/requests/createRequest';
import { NewEvent, StoredRequest } from './operations/requests/types';

/** `home_it_changes`: a change another plugin handed to IT. */
type DbItChangeRow = {
  idempotency_key: string;
  caller: string;
  request_id: string;
  change: string;
  app_name: string;
  instance_label: string | null;
  okta_app_id: string | null;
  from_tier_name: string | null;
  to_tier_name: string | null;
  person_email: string | null;
  reason: string;
  link: string | null;
  created_at_ms: number | string;
};

/**
 * A reclaim or downgrade that license automation decided and Okta cannot
 * make: what IT is told, beside its `reclaim` request.
 */
export type ItChange = {
  /** The caller's key: the same key is the same change, never a second ticket. */
  idempotencyKey: string;
  /** Subject of the service that asked. */
  caller: string;
  requestId: string;
  change: 'remove' | 'downgrade';
  /** The inventory's names: the app may not be in Home's catalog. */
  appName: string;
  instanceLabel?: string;
  oktaAppId?: string;
  fromTierName?: string;
  toTierName?: string;
  personEmail?: string;
  /** Why it was decided (the workflow's rule). */
  reason: string;
  /** The caller's page about it (the run's results). */
  link?: string;
  createdAt: string;
};

function toChange(row: DbItChangeRow): ItChange {
  return {
    idempotencyKey: row.idempotency_key,
    caller: row.caller,
    requestId: row.request_id,
    change: row.change === 'downgrade' ? 'downgrade' : 'remove',
    appName: row.app_name,
    instanceLabel: row.instance_label ?? undefined,
    oktaAppId: row.okta_app_id ?? undefined,
    fromTierName: row.from_tier_name ?? undefined,
    toTierName: row.to_tier_name ?? undefined,
    personEmail: row.person_email ?? undefined,
    reason: row.reason,
    link: row.link ?? undefined,
    createdAt: new Date(Number(row.created_at_ms)).toISOString(),
  };
}

/**
 * The changes handed to IT. Each is created with its request, history and
 * fulfill job in one transaction: a change recorded always has its ticket
 * on the way, and a key recorded is never created again.
 */
export class ItChangesStore {
  constructor(private readonly knex: Knex, private readonly jobs: JobStore) {}

  async get(idempotencyKey: string): Promise<ItChange | undefined> {
    const row = await this.knex<DbItChangeRow>('home_it_changes')
      .where({ idempotency_key: idempotencyKey })
      .first();
    return row && toChange(row);
  }

  async forRequest(requestId: string): Promise<ItChange | undefined> {
    const row = await this.knex<DbItChangeRow>('home_it_changes')
      .where({ request_id: requestId })
      .first();
    return row && toChange(row);
  }

  /**
   * Creates the change and its request. A key recorded meanwhile (the
   * same call on another replica) or another open request for the same
   * person, app and tier fails the whole transaction: the caller reads
   * the key again to tell one from the other.
   */
  create(
    change: Omit<ItChange, 'requestId' | 'createdAt'>,
    request: NewRequest,
    events: NewEvent[],
    nowMs: number,
    jobs: (requestId: string) => NewJob[],
  ): Promise<StoredRequest> {
    return createRequest(
      this.knex,
      request,
      [],
      events,
      nowMs,
      async (trx, requestId) => {
        await trx<DbItChangeRow>('home_it_changes').insert({
          idempotency_key: change.idempotencyKey,
          caller: change.caller,
          request_id: requestId,
          change: change.change,
          app_name: change.appName,
          instance_label: change.instanceLabel ?? null,
          okta_app_id: change.oktaAppId ?? null,
          from_tier_name: change.fromTierName ?? null,
          to_tier_name: change.toTierName ?? null,
          person_email: change.personEmail ?? null,
          reason: change.reason,
          link: change.link ?? null,
          created_at_ms: nowMs,
        });
        await this.jobs.enqueue(jobs(requestId), { trx });
      },
    );
  }
}
