import { NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  AccessRequest,
  RequestFilter,
  RequestStatus,
} from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { whereRequestCriteria } from '../../permissionSql';
import { DbRequestRow } from '../../tables';
import { withDetails } from './readRequests';

export type ListRequestsOptions = {
  filter?: PermissionCriteria<RequestFilter>;
  status?: RequestStatus[];
  appKey?: string;
  limit: number;
  cursor?: string;
};

/**
 * Requests a permission decision lets the caller see, newest first, one
 * page at a time (`cursor` is the last id of the previous page). The
 * conditions are applied in SQL; a page costs three queries (four with a
 * cursor), whatever its size.
 */
export async function listRequests(
  knex: Knex,
  options: ListRequestsOptions,
): Promise<{ items: AccessRequest[]; nextCursor?: string }> {
  const query = knex('requests as r').select('r.*');
  if (options.filter) whereRequestCriteria(knex, query, options.filter);
  if (options.status?.length) query.whereIn('r.status', options.status);
  if (options.appKey) query.where('r.app_key', options.appKey);
  if (options.cursor) {
    const after = await knex<DbRequestRow>('requests')
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
  const rows: DbRequestRow[] = await query
    .orderBy([
      { column: 'r.created_at_ms', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ])
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  return {
    items: await withDetails(knex, page),
    nextCursor:
      rows.length > options.limit ? page[page.length - 1].id : undefined,
  };
}

/** Requests of one requester, newest first. */
export async function listRequestsOf(
  knex: Knex,
  requester: string,
  limit = 100,
): Promise<AccessRequest[]> {
  const rows = await knex<DbRequestRow>('requests')
    .where({ requester })
    .orderBy('created_at_ms', 'desc')
    .limit(limit);
  return withDetails(knex, rows);
}
