import { AuditEvent } from '@internal/plugin-provisioning-workflows-common';
import { DbWorkflowEventRow } from '../../tables';
import { NewAuditEvent } from '../../types';
import { chunks, iso } from '../../util';
import { Db, WorkflowDbContext } from '../context';
import { Knex } from 'knex';

/**
 * Writes audit events, in the transaction of the change they record when
 * given one; the context's hook hears of them once that commits.
 */
export async function addEvents(
  ctx: WorkflowDbContext,
  events: NewAuditEvent[],
  nowMs: number,
  trx: Db = ctx.knex,
): Promise<void> {
  const { onEvents } = ctx;
  if (onEvents && events.length) {
    const committed = (trx as Knex.Transaction).executionPromise;
    if (committed) {
      committed.then(
        () => onEvents(events),
        () => {},
      );
    } else {
      queueMicrotask(() => onEvents(events));
    }
  }
  for (const batch of chunks(events, 400)) {
    await trx<DbWorkflowEventRow>('workflow_events').insert(
      batch.map(e => ({
        at_ms: nowMs,
        type: e.type,
        actor: e.actor,
        app_key: e.appKey ?? null,
        instance_id: e.instanceId ?? null,
        run_id: e.runId ?? null,
        action_id: e.actionId ?? null,
        detail: JSON.stringify(e.detail ?? {}),
      })),
    );
  }
}

export type EventFilter = {
  fromMs?: number;
  toMs?: number;
  /** Only events of these apps (undefined: every event, of an app or not). */
  appKeys?: string[];
  instanceId?: string;
  types?: string[];
  actor?: string;
  runId?: string;
  cursor?: string;
  limit: number;
};

/** Newest first; `cursor` is the id of the last event of the previous page. */
export async function listEvents(
  ctx: WorkflowDbContext,
  filter: EventFilter,
): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
  const q = ctx
    .knex<DbWorkflowEventRow>('workflow_events')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.fromMs !== undefined) q.where('at_ms', '>=', filter.fromMs);
  if (filter.toMs !== undefined) q.where('at_ms', '<', filter.toMs);
  if (filter.appKeys) q.whereIn('app_key', filter.appKeys);
  if (filter.instanceId) q.where('instance_id', filter.instanceId);
  if (filter.types?.length) q.whereIn('type', filter.types);
  if (filter.actor) q.where('actor', filter.actor);
  if (filter.runId) q.where('run_id', filter.runId);
  if (filter.cursor) q.where('id', '<', filter.cursor);
  const rows: DbWorkflowEventRow[] = await q;
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(r => ({
      id: String(r.id),
      at: iso(r.at_ms)!,
      type: r.type,
      actor: r.actor,
      appKey: r.app_key ?? undefined,
      instanceId: r.instance_id ?? undefined,
      runId: r.run_id ?? undefined,
      actionId: r.action_id ?? undefined,
      detail: JSON.parse(r.detail),
    })),
    nextCursor:
      rows.length > filter.limit ? String(page[page.length - 1].id) : undefined,
  };
}
