import { Knex } from 'knex';
import {
  getSettingsDocument,
  putSettingsDocument,
  StoredSettings,
} from './operations/settings/settingsDocuments';

export type { StoredSettings };

/** Global settings, one JSON document per key. */
export interface SettingsStore {
  get<T>(key: string): Promise<StoredSettings<T> | undefined>;
  put<T>(key: string, value: T, updatedBy: string): Promise<void>;
}

/** Knex implementation of {@link SettingsStore}, on SQLite or PostgreSQL. */
export class DatabaseSettingsStore implements SettingsStore {
  constructor(private readonly knex: Knex) {}

  get<T>(key: string): Promise<StoredSettings<T> | undefined> {
    return getSettingsDocument<T>(this.knex, key);
  }

  put<T>(key: string, value: T, updatedBy: string): Promise<void> {
    return putSettingsDocument(this.knex, key, value, updatedBy);
  }
}
