import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { ProductivHomeDatabase } from '../../ProductivHomeDatabase';

jest.setTimeout(60_000);

const ref = (name: string) => `user:default/${name}`;

/** Runs `fn` and counts the SQL queries it sends. */
async function countQueries<T>(knex: Knex, fn: () => Promise<T>) {
  let queries = 0;
  const listener = () => void queries++;
  knex.on('query', listener);
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    knex.removeListener('query', listener);
  }
}

describe('listing requests', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'reads 50 requests with their approvals and history in at most 5 queries (%p)',
    async id => {
      const knex = await databases.init(id);
      const { requests, approvals } = await ProductivHomeDatabase.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      for (let i = 0; i < 50; i++) {
        await requests.create(
          {
            requester: ref(`person${i}`),
            appKey: 'figma',
            tier: 'editor',
            status: 'pending_approval',
            level: 1,
          },
          [
            { level: 1, approver: ref('olivia'), viaFallback: false },
            { level: 1, approver: ref('sofia'), viaFallback: false },
          ],
          [
            {
              actor: ref(`person${i}`),
              type: 'submitted',
              status: 'pending_approval',
            },
            {
              actor: 'system',
              type: 'approval-requested',
              level: 1,
              status: 'pending_approval',
            },
          ],
          1000 + i,
        );
      }

      const page = await countQueries(knex, () =>
        requests.listRequests({ limit: 50 }),
      );
      expect(page.result.items).toHaveLength(50);
      expect(page.result.items[0]).toMatchObject({
        requester: ref('person49'),
        approvals: [{ approver: ref('olivia') }, { approver: ref('sofia') }],
        history: [{ type: 'submitted' }, { type: 'approval-requested' }],
      });
      expect(page.queries).toBeLessThanOrEqual(5);

      const nextPage = await countQueries(knex, () =>
        requests.listRequests({ limit: 20, cursor: page.result.items[9].id }),
      );
      expect(nextPage.result.items).toHaveLength(20);
      expect(nextPage.queries).toBeLessThanOrEqual(5);

      const inbox = await countQueries(knex, () =>
        approvals.listAwaiting(ref('olivia')),
      );
      expect(inbox.result).toHaveLength(50);
      expect(inbox.queries).toBeLessThanOrEqual(5);

      const resources = await countQueries(knex, () =>
        requests.getRequestResources(page.result.items.map(r => r.id)),
      );
      expect(resources.result.filter(Boolean)).toHaveLength(50);
      expect(resources.queries).toBeLessThanOrEqual(5);
    },
  );
});
