import { TestDatabases } from '@backstage/backend-test-utils';
import { slackMigrations, SlackStore } from './SlackStore';

jest.setTimeout(60_000);

describe('SlackStore', () => {
  // PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  // points at one (scripts/test.sh does); never a Docker container.
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    'records a post before it is sent and where it landed after (%p)',
    async id => {
      const store = await SlackStore.create(await databases.init(id));
      const post = {
        key: 'approval:r1:1:olivia',
        kind: 'approval' as const,
        requestId: 'r1',
        level: 1,
        recipient: 'user:default/olivia.chen',
        channel: 'D0OLIVIA',
        buttons: true,
      };
      expect(await store.getPost(post.key)).toBeUndefined();
      await store.startPost(post, 1000);
      expect(await store.getPost(post.key)).toEqual(post);
      // A second start (a retry) keeps the first record.
      await store.startPost({ ...post, channel: 'D0OTHER' }, 2000);
      expect((await store.getPost(post.key))?.channel).toBe('D0OLIVIA');
      // Unconfirmed posts are not offered for updates or threads.
      expect(await store.postsFor('r1', 1, post.recipient)).toEqual([]);

      await store.completePost(post.key, { channel: 'D0OLIVIA', ts: '1.1' });
      expect(await store.getPost(post.key)).toEqual({ ...post, ts: '1.1' });

      await store.startPost(
        { ...post, key: 'reminder:r1:1:olivia', kind: 'reminder' },
        3000,
      );
      await store.completePost('reminder:r1:1:olivia', {
        channel: 'D0OLIVIA',
        ts: '1.2',
      });
      await store.startPost(
        { ...post, key: 'approval:r1:2:sofia', level: 2, recipient: 'x' },
        4000,
      );
      await store.completePost('approval:r1:2:sofia', {
        channel: 'D0SOFIA',
        ts: '1.3',
      });
      const posts = await store.postsFor('r1', 1, post.recipient);
      expect(posts.map(p => [p.kind, p.ts, p.buttons])).toEqual([
        ['approval', '1.1', true],
        ['reminder', '1.2', true],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'tells a first click from a replay, also when both arrive at once, and forgets old clicks (%p)',
    async id => {
      const store = await SlackStore.create(await databases.init(id));
      const results = await Promise.all([
        store.firstClick('U1:1.1:approve:9.9', 1000),
        store.firstClick('U1:1.1:approve:9.9', 1000),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.firstClick('U1:1.1:approve:9.9', 2000)).toBe(false);
      expect(await store.firstClick('U1:1.1:deny:9.9', 5000)).toBe(true);

      expect(await store.pruneClicks(3000)).toBe(1);
      // Forgotten: by now Slack's replay window refuses it anyway.
      expect(await store.firstClick('U1:1.1:approve:9.9', 6000)).toBe(true);
      expect(await store.firstClick('U1:1.1:deny:9.9', 6000)).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes old posts in batches, except those of requests still in use (%p)',
    async id => {
      const store = await SlackStore.create(await databases.init(id));
      const post = (key: string, requestId?: string) => ({
        key,
        kind: requestId ? ('approval' as const) : ('admin' as const),
        requestId,
        level: requestId ? 1 : undefined,
        channel: 'D0A',
        buttons: Boolean(requestId),
      });
      // Five old posts started at the same time, across a batch's end.
      for (const key of ['a', 'b', 'c', 'd', 'e']) {
        await store.startPost(post(key, key < 'c' ? 'open' : 'done'), 1000);
        await store.completePost(key, { channel: 'D0A', ts: key }, 1500);
      }
      await store.startPost(post('notice'), 2000); // about no request
      await store.startPost(post('unconfirmed', 'done'), 2500);
      await store.startPost(post('recent', 'done'), 9000);

      const asked: string[][] = [];
      const result = await store.deletePosts({
        beforeMs: 5000,
        batchSize: 2,
        keep: async ids => {
          asked.push(ids);
          return ids.filter(i => i === 'open');
        },
      });
      expect(result).toEqual({ deleted: 5, kept: 2 });
      const left = async () =>
        (
          await Promise.all(
            ['a', 'b', 'c', 'd', 'e', 'notice', 'unconfirmed', 'recent'].map(
              async k => ((await store.getPost(k)) ? k : undefined),
            ),
          )
        ).filter(Boolean);
      expect(await left()).toEqual(['a', 'b', 'recent']);
      // Each kept post is read once; a batch names its requests once.
      expect(asked).toEqual([['open'], ['done'], ['done'], ['done']]);

      // The request finished since: its posts go on the next run.
      expect(
        await store.deletePosts({ beforeMs: 5000, keep: async () => [] }),
      ).toEqual({ deleted: 2, kept: 0 });
      expect(await left()).toEqual(['recent']);

      // An aborted run (a timeout, a shutdown) stops before the next batch.
      const stop = new AbortController();
      stop.abort();
      expect(
        await store.deletePosts({
          beforeMs: 10_000,
          keep: async () => [],
          signal: stop.signal,
        }),
      ).toEqual({ deleted: 0, kept: 0 });
      expect(await left()).toEqual(['recent']);
    },
  );

  it.each(databases.eachSupportedId())(
    'records when a retry may look for an unconfirmed post (%p)',
    async id => {
      const knex = await databases.init(id);
      await knex.migrate.latest(slackMigrations('20261216_post_retention'));
      const row = { kind: 'approval', channel: 'D0A', buttons: true };
      await knex('home_slack_posts').insert([
        { key: 'unconfirmed', ...row, started_at_ms: 1000 },
        { key: 'posted', ...row, ts: '1.5', started_at_ms: 1000 },
      ]);
      const store = await SlackStore.create(knex);
      // Posts unconfirmed before the migration are looked for at once.
      expect(await store.getPost('unconfirmed')).toMatchObject({
        lookAfterMs: 1000,
      });
      expect(await store.getPost('posted')).not.toHaveProperty('lookAfterMs');

      await store.startPost(
        { key: 'k', kind: 'admin', channel: 'C0A', buttons: false },
        2000,
      );
      expect(await store.getPost('k')).not.toHaveProperty('lookAfterMs');
      await store.markTry('k', 5000);
      expect(await store.getPost('k')).toMatchObject({ lookAfterMs: 5000 });
      await store.markTry('k', undefined);
      expect(await store.getPost('k')).not.toHaveProperty('lookAfterMs');
      await store.markTry('k', 6000);
      await store.completePost('k', { channel: 'C0A', ts: '2.0' });
      expect(await store.getPost('k')).toEqual({
        key: 'k',
        kind: 'admin',
        channel: 'C0A',
        ts: '2.0',
        buttons: false,
      });
      // A confirmed post is not marked again.
      await store.markTry('k', 7000);
      expect(await store.getPost('k')).not.toHaveProperty('lookAfterMs');

      await knex.migrate.down(slackMigrations());
      expect(
        await knex.schema.hasColumn('home_slack_posts', 'look_after_ms'),
      ).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps what the first version posted when migrating, and migrates back (%p)',
    async id => {
      const knex = await databases.init(id);
      await knex.migrate.latest(slackMigrations('20261124_init'));
      await knex('home_slack_messages').insert({
        key: 'old-key',
        channel: 'D0OLD',
        ts: '1.0',
        posted_at_ms: 1000,
      });
      await knex('home_slack_clicks').insert({
        id: 'old-click',
        received_at_ms: 1000,
      });

      const store = await SlackStore.create(knex);
      expect(await store.getPost('old-key')).toEqual({
        key: 'old-key',
        kind: 'unknown',
        channel: 'D0OLD',
        ts: '1.0',
        buttons: false,
      });
      expect(await store.firstClick('old-click')).toBe(false);
      await store.startPost(
        { key: 'in-flight', kind: 'admin', channel: 'C0A', buttons: false },
        2000,
      );

      // Down a step at a time: the tries, the retention index, the posts.
      await knex.migrate.down(slackMigrations());
      expect(await store.getPost('in-flight')).toBeDefined();
      await knex.migrate.down(slackMigrations());
      expect(await store.getPost('old-key')).toBeDefined();
      await knex.migrate.down(slackMigrations());
      expect(await knex('home_slack_messages').select('key', 'ts')).toEqual([
        { key: 'old-key', ts: '1.0' },
      ]);
      expect(await knex.schema.hasTable('home_slack_posts')).toBe(false);
    },
  );
});
