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
import { ServiceDeskClient } from 'jira.js';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { JsmApiError, jsmError } from './errors';
import { REQUEST_CLOSURE_MIGRATION, RequestRecords } from './ticketRecords';

const REQUESTS = 'home_jsm_requests';
const DELIVERIES = 'home_jsm_webhook_deliveries';

type Listener = (
  update: { externalId: string } & TicketStatus,
) => Promise<void>;

/** A closed request that was not granted. */
const NOT_GRANTED = /declin|reject|cancel|won'?t do/i;

/**
 * Deliveries are remembered for longer than a delivery stays fresh (its
 * timestamp may be up to 5 minutes off either way), then forgotten.
 */
const REMEMBER_DELIVERIES_MS = 15 * 60 * 1000;

/**
 * The word a request's summary carries for its fulfillment job, so that a
 * request JSM created but whose answer was lost (a timeout, a crash) is
 * found by a search instead of opened twice. One alphanumeric word, so that
 * Jira's text search finds it whole.
 */
export function markerOf(idempotencyKey: string): string {
  return `ph${createHash('sha256')
    .update(idempotencyKey)
    .digest('hex')
    .slice(0, 16)}`;
}

/** The module's tables, on the plugin's database. */
const INIT: ModuleMigration = {
  async up(knex) {
    await knex.schema.createTable(REQUESTS, t => {
      t.comment('JSM requests opened, one per idempotency key');
      t.string('key', 255).primary();
      t.string('issue_key', 64).notNullable();
      t.text('url').nullable();
    });
    await knex.schema.createTable(DELIVERIES, t => {
      t.comment('Webhook deliveries seen, to refuse replays');
      t.string('id', 255).primary();
      t.bigInteger('received_at_ms').notNullable();
    });
  },
  async down(knex) {
    await knex.schema.dropTable(DELIVERIES);
    await knex.schema.dropTable(REQUESTS);
  },
};

const TABLES: ModuleTables = {
  name: 'jsm',
  migrations: {
    '20261124_init': INIT,
    '20261216_request_closure': REQUEST_CLOSURE_MIGRATION,
  },
};

type CustomerRequest = {
  issueKey?: string;
  requestFieldValues?: Array<{ fieldId?: string; value?: unknown }>;
  _links?: { web?: string };
};

/**
 * Requests in Jira Service Management for apps without automatic
 * provisioning: one per fulfillment job (recorded by idempotency key),
 * followed by the signed `jira:issue_updated` webhook and by polling.
 */
export class JsmTicketProvider implements FulfillmentProvider {
  readonly id = 'jira-service-management';
  readonly kind = 'ticket' as const;
  private readonly listeners: Listener[] = [];
  /** The requests opened, by idempotency key. */
  private readonly requests: OpenedTickets;
  /** Which recorded requests are done, for retention. */
  readonly records: RequestRecords;

  static async fromConfig(
    config: Config,
    knex: Knex,
    options?: { skipMigrations?: boolean },
  ): Promise<JsmTicketProvider | undefined> {
    const jsm = config.getOptionalConfig('connectors.jiraServiceManagement');
    if (!jsm) return undefined;
    await migrateModuleTables(knex, TABLES, { skip: options?.skipMigrations });
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
  ) {
    this.requests = new OpenedTickets(knex, {
      name: REQUESTS,
      idColumn: 'issue_key',
    });
    this.records = new RequestRecords(knex);
  }

  onTicketUpdate(listener: Listener) {
    this.listeners.push(listener);
  }

  /**
   * A verified webhook delivery, reported to the listeners once; false when
   * it was seen before (a replay).
   */
  async delivered(
    deliveryId: string,
    update: { externalId: string } & TicketStatus,
  ): Promise<boolean> {
    const now = Date.now();
    await this.knex(DELIVERIES)
      .where('received_at_ms', '<', now - REMEMBER_DELIVERIES_MS)
      .delete();
    const inserted = await this.knex(DELIVERIES)
      .insert({ id: deliveryId, received_at_ms: now })
      .onConflict('id')
      .ignore()
      .returning('id');
    if (inserted.length !== 1) return false;
    try {
      for (const l of this.listeners) await l(update);
    } catch (error) {
      // Not reported: forget it, so that Jira's redelivery is accepted.
      await this.knex(DELIVERIES).where({ id: deliveryId }).delete();
      throw error;
    }
    await this.records.seen(update.externalId, update.status, now);
    return true;
  }

  async fulfill(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    const known = await this.requests.find(ctx.idempotencyKey);
    if (known) return known;
    const marker = markerOf(ctx.idempotencyKey);
    try {
      const earlier = await this.findOpened(marker);
      if (earlier?.issueKey) {
        ctx.logger.info(
          `JSM request ${earlier.issueKey} was already opened for ${request.requestId}`,
        );
        return await this.record(ctx.idempotencyKey, earlier);
      }
      const created = (await this.client.request.createCustomerRequest({
        serviceDeskId: this.desk.serviceDeskId,
        requestTypeId: this.desk.requestTypeId,
        requestFieldValues: {
          summary: `${summaryOf(request)} [${marker}]`,
          description: descriptionOf(request, ctx.idempotencyKey),
        },
      })) as CustomerRequest;
      ctx.logger.info(
        `Opened JSM request ${created.issueKey} for ${request.requestId}`,
      );
      return await this.record(ctx.idempotencyKey, created);
    } catch (error) {
      const e = jsmError(error, 'Opening a Jira Service Management request');
      if (e instanceof JsmApiError && e.final) {
        return { status: 'failed', reason: this.reasonFor(e) };
      }
      throw e;
    }
  }

  /**
   * The request opened earlier for this marker, if any. Requests are raised
   * by the connector's own account (no `raiseOnBehalfOf`), so they are among
   * the requests it sees; the search matches words of the summary, and the
   * exact marker is checked here.
   *
   * Why the summary and the service desk's request search, not a label and
   * a JQL search (`labels = "…"` on /rest/api/3/search/jql): JSM accepts in
   * `requestFieldValues` only the fields of the request type's form, and
   * Labels is on few of them, so a label would fail the create on most
   * desks; the summary is on every request type, and this search needs no
   * permission beyond the one that creates. Both searches read Jira's index,
   * which lags writes by seconds; a retry of a lost answer comes after the
   * job's lease or twice its timeout, well past that.
   */
  private async findOpened(
    marker: string,
  ): Promise<CustomerRequest | undefined> {
    const deskId = Number(this.desk.serviceDeskId);
    const page = await this.client.request.getCustomerRequests({
      serviceDeskId: Number.isInteger(deskId) ? deskId : undefined,
      searchTerm: marker,
      requestStatus: 'ALL_REQUESTS',
      limit: 50,
    });
    return (page.values as CustomerRequest[] | undefined)?.find(r =>
      String(
        r.requestFieldValues?.find(f => f.fieldId === 'summary')?.value ?? '',
      ).includes(`[${marker}]`),
    );
  }

  private async record(
    key: string,
    found: CustomerRequest,
  ): Promise<FulfillmentResult> {
    const issueKey = found.issueKey!;
    const url = found._links?.web ?? `${this.desk.host}/browse/${issueKey}`;
    return this.requests.record(key, issueKey, url);
  }

  /** What an admin should do about a request JSM refused. */
  private reasonFor(e: JsmApiError): string {
    const said = e.message.endsWith('.') ? e.message : `${e.message}.`;
    const where = `service desk ${this.desk.serviceDeskId}, request type ${this.desk.requestTypeId}`;
    switch (e.status) {
      case 401:
        return `${said} Check connectors.jiraServiceManagement.email and apiToken, then retry.`;
      case 403:
        return `${said} Give the connector's account agent access to ${where}, then retry.`;
      case 404:
        return `${said} Check connectors.jiraServiceManagement.serviceDeskId and requestTypeId (${where}), then retry.`;
      default:
        return `${said} Check that the request type (${where}) needs no fields other than summary and description, then retry.`;
    }
  }

  async ticketStatus(externalId: string): Promise<TicketStatus> {
    let status: TicketStatus;
    try {
      const request = await this.client.request.getCustomerRequestByIdOrKey({
        issueIdOrKey: externalId,
      });
      const current = request.currentStatus;
      status = statusOf(current?.status, current?.statusCategory);
    } catch (error) {
      throw jsmError(error, `Reading JSM request ${externalId}`);
    }
    await this.records.seen(externalId, status.status);
    return status;
  }

  /** Reads the configured service desk and request type. */
  async test(): Promise<string> {
    const { serviceDeskId, requestTypeId, host } = this.desk;
    try {
      const desk = await this.client.serviceDesk.getServiceDeskById({
        serviceDeskId,
      });
      const type = await this.client.serviceDesk.getRequestTypeById({
        serviceDeskId,
        requestTypeId: Number(requestTypeId),
      });
      return `Connected to ${host}: service desk ${desk.projectName} (${desk.projectKey}), request type ${type.name}`;
    } catch (error) {
      throw jsmError(
        error,
        `Reading service desk ${serviceDeskId} and request type ${requestTypeId} at ${host}`,
      );
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

function summaryOf(request: ApprovedRequest): string {
  const who = request.requesterName ?? request.requesterRef;
  if (request.automation?.change === 'downgrade') {
    return `Downgrade ${request.appName} ${
      request.automation.fromTierName ?? request.replaces?.tier
    } to ${tierNameOf(request)} for ${who}`;
  }
  if (request.action === 'remove') {
    return `Remove ${request.appName} ${tierNameOf(request)} from ${who}`;
  }
  return `Access request: ${request.appName} (${request.tier}) for ${who}`;
}

function descriptionOf(request: ApprovedRequest, key: string): string {
  const who = `${request.requesterName ?? request.requesterRef} <${
    request.requesterEmail ?? 'no e-mail'
  }>`;
  const removal = request.action === 'remove';
  if (request.automation) {
    return [
      `Please ${automatedChange(request, who)}, then resolve this request.`,
      request.justification ? `Why: ${request.justification}` : '',
      'No approval needed: license automation decided it.',
      `Request: ${request.link}`,
      `Reference: ${key}`,
    ]
      .filter(Boolean)
      .join('\n\n');
  }
  return [
    removal
      ? `Please remove ${request.appName} ${tierNameOf(
          request,
        )} from ${who}, who gave the license back, then resolve this request.`
      : `Please grant ${who} access to ${request.appName} (${request.tier}), then resolve this request.`,
    request.justification ? `Why: ${request.justification}` : '',
    removal
      ? 'No approval needed: a license given back frees a seat.'
      : `Approved by:\n${describeApprovals(request, '\n')}`,
    `Request: ${request.link}`,
    `Reference: ${key}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * "move Emma Jones from Figma Editor to Viewer (a downgrade license
 * automation decided, which Okta cannot make)", or the same for a removal.
 */
function automatedChange(request: ApprovedRequest, who: string): string {
  const from = request.automation?.fromTierName ?? request.replaces?.tier;
  return request.automation?.change === 'downgrade'
    ? `move ${who} from ${request.appName} ${from} to ${tierNameOf(
        request,
      )} (a downgrade license automation decided, which Okta cannot make)`
    : `remove ${request.appName} ${tierNameOf(
        request,
      )} from ${who} (a reclaim license automation decided, which Okta cannot make)`;
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
