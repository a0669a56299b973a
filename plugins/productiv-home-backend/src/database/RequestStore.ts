import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AccessRequest,
  AppFilter,
  HomeApp,
  OPEN_REQUEST_STATUSES,
  RequestEvent,
  RequestFilter,
  RequestStatus,
} from '@internal/plugin-productiv-home-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { randomUUID } from 'node:crypto';
import { JobStore, NewJob } from '@internal/durable-jobs';
import { Knex } from 'knex';

export type NewApproval = {
  level: number;
  approver: string;
  viaFallback: boolean;
};
export type NewEvent = Omit<RequestEvent, 'at'>;

/**
 * The person already has an open request for this app and tier (the
 * database allows one).
 */
export class DuplicateRequestError extends ConflictError {
  constructor(
    readonly openRequestId: string,
    readonly openStatus?: RequestStatus,
  ) {
    super(`Request ${openRequestId} is still open`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fulfillmentColumns(f?: {
  provider?: string | null;
  externalId?: string | null;
  externalUrl?: string | null;
  failureReason?: string | null;
}): Record<string, string | null> {
  if (!f) return {};
  const columns: Record<string, string | null> = {};
  if (f.provider !== undefined) columns.fulfillment_provider = f.provider;
  if (f.externalId !== undefined) columns.external_id = f.externalId;
  if (f.externalUrl !== undefined) columns.external_url = f.externalUrl;
  if (f.failureReason !== undefined) columns.failure_reason = f.failureReason;
  return columns;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  // PostgreSQL unique_violation; SQLite's constraint code.
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Adds a permission decision's conditions to a query, as SQL: all-of, any-of
 * and not nest as AND, OR and NOT groups.
 */
function whereCriteria<T>(
  qb: Knex.QueryBuilder,
  criteria: PermissionCriteria<T>,
  leaf: (qb: Knex.QueryBuilder, filter: T) => void,
): void {
  if (isAndCriteria(criteria)) {
    qb.where(inner => {
      for (const c of criteria.allOf) {
        inner.andWhere(q => whereCriteria(q, c, leaf));
      }
    });
  } else if (isOrCriteria(criteria)) {
    qb.where(inner => {
      for (const c of criteria.anyOf) {
        inner.orWhere(q => whereCriteria(q, c, leaf));
      }
    });
  } else if (isNotCriteria(criteria)) {
    qb.whereNot(inner => whereCriteria(inner, criteria.not, leaf));
  } else {
    leaf(qb, criteria);
  }
}

/** Bumps the version of the Home catalog and settings, inside a write's transaction. */
export async function bumpConfigVersion(trx: Knex.Transaction): Promise<void> {
  await trx('home_catalog_state').where({ id: 1 }).increment('version', 1);
}

/** The Home catalog and the requests, with their approvals and history. */
export class RequestStore {
  constructor(
    private readonly knex: Knex,
    /** Where the work a change causes is queued, in the change's transaction. */
    private readonly jobs?: JobStore,
  ) {}

  private async enqueue(trx: Knex.Transaction, jobs?: NewJob[]) {
    if (!jobs?.length) return;
    if (!this.jobs) throw new Error('This store has no job table');
    await this.jobs.enqueue(jobs, { trx });
  }

  async putApp(app: HomeApp, updatedBy: string, nowMs: number): Promise<void> {
    await this.knex.transaction(async trx => {
      await trx('home_apps')
        .insert({
          app_key: app.appKey,
          definition: JSON.stringify(app),
          updated_by: updatedBy,
          updated_at_ms: nowMs,
        })
        .onConflict('app_key')
        .merge(['definition', 'updated_by', 'updated_at_ms']);
      await trx('home_app_owners').where({ app_key: app.appKey }).delete();
      const owners = [...new Set(app.owners)];
      if (owners.length) {
        await trx('home_app_owners').insert(
          owners.map(owner => ({ app_key: app.appKey, owner })),
        );
      }
      await bumpConfigVersion(trx);
    });
  }

  async getApp(appKey: string): Promise<HomeApp | undefined> {
    const row = await this.knex('home_apps').where({ app_key: appKey }).first();
    return row ? JSON.parse(row.definition) : undefined;
  }

  async listApps(): Promise<HomeApp[]> {
    return (await this.knex('home_apps').orderBy('app_key')).map(r =>
      JSON.parse(r.definition),
    );
  }

  async deleteApp(appKey: string): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const deleted = await trx('home_apps')
        .where({ app_key: appKey })
        .delete();
      // SQLite does not enforce foreign keys unless asked to; be explicit.
      await trx('home_app_owners').where({ app_key: appKey }).delete();
      await bumpConfigVersion(trx);
      return deleted > 0;
    });
  }

  /**
   * The version of the Home catalog and settings: it changes with every
   * write, so a replica's in-memory copy can tell when it is stale.
   */
  async configVersion(): Promise<number> {
    const row = await this.knex('home_catalog_state')
      .where({ id: 1 })
      .first('version');
    return Number(row?.version ?? 0);
  }

  async findOpen(
    requester: string,
    appKey: string,
    tier: string,
  ): Promise<{ id: string; status: RequestStatus } | undefined> {
    return this.knex('requests')
      .where({ requester, app_key: appKey, tier })
      .whereIn('status', OPEN_REQUEST_STATUSES)
      .first('id', 'status');
  }

  /**
   * Creates a request with its first approvals and events, in one
   * transaction, and returns it as stored (without reading it back).
   */
  async create(
    input: {
      requester: string;
      appKey: string;
      tier: string;
      justification?: string;
      status: RequestStatus;
      level?: number;
    },
    approvals: NewApproval[],
    events: NewEvent[],
    nowMs: number,
    /** Work the new request causes, made from its id. */
    jobs?: (id: string) => NewJob[],
  ): Promise<AccessRequest & { version: number }> {
    const id = randomUUID();
    try {
      await this.knex.transaction(async trx => {
        await trx('requests').insert({
          id,
          requester: input.requester,
          app_key: input.appKey,
          tier: input.tier,
          justification: input.justification ?? null,
          status: input.status,
          level: input.level ?? null,
          version: 1,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        });
        await this.insertApprovals(trx, id, approvals, nowMs);
        await this.insertEvents(trx, id, events, nowMs);
        await this.enqueue(trx, jobs?.(id));
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const open = await this.findOpen(
        input.requester,
        input.appKey,
        input.tier,
      );
      throw new DuplicateRequestError(open?.id ?? '', open?.status);
    }
    const at = new Date(nowMs).toISOString();
    return {
      id,
      requester: input.requester,
      appKey: input.appKey,
      tier: input.tier,
      justification: input.justification,
      status: input.status,
      level: input.level,
      version: 1,
      approvals: [...approvals]
        .sort(
          (a, b) => a.level - b.level || a.approver.localeCompare(b.approver),
        )
        .map(a => ({ ...a, remindersSent: 0 })),
      history: events.map(e => ({ ...e, at })),
      createdAt: at,
      updatedAt: at,
    };
  }

  /**
   * Moves a request on, if nobody else changed it since `version` was read:
   * new status and level, a recorded decision, new approvals and events,
   * all in one transaction.
   */
  async transition(
    id: string,
    version: number,
    change: {
      status: RequestStatus;
      level?: number | null;
      decision?: {
        level: number;
        approver: string;
        decision: 'approved' | 'denied';
      };
      approvals?: NewApproval[];
      events: NewEvent[];
      /** Work the change causes, queued in its transaction. */
      jobs?: NewJob[];
      /** Fulfillment details to set (`null` clears one). */
      fulfillment?: {
        provider?: string | null;
        externalId?: string | null;
        externalUrl?: string | null;
        failureReason?: string | null;
      };
    },
    nowMs: number,
  ): Promise<void> {
    await this.knex.transaction(async trx => {
      const updated = await trx('requests')
        .where({ id, version })
        .update({
          status: change.status,
          ...(change.level !== undefined ? { level: change.level } : {}),
          ...fulfillmentColumns(change.fulfillment),
          version: version + 1,
          updated_at_ms: nowMs,
        });
      if (updated !== 1) {
        throw new ConflictError(
          `Request ${id} changed meanwhile; reload it and try again`,
        );
      }
      if (change.decision) {
        await trx('approvals')
          .where({
            request_id: id,
            level: change.decision.level,
            approver: change.decision.approver,
          })
          .update({ decision: change.decision.decision, decided_at_ms: nowMs });
      }
      await this.insertApprovals(trx, id, change.approvals ?? [], nowMs);
      await this.insertEvents(trx, id, change.events, nowMs);
      await this.enqueue(trx, change.jobs);
    });
  }

  /** Queues work that belongs to no state change (e.g. reminders). */
  async enqueueJobs(jobs: NewJob[]): Promise<void> {
    await this.knex.transaction(trx => this.enqueue(trx, jobs));
  }

  /** The request a ticket was opened for. */
  async findByTicket(
    provider: string,
    externalId: string,
  ): Promise<string | undefined> {
    const row = await this.knex('requests')
      .where({ fulfillment_provider: provider, external_id: externalId })
      .first('id');
    return row?.id;
  }

  /** Requests waiting on a ticket, for polling the ticketing systems. */
  async openTickets(
    limit = 500,
  ): Promise<
    Array<{ requestId: string; provider: string; externalId: string }>
  > {
    const rows = await this.knex('requests')
      .where({ status: 'fulfilling' })
      .whereNotNull('external_id')
      .orderBy('updated_at_ms')
      .limit(limit)
      .select('id', 'fulfillment_provider', 'external_id');
    return rows.map(r => ({
      requestId: r.id,
      provider: r.fulfillment_provider,
      externalId: r.external_id,
    }));
  }

  private async insertApprovals(
    trx: Knex.Transaction,
    id: string,
    approvals: NewApproval[],
    nowMs: number,
  ) {
    if (!approvals.length) return;
    await trx('approvals').insert(
      approvals.map(a => ({
        request_id: id,
        level: a.level,
        approver: a.approver,
        via_fallback: a.viaFallback,
        decision: null,
        decided_at_ms: null,
        reminders_sent: 0,
        requested_at_ms: nowMs,
      })),
    );
  }

  private async insertEvents(
    trx: Knex.Transaction,
    id: string,
    events: NewEvent[],
    nowMs: number,
  ) {
    if (!events.length) return;
    await trx('request_events').insert(
      events.map(e => ({
        request_id: id,
        at_ms: nowMs,
        actor: e.actor,
        type: e.type,
        level: e.level ?? null,
        comment: e.comment ?? null,
        status: e.status,
      })),
    );
  }

  async get(id: string): Promise<AccessRequest & { version: number }> {
    // Ids are UUIDs; PostgreSQL rejects anything else in a uuid column.
    if (!UUID.test(id)) throw new NotFoundError(`No request ${id}`);
    const row = await this.knex('requests').where({ id }).first();
    if (!row) throw new NotFoundError(`No request ${id}`);
    const approvals = await this.knex('approvals')
      .where({ request_id: id })
      .orderBy(['level', 'approver']);
    const events = await this.knex('request_events')
      .where({ request_id: id })
      .orderBy('id');
    const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
    return {
      id: row.id,
      requester: row.requester,
      appKey: row.app_key,
      tier: row.tier,
      justification: row.justification ?? undefined,
      status: row.status,
      level: row.level === null ? undefined : Number(row.level),
      version: Number(row.version),
      approvals: approvals.map(a => ({
        level: Number(a.level),
        approver: a.approver,
        viaFallback: Boolean(a.via_fallback),
        decision: a.decision ?? undefined,
        decidedAt: a.decided_at_ms === null ? undefined : iso(a.decided_at_ms),
        remindersSent: Number(a.reminders_sent),
      })),
      history: events.map(e => ({
        at: iso(e.at_ms),
        actor: e.actor,
        type: e.type,
        level: e.level === null ? undefined : Number(e.level),
        comment: e.comment ?? undefined,
        status: e.status,
      })),
      fulfillment:
        row.fulfillment_provider || row.failure_reason
          ? {
              provider: row.fulfillment_provider ?? undefined,
              externalId: row.external_id ?? undefined,
              externalUrl: row.external_url ?? undefined,
              failureReason: row.failure_reason ?? undefined,
            }
          : undefined,
      createdAt: iso(row.created_at_ms),
      updatedAt: iso(row.updated_at_ms),
    };
  }

  /** Undecided approvals of the level a pending request waits on. */
  async pendingApprovals(): Promise<
    Array<{
      requestId: string;
      level: number;
      approver: string;
      remindersSent: number;
      requestedAtMs: number;
    }>
  > {
    const rows = await this.knex('approvals as a')
      .join('requests as r', join =>
        join.on('r.id', 'a.request_id').andOn('r.level', 'a.level'),
      )
      .where('r.status', 'pending_approval')
      .whereNull('a.decision')
      .select(
        'a.request_id',
        'a.level',
        'a.approver',
        'a.reminders_sent',
        'a.requested_at_ms',
      );
    return rows.map(r => ({
      requestId: r.request_id,
      level: Number(r.level),
      approver: r.approver,
      remindersSent: Number(r.reminders_sent),
      requestedAtMs: Number(r.requested_at_ms),
    }));
  }

  async markReminded(
    requestId: string,
    level: number,
    approver: string,
    status: RequestStatus,
    nowMs: number,
    jobs?: NewJob[],
  ): Promise<void> {
    await this.knex.transaction(async trx => {
      await this.enqueue(trx, jobs);
      await trx('approvals')
        .where({ request_id: requestId, level, approver })
        .increment('reminders_sent', 1);
      await this.insertEvents(
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

  /**
   * Requests a permission decision lets the caller see, newest first, one
   * page at a time (`cursor` is the last id of the previous page). The
   * conditions are applied in SQL.
   */
  async listRequests(options: {
    filter?: PermissionCriteria<RequestFilter>;
    status?: RequestStatus[];
    appKey?: string;
    limit: number;
    cursor?: string;
  }): Promise<{ items: AccessRequest[]; nextCursor?: string }> {
    const knex = this.knex;
    const query = knex('requests as r').select('r.id', 'r.created_at_ms');
    if (options.filter) {
      whereCriteria(query, options.filter, (qb, f) => {
        if (f.property === 'requester') {
          qb.whereIn('r.requester', f.values);
        } else if (f.property === 'approver') {
          qb.whereExists(
            knex('approvals as a')
              .whereRaw('a.request_id = r.id')
              .whereIn('a.approver', f.values)
              .modify(sub => {
                if (f.pendingOnly) {
                  sub
                    .whereRaw('a.level = r.level')
                    .whereNull('a.decision')
                    .whereRaw('r.status = ?', ['pending_approval']);
                }
              }),
          );
        } else {
          qb.whereExists(
            knex('home_app_owners as o')
              .whereRaw('o.app_key = r.app_key')
              .whereIn('o.owner', f.values),
          );
        }
      });
    }
    if (options.status?.length) query.whereIn('r.status', options.status);
    if (options.appKey) query.where('r.app_key', options.appKey);
    if (options.cursor) {
      const after = await knex('requests')
        .where({ id: options.cursor })
        .first('created_at_ms');
      if (!after) throw new NotFoundError(`No request ${options.cursor}`);
      query.where(q =>
        q
          .where('r.created_at_ms', '<', after.created_at_ms)
          .orWhere(q2 =>
            q2
              .where('r.created_at_ms', after.created_at_ms)
              .andWhere('r.id', '<', options.cursor!),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'r.created_at_ms', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    const page = rows.slice(0, options.limit);
    return {
      items: await Promise.all(page.map(r => this.get(r.id))),
      nextCursor:
        rows.length > options.limit ? page[page.length - 1].id : undefined,
    };
  }

  /** Requests with the owners of their apps, for permission rules. */
  async getRequestResources(
    ids: string[],
  ): Promise<
    Array<
      (AccessRequest & { version: number; appOwners: string[] }) | undefined
    >
  > {
    return Promise.all(
      ids.map(async id => {
        const request = await this.get(id).catch(error => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        });
        if (!request) return undefined;
        const owners = await this.knex('home_app_owners')
          .where({ app_key: request.appKey })
          .pluck('owner');
        return { ...request, appOwners: owners };
      }),
    );
  }

  /** Apps of the Home catalog a permission decision lets the caller manage. */
  async listAppsWhere(
    filter: PermissionCriteria<AppFilter> | undefined,
  ): Promise<HomeApp[]> {
    const knex = this.knex;
    const query = knex('home_apps as h').select('h.definition');
    if (filter) {
      whereCriteria(query, filter, (qb, f) =>
        qb.whereExists(
          knex('home_app_owners as o')
            .whereRaw('o.app_key = h.app_key')
            .whereIn('o.owner', f.values),
        ),
      );
    }
    return (await query.orderBy('h.app_key')).map(r =>
      JSON.parse(r.definition),
    );
  }

  /** Requests of one requester, newest first. */
  async listByRequester(
    requester: string,
    limit = 100,
  ): Promise<AccessRequest[]> {
    const ids = await this.knex('requests')
      .where({ requester })
      .orderBy('created_at_ms', 'desc')
      .limit(limit)
      .pluck('id');
    return Promise.all(ids.map(id => this.get(id)));
  }

  /** Requests waiting for this approver's decision (their approvals inbox). */
  async listAwaiting(approver: string, limit = 100): Promise<AccessRequest[]> {
    const ids = await this.knex('approvals as a')
      .join('requests as r', join =>
        join.on('r.id', 'a.request_id').andOn('r.level', 'a.level'),
      )
      .where({ 'a.approver': approver, 'r.status': 'pending_approval' })
      .whereNull('a.decision')
      .orderBy('r.created_at_ms')
      .limit(limit)
      .pluck('r.id');
    return Promise.all(ids.map(id => this.get(id)));
  }
}
