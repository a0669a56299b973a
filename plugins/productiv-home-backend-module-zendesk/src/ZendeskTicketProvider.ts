import { Config } from '@backstage/config';
import {
  ApprovedRequest,
  describeApprovals,
  FulfillmentContext,
  FulfillmentProvider,
  FulfillmentResult,
  migrateModuleTables,
  ModuleMigration,
  ModuleTables,
  OpenedTickets,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import { Knex } from 'knex';
import { createClient, ZendeskClient } from 'node-zendesk';
import { checked, ZendeskApiError, zendeskError } from './errors';
import { TICKET_CLOSURE_MIGRATION, TicketRecords } from './ticketRecords';
import {
  WEBHOOK_DELIVERIES_MIGRATION,
  WebhookDeliveries,
} from './webhookDeliveries';

type Listener = (
  update: { externalId: string } & TicketStatus,
) => Promise<void>;

const TICKETS = 'home_zendesk_tickets';

/** The module's table, on the plugin's database. */
const INIT: ModuleMigration = {
  async up(knex) {
    await knex.schema.createTable(TICKETS, t => {
      t.comment('Zendesk tickets opened, one per idempotency key');
      t.string('key', 255).primary();
      t.string('ticket_id', 64).notNullable();
      t.text('url').nullable();
    });
  },
  async down(knex) {
    await knex.schema.dropTable(TICKETS);
  },
};

const TABLES: ModuleTables = {
  name: 'zendesk',
  migrations: {
    '20261124_init': INIT,
    '20261203_webhook_deliveries': WEBHOOK_DELIVERIES_MIGRATION,
    '20261216_ticket_closure': TICKET_CLOSURE_MIGRATION,
  },
};

/**
 * Tickets in Zendesk for apps without automatic provisioning: one per
 * fulfillment job (recorded by idempotency key, and tagged with it as the
 * ticket's external id), followed by a signed webhook and by polling until
 * solved.
 */
export class ZendeskTicketProvider implements FulfillmentProvider {
  readonly id = 'zendesk';
  readonly kind = 'ticket' as const;
  /** The webhook deliveries seen, to refuse replays. */
  readonly deliveries: WebhookDeliveries;
  /** Which recorded tickets are solved, for retention. */
  readonly records: TicketRecords;
  private readonly listeners: Listener[] = [];

  static async fromConfig(
    config: Config,
    knex: Knex,
    options?: { skipMigrations?: boolean },
  ): Promise<ZendeskTicketProvider | undefined> {
    const zendesk = config.getOptionalConfig('connectors.zendesk');
    if (!zendesk) return undefined;
    await migrateModuleTables(knex, TABLES, { skip: options?.skipMigrations });
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

  /** The tickets opened, by idempotency key. */
  private readonly tickets: OpenedTickets;

  constructor(
    private readonly client: ZendeskClient,
    knex: Knex,
    private readonly siteUrl: string,
  ) {
    this.tickets = new OpenedTickets(knex, {
      name: TICKETS,
      idColumn: 'ticket_id',
    });
    this.deliveries = new WebhookDeliveries(knex);
    this.records = new TicketRecords(knex);
  }

  onTicketUpdate(listener: Listener) {
    this.listeners.push(listener);
  }

  /**
   * A ticket the webhook says changed: its status is read from Zendesk, as
   * the poller reads it, and reported to the listeners (the plugin records
   * the outcome, once: a request no longer waiting is left alone). A
   * listener that lost a race with a concurrent poll (the request changed
   * meanwhile) is called again, and then finds nothing to do.
   */
  async ticketChanged(externalId: string): Promise<TicketStatus> {
    const status = await this.ticketStatus(externalId);
    if (status.status === 'open') return status;
    const update = { externalId, ...status };
    for (const listener of this.listeners) {
      try {
        await listener(update);
      } catch (error) {
        if ((error as Error)?.name !== 'ConflictError') throw error;
        await listener(update);
      }
    }
    return status;
  }

  async fulfill(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    const known = await this.tickets.find(ctx.idempotencyKey);
    if (known) return known;
    const doing = 'Opening a Zendesk ticket';
    try {
      // A ticket Zendesk created for this key whose answer never came back
      // (a timeout, a crash): find it by its external id rather than open a
      // second one.
      const found = (await this.client.tickets.listWithFilter(
        'external_id',
        ctx.idempotencyKey,
      )) as Array<{ id: number; statusCode?: number }>;
      // node-zendesk hands a rate-limited page back as an item, without
      // its Retry-After.
      const limited = found.find(item => item.statusCode === 429);
      if (limited) {
        throw new ZendeskApiError(
          `${doing}: Zendesk answered 429: rate limit exceeded`,
          429,
        );
      }
      const [existing] = found;
      if (existing) {
        ctx.logger.info(
          `Zendesk ticket ${existing.id} was already opened for ${request.requestId}`,
        );
        return await this.record(ctx.idempotencyKey, String(existing.id));
      }
      const ticket = checked(
        (await this.client.tickets.create({
          ticket: {
            subject: subjectOf(request),
            comment: { body: bodyOf(request) },
            requester: request.requesterEmail
              ? { name: request.requesterName, email: request.requesterEmail }
              : undefined,
            type: 'task',
            tags: [
              'productiv-home',
              request.action === 'remove' ? 'access-removal' : 'access-request',
              ...(request.automation ? ['license-automation'] : []),
            ],
            external_id: ctx.idempotencyKey,
          },
        } as any)) as any,
        doing,
      ) as { id: number };
      ctx.logger.info(
        `Opened Zendesk ticket ${ticket.id} for ${request.requestId}`,
      );
      return await this.record(ctx.idempotencyKey, String(ticket.id));
    } catch (error) {
      const e = zendeskError(error, doing);
      if (e instanceof ZendeskApiError && e.final) {
        return { status: 'failed', reason: reasonFor(e) };
      }
      throw e;
    }
  }

  private async record(
    key: string,
    externalId: string,
  ): Promise<FulfillmentResult> {
    return this.tickets.record(
      key,
      externalId,
      `${this.siteUrl}/agent/tickets/${externalId}`,
    );
  }

  async ticketStatus(externalId: string): Promise<TicketStatus> {
    const doing = `Reading Zendesk ticket ${externalId}`;
    let ticket: { status: string };
    try {
      ticket = checked(
        (await this.client.tickets.show(Number(externalId))) as any,
        doing,
      ) as { status: string };
    } catch (error) {
      throw zendeskError(error, doing);
    }
    const status: TicketStatus =
      ticket.status === 'solved' || ticket.status === 'closed'
        ? {
            status: 'resolved',
            detail: `Zendesk ticket ${externalId} ${ticket.status}`,
          }
        : { status: 'open' };
    await this.records.seen(externalId, status.status);
    return status;
  }

  /** Reads the account the credentials belong to. */
  async test(): Promise<string> {
    const doing = `Reading the current user at ${this.siteUrl}`;
    try {
      const me = checked((await this.client.users.me()) as any, doing) as {
        email?: string;
        role?: string;
      };
      return `Connected to ${this.siteUrl} as ${me.email ?? 'unknown'}${
        me.role ? ` (${me.role})` : ''
      }`;
    } catch (error) {
      throw zendeskError(error, doing);
    }
  }
}

/** `Viewer`: the tier's display name, else its key title-cased. */
function tierNameOf(request: ApprovedRequest): string {
  return (
    request.tierName ??
    request.tier.charAt(0).toUpperCase() + request.tier.slice(1)
  );
}

function subjectOf(request: ApprovedRequest): string {
  const who = request.requesterName ?? request.requesterRef;
  if (request.automation?.change === 'downgrade') {
    return `Downgrade ${request.appName} ${
      request.automation.fromTierName ?? request.replaces?.tier
    } to ${tierNameOf(request)} for ${who}`;
  }
  return request.action === 'remove'
    ? `Remove ${request.appName} ${tierNameOf(request)} from ${who}`
    : `Access request: ${request.appName} (${request.tier}) for ${who}`;
}

function bodyOf(request: ApprovedRequest): string {
  const who = `${request.requesterName ?? request.requesterRef}${
    request.requesterEmail ? ` <${request.requesterEmail}>` : ''
  }`;
  const removal = request.action === 'remove';
  if (request.automation) {
    const from = request.automation.fromTierName ?? request.replaces?.tier;
    return [
      request.automation.change === 'downgrade'
        ? `Please move ${who} from ${request.appName} ${from} to ${tierNameOf(
            request,
          )} (a downgrade license automation decided, which Okta cannot make), then solve this ticket.`
        : `Please remove ${request.appName} ${tierNameOf(
            request,
          )} from ${who} (a reclaim license automation decided, which Okta cannot make), then solve this ticket.`,
      request.justification ? `Why: ${request.justification}` : '',
      'No approval needed: license automation decided it.',
      `Request: ${request.link}`,
    ]
      .filter(Boolean)
      .join('\n\n');
  }
  return [
    removal
      ? `Please remove ${request.appName} ${tierNameOf(
          request,
        )} from ${who}, who gave the license back, then solve this ticket.`
      : `Please grant ${who} access to ${request.appName} (${request.tier}), then solve this ticket.`,
    request.justification ? `Why: ${request.justification}` : '',
    removal
      ? 'No approval needed: a license given back frees a seat.'
      : `Approved by:\n${describeApprovals(request, '\n')}`,
    `Request: ${request.link}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** What an admin should do about a ticket Zendesk refused. */
function reasonFor(e: ZendeskApiError): string {
  const said = e.message.endsWith('.') ? e.message : `${e.message}.`;
  switch (e.status) {
    case 401:
      return `${said} Check connectors.zendesk.email and apiToken (and that token access is on in Zendesk), then retry.`;
    case 403:
      return `${said} The connector's Zendesk user must be an agent who can create tickets; fix its role, then retry.`;
    case 404:
      return `${said} Check connectors.zendesk.url or subdomain, then retry.`;
    default:
      return `${said} Fix what Zendesk reports (e.g. the requester's e-mail in the catalog), then retry.`;
  }
}
