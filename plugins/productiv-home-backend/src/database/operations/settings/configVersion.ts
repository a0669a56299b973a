import { Knex } from 'knex';
import { DbCatalogStateRow } from '../../tables';

/** Bumps the version of the Home catalog and settings, inside a write's transaction. */
export async function bumpConfigVersion(trx: Knex.Transaction): Promise<void> {
  await trx<DbCatalogStateRow>('home_catalog_state')
    .where({ id: 1 })
    .increment('version', 1);
}

/**
 * The version of the Home catalog and settings: it changes with every
 * write, so a replica's in-memory copy can tell when it is stale.
 */
export async function readConfigVersion(knex: Knex): Promise<number> {
  const row = await knex<DbCatalogStateRow>('home_catalog_state')
    .where({ id: 1 })
    .first('version');
  return Number(row?.version ?? 0);
}
