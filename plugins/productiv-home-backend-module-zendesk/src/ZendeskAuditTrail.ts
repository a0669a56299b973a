import { Config } from '@backstage/config';
import {
  ApprovedRequest,
  AuditTrailOutcome,
  AuditTrailTicket,
  AuditTrailTicketing,
  describeApprovals,
  FulfillmentContext,
  ticketSubjectOf,
} from '@internal/plugin-productiv-home-node';
import { createClient, ZendeskClient } from 'node-zendesk';
import { checked, ZendeskApiError, zendeskError } from './errors';

/**
 * Audit-trail tickets in Zendesk: a task opened when a request that Okta
 * fulfils is approved (tagged `audit-trail`, nothing for IT to do), and
 * solved with an internal note of the outcome. The ticket carries the job's
 * idempotency key as its external id, so a create whose answer was lost is
 * found rather than repeated; solving twice leaves it as solved once.
 */
export class ZendeskAuditTrail implements AuditTrailTicketing {
  readonly id = 'zendesk';

  /** From `connectors.zendesk` (the same account as the tickets). */
  static fromConfig(config: Config): ZendeskAuditTrail | undefined {
    const zendesk = config.getOptionalConfig('connectors.zendesk');
    if (!zendesk) return undefined;
    const subdomain = zendesk.getOptionalString('subdomain');
    const url =
      zendesk.getOptionalString('url') ??
      (subdomain ? `https://${subdomain}.zendesk.com/api/v2` : undefined);
    if (!url) return undefined;
    return new ZendeskAuditTrail(
      createClient({
        username: zendesk.getString('email'),
        token: zendesk.getString('apiToken'),
        endpointUri: url,
        throwOriginalException: true,
      }),
      url.replace(/\/api\/v2\/?$/, ''),
    );
  }

  constructor(
    private readonly client: ZendeskClient,
    private readonly siteUrl: string,
  ) {}

  async open(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<AuditTrailTicket> {
    const doing = 'Opening a Zendesk audit-trail ticket';
    try {
      const found = (await this.client.tickets.listWithFilter(
        'external_id',
        ctx.idempotencyKey,
      )) as Array<{ id: number; statusCode?: number }>;
      if (found.some(item => item.statusCode === 429)) {
        throw new ZendeskApiError(`${doing}: Zendesk answered 429`, 429);
      }
      const ticket =
        found[0] ??
        (checked(
          (await this.client.tickets.create({
            ticket: {
              subject: `Audit trail: ${ticketSubjectOf(request)}`,
              comment: { body: bodyOf(request), public: false },
              type: 'task',
              tags: ['productiv-home', 'audit-trail'],
              external_id: ctx.idempotencyKey,
            },
          } as any)) as any,
          doing,
        ) as { id: number });
      return this.ticketOf(ticket.id);
    } catch (error) {
      throw zendeskError(error, doing);
    }
  }

  async resolve(
    ticket: AuditTrailTicket,
    request: ApprovedRequest,
    outcome: AuditTrailOutcome,
    _ctx: FulfillmentContext,
  ): Promise<void> {
    const doing = `Solving Zendesk audit-trail ticket ${ticket.externalId}`;
    const done = outcome.status === 'fulfilled';
    const body = [
      done
        ? `Done: Okta ${
            request.action === 'remove' ? 'removed' : 'granted'
          } it.`
        : 'Failed: Okta could not make the change. A Productiv admin can retry it from the request.',
      outcome.detail,
      `Request: ${request.link}`,
    ]
      .filter(Boolean)
      .join('\n\n');
    try {
      const current = checked(
        (await this.client.tickets.show(Number(ticket.externalId))) as any,
        doing,
      ) as { status: string };
      // Solved by an earlier attempt whose answer was lost: no second note.
      if (current.status === 'solved' || current.status === 'closed') return;
      checked(
        (await this.client.tickets.update(Number(ticket.externalId), {
          ticket: {
            status: 'solved',
            comment: { body, public: false },
            tags: [
              'productiv-home',
              'audit-trail',
              done ? 'okta-fulfilled' : 'okta-failed',
            ],
          },
        } as any)) as any,
        doing,
      );
    } catch (error) {
      throw zendeskError(error, doing);
    }
  }

  private ticketOf(id: number): AuditTrailTicket {
    return {
      externalId: String(id),
      externalUrl: `${this.siteUrl}/agent/tickets/${id}`,
    };
  }
}

function bodyOf(request: ApprovedRequest): string {
  return [
    'For the record: Okta makes this change automatically, nothing to do. This ticket is solved with the outcome.',
    `Person: ${request.requesterName ?? request.requesterRef}`,
    request.justification ? `Why: ${request.justification}` : '',
    request.action === 'remove'
      ? 'No approval needed: a license given back.'
      : `Approved by:\n${describeApprovals(request, '\n')}`,
    `Request: ${request.link}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}
