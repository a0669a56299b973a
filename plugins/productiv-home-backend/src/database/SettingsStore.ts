import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from './migrations';
import { bumpConfigVersion } from './RequestStore';

/** A stored settings document with who changed it last and when. */
export type StoredSettings<T> = {
  value: T;
  updatedBy: string;
  updatedAt: Date;
};

/** Global settings, one JSON document per key. */
export interface SettingsStore {
  get<T>(key: string): Promise<StoredSettings<T> | undefined>;
  put<T>(key: string, value: T, updatedBy: string): Promise<void>;
}

type SettingsRow = {
  key: string;
  value: string;
  updated_by: string;
  updated_at: Date | string;
};

/** Knex implementation of {@link SettingsStore}, on SQLite or PostgreSQL. */
export class DatabaseSettingsStore implements SettingsStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSettingsStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await applyDatabaseMigrations(knex);
    }
    return new DatabaseSettingsStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async get<T>(key: string): Promise<StoredSettings<T> | undefined> {
    const row = await this.knex<SettingsRow>('home_settings')
      .where({ key })
      .first();
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

  async put<T>(key: string, value: T, updatedBy: string): Promise<void> {
    await this.knex.transaction(async trx => {
      await trx<SettingsRow>('home_settings')
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
}
