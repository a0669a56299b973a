import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { DbApprovalRow, DbRequestEventRow, DbRequestRow } from '../../tables';
import { readGrants } from '../grants/readGrants';
import { Grant } from '../grants/types';
import { kindOf, StoredRequest } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; PostgreSQL rejects anything else in a uuid column. */
export function isRequestId(id: string): boolean {
  return UUID.test(id);
}

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();

function groupBy<T extends { request_id: string }>(rows: T[]) {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    groups.set(row.request_id, [...(groups.get(row.request_id) ?? []), row]);
  }
  return groups;
}

function toRequest(
  row: DbRequestRow,
  approvals: DbApprovalRow[],
  events: DbRequestEventRow[],
  grant?: Grant,
): StoredRequest {
  return {
    id: row.id,
    requester: row.requester,
    appKey: row.app_key,
    tier: row.tier,
    fromTier: row.from_tier ?? undefined,
    ...(kindOf(row.kind) !== 'grant' ? { kind: kindOf(row.kind) } : {}),
    justification: row.justification ?? undefined,
    ...(row.access_days ? { accessDays: Number(row.access_days) } : {}),
    ...(grant ? { expiresAt: iso(grant.expiresAtMs) } : {}),
    ...(row.grant_id ? { grantId: row.grant_id } : {}),
    status: row.status as StoredRequest['status'],
    level: row.level === null ? undefined : Number(row.level),
    version: Number(row.version),
    approvals: approvals.map(a => ({
      level: Number(a.level),
      approver: a.approver,
      viaFallback: Boolean(a.via_fallback),
      ...(a.via_escalation ? { viaEscalation: true } : {}),
      decision: (a.decision ?? undefined) as 'approved' | 'denied' | undefined,
      decidedAt: a.decided_at_ms === null ? undefined : iso(a.decided_at_ms),
      remindersSent: Number(a.reminders_sent),
    })),
    history: events.map(e => ({
      at: iso(e.at_ms),
      actor: e.actor,
      type: e.type as StoredRequest['history'][number]['type'],
      level: e.level === null ? undefined : Number(e.level),
      comment: e.comment ?? undefined,
      status: e.status as StoredRequest['status'],
      onBehalfOf: e.on_behalf_of
        ? (JSON.parse(e.on_behalf_of) as string[])
        : undefined,
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

/**
 * Completes request rows with their approvals and history: two queries,
 * whatever the number of rows. Keeps the rows' order.
 */
export async function withDetails(
  knex: Knex,
  rows: DbRequestRow[],
): Promise<StoredRequest[]> {
  if (!rows.length) return [];
  const ids = rows.map(r => r.id);
  const grantIds = rows.map(r => r.grant_id ?? r.id);
  const [approvals, events, grants] = await Promise.all([
    knex<DbApprovalRow>('approvals')
      .whereIn('request_id', ids)
      .orderBy(['request_id', 'level', 'approver']),
    knex<DbRequestEventRow>('request_events')
      .whereIn('request_id', ids)
      .orderBy('id'),
    readGrants(knex, grantIds),
  ]);
  const approvalsOf = groupBy(approvals);
  const eventsOf = groupBy(events);
  return rows.map(row =>
    toRequest(
      row,
      approvalsOf.get(row.id) ?? [],
      eventsOf.get(row.id) ?? [],
      grants.get(row.grant_id ?? row.id),
    ),
  );
}

/** These requests, by id (missing ones left out): three queries. */
export async function readRequests(
  knex: Knex,
  ids: string[],
): Promise<Map<string, StoredRequest>> {
  const valid = [...new Set(ids.filter(isRequestId))];
  if (!valid.length) return new Map();
  const rows = await knex<DbRequestRow>('requests').whereIn('id', valid);
  const requests = await withDetails(knex, rows);
  return new Map(requests.map(r => [r.id, r]));
}

/** One request with its approvals and history; NotFoundError when there is none. */
export async function getRequest(
  knex: Knex,
  id: string,
): Promise<StoredRequest> {
  const request = (await readRequests(knex, [id])).get(id);
  if (!request) throw new NotFoundError(`No request ${id}`);
  return request;
}
