import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ProductivHomeDatabase } from './ProductivHomeDatabase';

jest.setTimeout(60_000);

describe('DatabaseSettingsStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const { settings: store } = await ProductivHomeDatabase.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'stores, reads and replaces a document on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);

      expect(await store.get('defaults')).toBeUndefined();

      await store.put('defaults', { reminders: [1, 3] }, 'user:default/a');
      const first = await store.get<{ reminders: number[] }>('defaults');
      expect(first?.value).toEqual({ reminders: [1, 3] });
      expect(first?.updatedBy).toBe('user:default/a');
      expect(first?.updatedAt).toBeInstanceOf(Date);
      expect(Math.abs(first!.updatedAt.getTime() - Date.now())).toBeLessThan(
        60_000,
      );

      await store.put('defaults', { reminders: [2] }, 'user:default/b');
      const second = await store.get<{ reminders: number[] }>('defaults');
      expect(second?.value).toEqual({ reminders: [2] });
      expect(second?.updatedBy).toBe('user:default/b');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps documents apart by key on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      await store.put('a', 'one', 'user:default/a');
      await store.put('b', 'two', 'user:default/a');
      expect((await store.get('a'))?.value).toBe('one');
      expect((await store.get('b'))?.value).toBe('two');
      expect(await knex('home_settings').count({ n: '*' })).toEqual([
        { n: databaseId === 'SQLITE_3' ? 2 : '2' },
      ]);
    },
  );
});
