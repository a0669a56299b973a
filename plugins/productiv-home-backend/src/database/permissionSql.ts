import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  AppFilter,
  RequestFilter,
} from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';

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

/** Request conditions on a query over `requests as r`. */
export function whereRequestCriteria(
  knex: Knex,
  query: Knex.QueryBuilder,
  filter: PermissionCriteria<RequestFilter>,
): void {
  whereCriteria(query, filter, (qb, f) => {
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

/** App conditions on a query over `home_apps as h`. */
export function whereAppCriteria(
  knex: Knex,
  query: Knex.QueryBuilder,
  filter: PermissionCriteria<AppFilter>,
): void {
  whereCriteria(query, filter, (qb, f) =>
    qb.whereExists(
      knex('home_app_owners as o')
        .whereRaw('o.app_key = h.app_key')
        .whereIn('o.owner', f.values),
    ),
  );
}
