import {
  HomeApp,
  HomeAppOktaLink,
} from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { DbHomeAppOwnerRow, DbHomeAppRow } from '../../tables';
import { bumpConfigVersion } from '../settings/configVersion';

/** Adds or replaces an app with its owners, and bumps the config version. */
export async function putApp(
  knex: Knex,
  app: HomeApp,
  updatedBy: string,
  nowMs: number,
): Promise<void> {
  await knex.transaction(async trx => {
    await trx<DbHomeAppRow>('home_apps')
      .insert({
        app_key: app.appKey,
        definition: JSON.stringify(app),
        updated_by: updatedBy,
        updated_at_ms: nowMs,
      })
      .onConflict('app_key')
      .merge(['definition', 'updated_by', 'updated_at_ms']);
    await trx<DbHomeAppOwnerRow>('home_app_owners')
      .where({ app_key: app.appKey })
      .delete();
    const owners = [...new Set(app.owners)];
    if (owners.length) {
      await trx<DbHomeAppOwnerRow>('home_app_owners').insert(
        owners.map(owner => ({ app_key: app.appKey, owner })),
      );
    }
    await bumpConfigVersion(trx);
  });
}

/** Removes an app and its owners; false when there was none. */
export async function deleteApp(knex: Knex, appKey: string): Promise<boolean> {
  return knex.transaction(async trx => {
    const deleted = await trx<DbHomeAppRow>('home_apps')
      .where({ app_key: appKey })
      .delete();
    // SQLite does not enforce foreign keys unless asked to; be explicit.
    await trx<DbHomeAppOwnerRow>('home_app_owners')
      .where({ app_key: appKey })
      .delete();
    await bumpConfigVersion(trx);
    return deleted > 0;
  });
}

/**
 * Sets an app's Okta link unless it has one (an admin may have saved it
 * meanwhile); true when this call set it.
 */
export async function linkAppIfUnlinked(
  knex: Knex,
  appKey: string,
  okta: HomeAppOktaLink,
  updatedBy: string,
  nowMs: number,
): Promise<boolean> {
  return knex.transaction(async trx => {
    const row = await trx<DbHomeAppRow>('home_apps')
      .where({ app_key: appKey })
      .first();
    if (!row) return false;
    const app: HomeApp = JSON.parse(row.definition);
    if (app.okta) return false;
    // Only if unchanged since read: a concurrent save wins.
    const updated = await trx<DbHomeAppRow>('home_apps')
      .where({ app_key: appKey, definition: row.definition })
      .update({
        definition: JSON.stringify({ ...app, okta }),
        updated_by: updatedBy,
        updated_at_ms: nowMs,
      });
    if (!updated) return false;
    await bumpConfigVersion(trx);
    return true;
  });
}
