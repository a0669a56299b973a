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
import { ServiceDeskClient } from 'jira.js';
import { jsmError } from './errors';
import { markerOf } from './JsmTicketProvider';

type CustomerRequest = {
  issueKey?: string;
  requestFieldValues?: Array<{ fieldId?: string; value?: unknown }>;
  currentStatus?: { statusCategory?: string };
  _links?: { web?: string };
};

/**
 * Audit-trail requests in Jira Service Management: one raised when a
 * request Okta fulfils is approved (nothing for IT to do), resolved through
 * the customer transition "Resolve" with the outcome as its comment, one
 * call, so the comment and the resolution land together. The summary
 * carries the job's marker, so a create whose answer was lost is found by
 * the service desk's request search (as the ticket provider does) rather
 * than raised twice; a request already done is not resolved again.
 */
export class JsmAuditTrail implements AuditTrailTicketing {
  readonly id = 'jira-service-management';

  /** From `connectors.jiraServiceManagement` (the same desk as the tickets). */
  static fromConfig(config: Config): JsmAuditTrail | undefined {
    const jsm = config.getOptionalConfig('connectors.jiraServiceManagement');
    if (!jsm) return undefined;
    return new JsmAuditTrail(
      new ServiceDeskClient({
        host: jsm.getString('host'),
        authentication: {
          basic: {
            email: jsm.getString('email'),
            apiToken: jsm.getString('apiToken'),
          },
        },
      }),
      {
        serviceDeskId: jsm.getString('serviceDeskId'),
        requestTypeId: jsm.getString('requestTypeId'),
        host: jsm.getString('host'),
      },
    );
  }

  constructor(
    private readonly client: ServiceDeskClient,
    private readonly desk: {
      serviceDeskId: string;
      requestTypeId: string;
      host: string;
    },
  ) {}

  async open(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<AuditTrailTicket> {
    const marker = markerOf(ctx.idempotencyKey);
    const doing = 'Raising a Jira Service Management audit-trail request';
    try {
      const deskId = Number(this.desk.serviceDeskId);
      const page = await this.client.request.getCustomerRequests({
        serviceDeskId: Number.isInteger(deskId) ? deskId : undefined,
        searchTerm: marker,
        requestStatus: 'ALL_REQUESTS',
        limit: 50,
      });
      const earlier = (page.values as CustomerRequest[] | undefined)?.find(r =>
        String(
          r.requestFieldValues?.find(f => f.fieldId === 'summary')?.value ?? '',
        ).includes(`[${marker}]`),
      );
      const raised =
        earlier ??
        ((await this.client.request.createCustomerRequest({
          serviceDeskId: this.desk.serviceDeskId,
          requestTypeId: this.desk.requestTypeId,
          requestFieldValues: {
            summary: `Audit trail: ${ticketSubjectOf(request)} [${marker}]`,
            description: descriptionOf(request),
          },
        })) as CustomerRequest);
      const key = raised.issueKey!;
      return {
        externalId: key,
        externalUrl: raised._links?.web ?? `${this.desk.host}/browse/${key}`,
      };
    } catch (error) {
      throw jsmError(error, doing);
    }
  }

  async resolve(
    ticket: AuditTrailTicket,
    request: ApprovedRequest,
    outcome: AuditTrailOutcome,
    _ctx: FulfillmentContext,
  ): Promise<void> {
    const key = ticket.externalId;
    const doing = `Resolving Jira Service Management request ${key}`;
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
      const current = (await this.client.request.getCustomerRequestByIdOrKey({
        issueIdOrKey: key,
      })) as CustomerRequest;
      // Resolved by an earlier attempt whose answer was lost.
      if (current.currentStatus?.statusCategory === 'DONE') return;
      const transitions = await this.client.request.getCustomerTransitions({
        issueIdOrKey: key,
      });
      const resolve = (transitions.values ?? []).find(t =>
        /resolve|done|close/i.test(t.name ?? ''),
      );
      if (!resolve?.id) {
        throw new Error(
          `${doing}: the request type offers no Resolve transition (offered: ${
            (transitions.values ?? []).map(t => t.name).join(', ') || 'none'
          })`,
        );
      }
      await this.client.request.performCustomerTransition({
        issueIdOrKey: key,
        id: resolve.id,
        additionalComment: { body },
      });
    } catch (error) {
      throw jsmError(error, doing);
    }
  }
}

function descriptionOf(request: ApprovedRequest): string {
  return [
    'For the record: Okta makes this change automatically, nothing to do. This request is resolved with the outcome.',
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
