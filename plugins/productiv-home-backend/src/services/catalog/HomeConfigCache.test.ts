import { TestDatabases } from '@backstage/backend-test-utils';
import { gunzipSync } from 'node:zlib';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { applyDatabaseMigrations } from '../../database/migrations';
import { AppsStore } from '../../database/AppsStore';
import { DatabaseSettingsStore } from '../../database/SettingsStore';
import { HomeConfigCache } from './HomeConfigCache';

jest.setTimeout(60_000);

const app = (appKey: string, name = appKey): HomeApp => ({
  appKey,
  name,
  description: '',
  category: 'Other',
  tiers: ['basic'],
  owners: ['user:default/sofia.garcia'],
  approval: { required: 'no-one', exceptGroups: [], levels: [] },
  fulfillment: 'manual',
});

describe('HomeConfigCache', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    "sees its own writes at once and other replicas' within the staleness bound (%p)",
    async id => {
      const knex = await databases.init(id);
      await applyDatabaseMigrations(knex);
      const store = new AppsStore(knex);
      const settings = new DatabaseSettingsStore(knex);
      let clock = 1_000_000;
      const replica = (s: AppsStore) =>
        new HomeConfigCache({
          apps: s,
          settings,
          maxStalenessMs: 1000,
          now: () => clock,
        });
      const here = replica(store);
      const there = replica(new AppsStore(knex));

      await store.putApp(app('figma', 'Figma'), 'user:default/a', clock);
      expect((await here.current()).apps.map(a => a.name)).toEqual(['Figma']);
      const { json, gzip } = (await there.current()).listing();
      expect(JSON.parse(json.toString()).items).toHaveLength(1);
      expect(gunzipSync(gzip)).toEqual(json);

      // A write on this replica: visible here at once after invalidate.
      await store.putApp(app('figma', 'Figma 2'), 'user:default/a', clock);
      here.invalidate();
      expect((await here.getApp('figma'))?.name).toBe('Figma 2');
      // The other replica keeps its copy until the bound has passed...
      expect((await there.getApp('figma'))?.name).toBe('Figma');
      clock += 1001;
      // ...then notices the new version.
      expect((await there.getApp('figma'))?.name).toBe('Figma 2');

      // Deletes and settings changes bump the version too.
      await store.deleteApp('figma');
      await settings.put(
        'defaults',
        {
          approvalMethod: 'slack',
          defaultApprovers: [],
          reminderHours: [],
          justificationRequired: false,
        },
        'user:default/a',
      );
      clock += 1001;
      const snapshot = await there.current();
      expect(snapshot.apps).toEqual([]);
      expect(snapshot.settings.approvalMethod).toBe('slack');
      expect(await knex('home_app_owners').count({ n: '*' })).toEqual([
        { n: id === 'SQLITE_3' ? 0 : '0' },
      ]);
    },
  );
});
