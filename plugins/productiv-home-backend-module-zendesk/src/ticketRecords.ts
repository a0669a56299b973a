import {
  ticketClosureMigration,
  TicketRecordsLifecycle,
} from '@internal/plugin-productiv-home-node';
import type { DatabaseService } from '@backstage/backend-plugin-api';

const TICKETS = {
  table: 'home_zendesk_tickets',
  idColumn: 'ticket_id',
  indexes: {
    id: 'home_zendesk_tickets_ticket_idx',
    closed: 'home_zendesk_tickets_closed_idx',
  },
  comment: 'When Zendesk last said the ticket was solved; unset while open',
};

/** `closed_at_ms` on the module's tickets: when Zendesk last said one was solved. */
export const TICKET_CLOSURE_MIGRATION = ticketClosureMigration(TICKETS);

/** Which Zendesk tickets are solved or closed, and retention of their records. */
export class TicketRecords extends TicketRecordsLifecycle {
  constructor(knex: Awaited<ReturnType<DatabaseService['getClient']>>) {
    super(knex, TICKETS);
  }
}
