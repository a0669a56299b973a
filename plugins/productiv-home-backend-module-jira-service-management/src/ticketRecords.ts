import {
  ticketClosureMigration,
  TicketRecordsLifecycle,
} from '@internal/plugin-productiv-home-node';
import type { DatabaseService } from '@backstage/backend-plugin-api';

const REQUESTS = {
  table: 'home_jsm_requests',
  idColumn: 'issue_key',
  indexes: {
    id: 'home_jsm_requests_issue_idx',
    closed: 'home_jsm_requests_closed_idx',
  },
  comment: 'When JSM last said the request was done; unset while open',
};

/** `closed_at_ms` on the module's requests: when JSM last said one was done. */
export const REQUEST_CLOSURE_MIGRATION = ticketClosureMigration(REQUESTS);

/** Which JSM requests are done (resolved or rejected), and retention of their records. */
export class RequestRecords extends TicketRecordsLifecycle {
  constructor(knex: Awaited<ReturnType<DatabaseService['getClient']>>) {
    super(knex, REQUESTS);
  }
}
