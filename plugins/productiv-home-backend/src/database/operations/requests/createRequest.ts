import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { DbRequestRow } from '../../tables';
import { findOpenRequest } from './findRequests';
import {
  DuplicateRequestError,
  NewApproval,
  NewEvent,
  StoredRequest,
} from './types';
import { insertApprovals, insertEvents } from './writeHistory';

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  // PostgreSQL unique_violation; SQLite's constraint code.
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A request as it is first stored, before its approvals and history. */
export type NewRequest = Pick<
  AccessRequest,
  | 'requester'
  | 'appKey'
  | 'tier'
  | 'fromTier'
  | 'kind'
  | 'justification'
  | 'accessDays'
  | 'grantId'
  | 'status'
  | 'level'
>;

/**
 * Creates a request with its first approvals and events, and whatever
 * `inTransaction` adds (its jobs), in one transaction, and returns it as
 * stored (without reading it back). A second open request for the same
 * person, app and tier is a {@link DuplicateRequestError}.
 */
export async function createRequest(
  knex: Knex,
  input: NewRequest,
  approvals: NewApproval[],
  events: NewEvent[],
  nowMs: number,
  inTransaction?: (trx: Knex.Transaction, id: string) => Promise<void>,
): Promise<StoredRequest> {
  const id = randomUUID();
  try {
    await knex.transaction(async trx => {
      await trx<DbRequestRow>('requests').insert({
        id,
        requester: input.requester,
        app_key: input.appKey,
        tier: input.tier,
        from_tier: input.fromTier ?? null,
        kind: input.kind ?? 'grant',
        justification: input.justification ?? null,
        access_days: input.accessDays ?? null,
        ...(input.grantId ? { grant_id: input.grantId } : {}),
        status: input.status,
        level: input.level ?? null,
        version: 1,
        created_at_ms: nowMs,
        updated_at_ms: nowMs,
      });
      await insertApprovals(trx, id, approvals, nowMs);
      await insertEvents(trx, id, events, nowMs);
      await inTransaction?.(trx, id);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const open = await findOpenRequest(
      knex,
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
    fromTier: input.fromTier,
    ...(input.kind && input.kind !== 'grant' ? { kind: input.kind } : {}),
    justification: input.justification,
    ...(input.accessDays ? { accessDays: input.accessDays } : {}),
    ...(input.grantId ? { grantId: input.grantId } : {}),
    status: input.status,
    level: input.level,
    version: 1,
    approvals: [...approvals]
      .sort((a, b) => a.level - b.level || a.approver.localeCompare(b.approver))
      .map(a => ({ ...a, remindersSent: 0 })),
    history: events.map(e => ({ ...e, at })),
    createdAt: at,
    updatedAt: at,
  };
}
