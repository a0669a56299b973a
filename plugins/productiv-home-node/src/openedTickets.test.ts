import { TestDatabases } from '@backstage/backend-test-utils';
import { OpenedTickets } from './openedTickets';

jest.setTimeout(60_000);

describe('OpenedTickets', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'finds the ticket recorded for a key, and keeps the first record (%p)',
    async id => {
      const knex = await databases.init(id);
      await knex.schema.createTable('home_example_tickets', t => {
        t.string('key', 255).primary();
        t.string('ticket_id', 64).notNullable();
        t.text('url').nullable();
      });
      const tickets = new OpenedTickets(knex, {
        name: 'home_example_tickets',
        idColumn: 'ticket_id',
      });
      expect(await tickets.find('job-1')).toBeUndefined();

      expect(await tickets.record('job-1', 'T-1', 'http://desk/T-1')).toEqual({
        status: 'pending',
        externalId: 'T-1',
        externalUrl: 'http://desk/T-1',
      });
      await tickets.record('job-1', 'T-2', 'http://desk/T-2');
      expect(await tickets.find('job-1')).toEqual({
        status: 'pending',
        externalId: 'T-1',
        externalUrl: 'http://desk/T-1',
      });

      await knex('home_example_tickets').insert({
        key: 'job-2',
        ticket_id: 'T-3',
        url: null,
      });
      expect(await tickets.find('job-2')).toEqual({
        status: 'pending',
        externalId: 'T-3',
        externalUrl: undefined,
      });
    },
  );
});
