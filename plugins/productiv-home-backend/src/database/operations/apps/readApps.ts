import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { AppFilter, HomeApp } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { whereAppCriteria } from '../../permissionSql';
import { DbHomeAppOwnerRow, DbHomeAppRow } from '../../tables';

export async function getApp(
  knex: Knex,
  appKey: string,
): Promise<HomeApp | undefined> {
  const row = await knex<DbHomeAppRow>('home_apps')
    .where({ app_key: appKey })
    .first();
  return row ? JSON.parse(row.definition) : undefined;
}

/**
 * Every app, or those a permission decision lets the caller manage (its
 * conditions applied in SQL).
 */
export async function listApps(
  knex: Knex,
  filter?: PermissionCriteria<AppFilter>,
): Promise<HomeApp[]> {
  const query = knex('home_apps as h').select('h.definition');
  if (filter) whereAppCriteria(knex, query, filter);
  const rows: Pick<DbHomeAppRow, 'definition'>[] = await query.orderBy(
    'h.app_key',
  );
  return rows.map(r => JSON.parse(r.definition));
}

/** The owners of each of these apps, in one query. */
export async function ownersOfApps(
  knex: Knex,
  appKeys: string[],
): Promise<Map<string, string[]>> {
  const owners = new Map<string, string[]>();
  if (!appKeys.length) return owners;
  const rows = await knex<DbHomeAppOwnerRow>('home_app_owners')
    .whereIn('app_key', [...new Set(appKeys)])
    .select('app_key', 'owner');
  for (const row of rows) {
    owners.set(row.app_key, [...(owners.get(row.app_key) ?? []), row.owner]);
  }
  return owners;
}
