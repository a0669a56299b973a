import { Exemption } from '@internal/plugin-provisioning-workflows-common';
import { randomUUID } from 'node:crypto';
import { DbExemptionRow } from '../../tables';
import { NewAuditEvent } from '../../types';
import { chunks, iso } from '../../util';
import { WorkflowDbContext } from '../context';
import { addEvents } from '../events/events';

export async function listExemptions(
  ctx: WorkflowDbContext,
  scopes: string[],
): Promise<Exemption[]> {
  const rows: DbExemptionRow[] = await ctx
    .knex<DbExemptionRow>('workflow_exemptions')
    .whereIn('scope', scopes)
    .orderBy(['scope', 'kind', 'value']);
  return rows.map(r => ({
    id: r.id,
    scope: r.scope,
    kind: r.kind,
    value: r.value,
    note: r.note ?? undefined,
    addedBy: r.added_by,
    addedAt: iso(r.added_at_ms)!,
  }));
}

/** Adds what is not there yet; returns how many were added. */
export async function addExemptions(
  ctx: WorkflowDbContext,
  scope: string,
  entries: Array<{ kind: 'user' | 'group'; value: string; note?: string }>,
  actor: string,
  event: Omit<NewAuditEvent, 'type' | 'actor'>,
  nowMs: number,
): Promise<number> {
  return ctx.knex.transaction(async trx => {
    let added = 0;
    for (const batch of chunks(entries, 200)) {
      const inserted = await trx<DbExemptionRow>('workflow_exemptions')
        .insert(
          batch.map(e => ({
            id: randomUUID(),
            scope,
            kind: e.kind,
            value: e.value,
            note: e.note ?? null,
            added_by: actor,
            added_at_ms: nowMs,
          })),
        )
        .onConflict(['scope', 'kind', 'value'])
        .ignore()
        .returning('value');
      added += inserted.length;
    }
    await addEvents(
      ctx,
      [
        {
          ...event,
          type: 'exemption.added',
          actor,
          detail: {
            scope,
            added,
            entries: entries.slice(0, 50).map(e => `${e.kind}:${e.value}`),
          },
        },
      ],
      nowMs,
      trx,
    );
    return added;
  });
}

export async function getExemption(
  ctx: WorkflowDbContext,
  id: string,
): Promise<Exemption | undefined> {
  const [found] = await ctx
    .knex<DbExemptionRow>('workflow_exemptions')
    .where({ id })
    .select('scope');
  if (!found) return undefined;
  return (await listExemptions(ctx, [found.scope])).find(e => e.id === id);
}

export async function removeExemption(
  ctx: WorkflowDbContext,
  id: string,
  event: NewAuditEvent,
  nowMs: number,
): Promise<boolean> {
  return ctx.knex.transaction(async trx => {
    const n = await trx('workflow_exemptions').where({ id }).delete();
    if (n) await addEvents(ctx, [event], nowMs, trx);
    return n > 0;
  });
}
