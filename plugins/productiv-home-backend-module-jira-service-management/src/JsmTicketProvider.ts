import { Config } from '@backstage/config';
import {
  ApprovedRequest,
  FulfillmentContext,
  FulfillmentProvider,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import { ServiceDeskClient } from 'jira.js';
import { Knex } from 'knex';

const REQUESTS = 'home_jsm_requests';
const DELIVERIES = 'home_jsm_webhook_deliveries';

type Listener = (
  update: { externalId: string } & TicketStatus,
) => Promise<void>;

/** A closed request that was not granted. */
const NOT_GRANTED = /declin|reject|cancel|won'?t do/i;

/**
 * Requests in Jira Service Management for apps without automatic
 * provisioning: one per fulfillment job (recorded by idempotency key),
 * followed by the signed `jira:issue_updated` webhook and by polling.
 */
export class JsmTicketProvider implements FulfillmentProvider {
  readonly id = 'jira-service-management';
  readonly kind = 'ticket' as const;
  private readonly listeners: Listener[] = [];

  static async fromConfig(
    config: Config,
    knex: Knex,
    options?: { skipMigrations?: boolean },
  ): Promise<JsmTicketProvider | undefined> {
    const jsm = config.getOptionalConfig('connectors.jiraServiceManagement');
    if (!jsm) return undefined;
    if (!options?.skipMigrations) {
      await knex.migrate.latest({
        tableName: 'productiv_home_module_jsm__knex_migrations',
        migrationSource: {
          getMigrations: async () => ['20261124_init'],
          getMigrationName: (name: string) => name,
          getMigration: async () => ({
            async up(k: Knex) {
              await k.schema.createTable(REQUESTS, t => {
                t.comment('JSM requests opened, one per idempotency key');
                t.string('key', 255).primary();
                t.string('issue_key', 64).notNullable();
                t.text('url').nullable();
              });
              await k.schema.createTable(DELIVERIES, t => {
                t.comment('Webhook deliveries seen, to refuse replays');
                t.string('id', 255).primary();
                t.bigInteger('received_at_ms').notNullable();
              });
            },
            async down(k: Knex) {
              await k.schema.dropTable(DELIVERIES);
              await k.schema.dropTable(REQUESTS);
            },
          }),
        },
      });
    }
    const client = new ServiceDeskClient({
      host: jsm.getString('host'),
      authentication: {
        basic: {
          email: jsm.getString('email'),
          apiToken: jsm.getString('apiToken'),
        },
      },
    });
    return new JsmTicketProvider(client, knex, {
      serviceDeskId: jsm.getString('serviceDeskId'),
      requestTypeId: jsm.getString('requestTypeId'),
      host: jsm.getString('host'),
    });
  }

  constructor(
    private readonly client: ServiceDeskClient,
    private readonly knex: Knex,
    private readonly desk: {
      serviceDeskId: string;
      requestTypeId: string;
      host: string;
    },
  ) {}

  onTicketUpdate(listener: Listener) {
    this.listeners.push(listener);
  }

  /** A verified webhook delivery; false when it was seen before (replay). */
  async delivered(
    deliveryId: string,
    update: { externalId: string } & TicketStatus,
  ): Promise<boolean> {
    const inserted = await this.knex(DELIVERIES)
      .insert({ id: deliveryId, received_at_ms: Date.now() })
      .onConflict('id')
      .ignore()
      .returning('id');
    if (inserted.length !== 1) return false;
    for (const l of this.listeners) await l(update);
    return true;
  }

  async fulfill(request: ApprovedRequest, ctx: FulfillmentContext) {
    const known = await this.knex(REQUESTS)
      .where({ key: ctx.idempotencyKey })
      .first();
    if (known) {
      return {
        status: 'pending' as const,
        externalId: known.issue_key,
        externalUrl: known.url ?? undefined,
      };
    }
    const approvals = request.approvals
      .map(
        a =>
          `level ${a.level}: ${a.approver}${
            a.decidedAt ? ` (${a.decidedAt})` : ''
          }`,
      )
      .join('\n');
    const created = await this.client.request.createCustomerRequest({
      serviceDeskId: this.desk.serviceDeskId,
      requestTypeId: this.desk.requestTypeId,
      requestFieldValues: {
        summary: `Access request: ${request.appName} (${request.tier}) for ${
          request.requesterName ?? request.requesterRef
        }`,
        description: [
          `Please grant ${request.requesterName ?? request.requesterRef} <${
            request.requesterEmail ?? 'no e-mail'
          }> access to ${request.appName} (${
            request.tier
          }), then resolve this request.`,
          request.justification ? `Why: ${request.justification}` : '',
          `Approved by:\n${approvals || 'no approval needed'}`,
          `Request: ${request.link}`,
          `Reference: ${ctx.idempotencyKey}`,
        ]
          .filter(Boolean)
          .join('\n\n'),
      },
    });
    const issueKey = created.issueKey!;
    const url =
      (created as any)._links?.web ?? `${this.desk.host}/browse/${issueKey}`;
    await this.knex(REQUESTS)
      .insert({ key: ctx.idempotencyKey, issue_key: issueKey, url })
      .onConflict('key')
      .ignore();
    ctx.logger.info(`Opened JSM request ${issueKey} for ${request.requestId}`);
    return {
      status: 'pending' as const,
      externalId: issueKey,
      externalUrl: url,
    };
  }

  async ticketStatus(externalId: string): Promise<TicketStatus> {
    const request = await this.client.request.getCustomerRequestByIdOrKey({
      issueIdOrKey: externalId,
    });
    const current = request.currentStatus;
    return statusOf(current?.status, current?.statusCategory);
  }

  async test() {
    const request = await this.client.request
      .getCustomerRequestByIdOrKey({
        issueIdOrKey: 'PRODUCTIV-CONNECTION-TEST',
      })
      .then(() => 'found')
      .catch((error: { status?: number }) => {
        // Authenticated and reachable: the made-up key is simply not there.
        if (error.status === 404) return 'ok';
        throw error;
      });
    return `Connected to ${this.desk.host} (service desk ${this.desk.serviceDeskId}, request type ${this.desk.requestTypeId}): ${request}`;
  }
}

/** Open, resolved or rejected, from a JSM status and its category. */
export function statusOf(
  status: string | undefined,
  category: string | undefined,
): TicketStatus {
  if (String(category).toUpperCase() !== 'DONE') return { status: 'open' };
  return status && NOT_GRANTED.test(status)
    ? {
        status: 'rejected',
        detail: `The JSM request was ${status.toLowerCase()}`,
      }
    : { status: 'resolved', detail: `JSM request ${status ?? 'done'}` };
}
