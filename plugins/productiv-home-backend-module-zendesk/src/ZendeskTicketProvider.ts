import { Config } from '@backstage/config';
import {
  ApprovedRequest,
  FulfillmentContext,
  FulfillmentProvider,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import { Knex } from 'knex';
import { createClient, ZendeskClient } from 'node-zendesk';

const TICKETS = 'home_zendesk_tickets';

/** node-zendesk resolves a 429 that has Retry-After; make it an error the job runner retries. */
function check<T>(answer: {
  response: { status: number; headers?: any };
  result: T;
}): T {
  if (answer.response?.status === 429 || answer.result instanceof Error) {
    const retryAfter =
      answer.response?.headers?.get?.('retry-after') ??
      answer.response?.headers?.['retry-after'];
    throw Object.assign(new Error('Zendesk rate limit exceeded'), {
      status: 429,
      headers: retryAfter ? { 'retry-after': String(retryAfter) } : {},
    });
  }
  return answer.result;
}

/**
 * Tickets in Zendesk for apps without automatic provisioning: one per
 * fulfillment job (recorded by idempotency key, and tagged with it as the
 * ticket's external id), followed by polling until solved.
 */
export class ZendeskTicketProvider implements FulfillmentProvider {
  readonly id = 'zendesk';
  readonly kind = 'ticket' as const;

  static async fromConfig(
    config: Config,
    knex: Knex,
    options?: { skipMigrations?: boolean },
  ): Promise<ZendeskTicketProvider | undefined> {
    const zendesk = config.getOptionalConfig('connectors.zendesk');
    if (!zendesk) return undefined;
    if (!options?.skipMigrations) {
      await knex.migrate.latest({
        tableName: 'productiv_home_module_zendesk__knex_migrations',
        migrationSource: {
          getMigrations: async () => ['20261124_init'],
          getMigrationName: (name: string) => name,
          getMigration: async () => ({
            async up(k: Knex) {
              await k.schema.createTable(TICKETS, t => {
                t.comment('Zendesk tickets opened, one per idempotency key');
                t.string('key', 255).primary();
                t.string('ticket_id', 64).notNullable();
                t.text('url').nullable();
              });
            },
            async down(k: Knex) {
              await k.schema.dropTable(TICKETS);
            },
          }),
        },
      });
    }
    // Either the API URL or the account's subdomain.
    const subdomain = zendesk.getOptionalString('subdomain');
    const url =
      zendesk.getOptionalString('url') ??
      (subdomain ? `https://${subdomain}.zendesk.com/api/v2` : undefined);
    if (!url) {
      throw new Error(
        'connectors.zendesk needs either url (e.g. https://acme.zendesk.com/api/v2) or subdomain (e.g. acme)',
      );
    }
    const client = createClient({
      username: zendesk.getString('email'),
      token: zendesk.getString('apiToken'),
      endpointUri: url,
      throwOriginalException: true,
    });
    return new ZendeskTicketProvider(
      client,
      knex,
      url.replace(/\/api\/v2\/?$/, ''),
    );
  }

  constructor(
    private readonly client: ZendeskClient,
    private readonly knex: Knex,
    private readonly siteUrl: string,
  ) {}

  async fulfill(request: ApprovedRequest, ctx: FulfillmentContext) {
    const known = await this.knex(TICKETS)
      .where({ key: ctx.idempotencyKey })
      .first();
    if (known) {
      return {
        status: 'pending' as const,
        externalId: known.ticket_id,
        externalUrl: known.url ?? undefined,
      };
    }
    // A ticket Zendesk created for this key whose answer never came back
    // (a timeout, a crash): find it by its external id rather than open a
    // second one.
    const found = (await this.client.tickets.listWithFilter(
      'external_id',
      ctx.idempotencyKey,
    )) as Array<{ id: number; statusCode?: number }>;
    // node-zendesk hands a rate-limited page back as an item: make it an error.
    const limited = found.find(item => item.statusCode === 429);
    if (limited) {
      throw Object.assign(new Error('Zendesk rate limit exceeded'), {
        status: 429,
      });
    }
    const [existing] = found;
    if (existing) {
      return this.record(ctx.idempotencyKey, String(existing.id));
    }
    const approvals = request.approvals
      .map(
        a =>
          `level ${a.level}: ${a.approver}${
            a.decidedAt ? ` (${a.decidedAt})` : ''
          }`,
      )
      .join('\n');
    const ticket = check(
      (await this.client.tickets.create({
        ticket: {
          subject: `Access request: ${request.appName} (${request.tier}) for ${
            request.requesterName ?? request.requesterRef
          }`,
          comment: {
            body: [
              `Please grant ${
                request.requesterName ?? request.requesterRef
              } access to ${request.appName} (${
                request.tier
              }), then solve this ticket.`,
              request.justification ? `Why: ${request.justification}` : '',
              `Approved by:\n${approvals || 'no approval needed'}`,
              `Request: ${request.link}`,
            ]
              .filter(Boolean)
              .join('\n\n'),
          },
          requester: request.requesterEmail
            ? { name: request.requesterName, email: request.requesterEmail }
            : undefined,
          type: 'task',
          tags: ['productiv-home', 'access-request'],
          external_id: ctx.idempotencyKey,
        },
      } as any)) as any,
    ) as { id: number };
    ctx.logger.info(
      `Opened Zendesk ticket ${ticket.id} for ${request.requestId}`,
    );
    return this.record(ctx.idempotencyKey, String(ticket.id));
  }

  private async record(key: string, externalId: string) {
    const externalUrl = `${this.siteUrl}/agent/tickets/${externalId}`;
    await this.knex(TICKETS)
      .insert({ key, ticket_id: externalId, url: externalUrl })
      .onConflict('key')
      .ignore();
    return { status: 'pending' as const, externalId, externalUrl };
  }

  async ticketStatus(externalId: string): Promise<TicketStatus> {
    const ticket = check(
      (await this.client.tickets.show(Number(externalId))) as any,
    ) as { status: string };
    return ticket.status === 'solved' || ticket.status === 'closed'
      ? {
          status: 'resolved',
          detail: `Zendesk ticket ${externalId} ${ticket.status}`,
        }
      : { status: 'open' };
  }

  async test() {
    const me = check((await this.client.users.me()) as any) as {
      email?: string;
    };
    return `Connected to ${this.siteUrl} as ${me.email ?? 'unknown'}`;
  }
}
