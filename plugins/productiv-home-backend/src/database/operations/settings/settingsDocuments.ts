import { Knex } from 'knex';
import { DbSettingsRow } from '../../tables';
import { bumpConfigVersion } from './configVersion';

/** A stored settings document with who changed it last and when. */
export type StoredSettings<T> = {
  value: T;
  updatedBy: string;
  updatedAt: Date;
};

export async function getSettingsDocument<T>(
  knex: Knex,
  key: string,
): Promise<StoredSettings<T> | undefined> {
  const row = await knex<DbSettingsRow>('home_settings').where({ key }).first();
  if (!row) {
    return undefined;
  }
  return {
    value: JSON.parse(row.value) as T,
    updatedBy: row.updated_by,
    // SQLite returns timestamps as numbers or strings, PostgreSQL as Dates.
    updatedAt: new Date(row.updated_at),
  };
}

/** Replaces a document and bumps the config version, in one transaction. */
export async function putSettingsDocument<T>(
  knex: Knex,
  key: string,
  value: T,
  updatedBy: string,
): Promise<void> {
  await knex.transaction(async trx => {
    await trx<DbSettingsRow>('home_settings')
      .insert({
        key,
        value: JSON.stringify(value),
        updated_by: updatedBy,
        updated_at: new Date(),
      })
      .onConflict('key')
      .merge(['value', 'updated_by', 'updated_at']);
    await bumpConfigVersion(trx);
  });
}
