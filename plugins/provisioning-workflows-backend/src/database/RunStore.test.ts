import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { DatabaseRunStore } from './RunStore';

jest.setTimeout(60_000);

describe('DatabaseRunStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    return DatabaseRunStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
  }

  it.each(databases.eachSupportedId())(
    'records a run from start to success on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const started = await store.start('inventory-sync');
      expect(started).toMatchObject({
        kind: 'inventory-sync',
        status: 'running',
        stats: {},
      });

      const finished = await store.finish(started.id, {
        stats: { read: 12, changed: 3 },
      });
      expect(finished).toMatchObject({
        id: started.id,
        status: 'succeeded',
        stats: { read: 12, changed: 3 },
      });
      expect(finished.error).toBeUndefined();
      expect(Date.parse(finished.finishedAt!)).toBeGreaterThanOrEqual(
        Date.parse(started.startedAt),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'records a failure with its error and refuses to finish twice on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const run = await store.start('activity-ingest');
      const failed = await store.finish(run.id, {
        stats: { read: 5 },
        error: 'Okta answered 500',
      });
      expect(failed).toMatchObject({
        status: 'failed',
        error: 'Okta answered 500',
      });
      await expect(store.finish(run.id, { stats: {} })).rejects.toThrow(
        /No running run/,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'lists the newest runs first, by kind, up to a limit on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const ids: string[] = [];
      for (const kind of [
        'inventory-sync',
        'activity-ingest',
        'inventory-sync',
      ] as const) {
        ids.push((await store.start(kind)).id);
        await new Promise(r => setTimeout(r, 5));
      }
      const all = await store.list({ limit: 10 });
      expect(all.map(r => r.id)).toEqual([...ids].reverse());
      const syncs = await store.list({ kind: 'inventory-sync', limit: 1 });
      expect(syncs.map(r => r.id)).toEqual([ids[2]]);
    },
  );
});
