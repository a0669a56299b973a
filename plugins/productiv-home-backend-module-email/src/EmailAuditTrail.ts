import {
  ApprovedRequest,
  AuditTrailOutcome,
  AuditTrailTicket,
  AuditTrailTicketing,
  describeApprovals,
  FulfillmentContext,
  ticketSubjectOf,
} from '@internal/plugin-productiv-home-node';
import { EmailSender } from './EmailSender';
import { text } from './pages';

/**
 * Audit-trail "tickets" by e-mail: IT gets a mail when a request Okta
 * fulfils is approved (for the record; nothing to do), and a reply in the
 * same thread with the outcome. Each mail is sent once per job (the
 * sender's idempotency); the ticket is the first mail's Message-ID.
 */
export class EmailAuditTrail implements AuditTrailTicketing {
  readonly id = 'email';

  constructor(
    private readonly deps: { sender: EmailSender; itAddress: string },
  ) {}

  async open(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<AuditTrailTicket> {
    const lines = (
      [
        ['Person', `${request.requesterName ?? request.requesterRef}`],
        ['App', request.appName],
        ['Tier', request.tierName ?? request.tier],
        ['Why', request.justification],
        request.action === 'remove'
          ? ['Approval', 'none needed: a license given back']
          : ['Approved by', describeApprovals(request, '; ')],
        ['Request', request.link],
      ] as Array<[string, string | undefined]>
    ).filter((l): l is [string, string] => Boolean(l[1]));
    const intro =
      'For the record: Okta makes this change automatically, nothing to do. A reply in this thread tells how it ended.';
    const messageId = await this.send(ctx, {
      to: this.deps.itAddress,
      subject: `Audit trail: ${ticketSubjectOf(request)}`,
      text: [intro, '', ...lines.map(([k, v]) => `${k}: ${v}`)].join('\n'),
      html: `<p>${text(intro)}</p><table>${lines
        .map(
          ([k, v]) =>
            `<tr><th align="left">${text(k)}</th><td>${text(v)}</td></tr>`,
        )
        .join('')}</table>`,
    });
    return { externalId: messageId };
  }

  async resolve(
    ticket: AuditTrailTicket,
    request: ApprovedRequest,
    outcome: AuditTrailOutcome,
    ctx: FulfillmentContext,
  ): Promise<void> {
    const done = outcome.status === 'fulfilled';
    const what = done
      ? `Done: Okta ${request.action === 'remove' ? 'removed' : 'granted'} it.`
      : 'Failed: Okta could not make the change. A Productiv admin can retry it from the request.';
    const detail = outcome.detail ? `${outcome.detail}` : undefined;
    await this.send(ctx, {
      to: this.deps.itAddress,
      subject: `Re: Audit trail: ${ticketSubjectOf(request)} (${
        done ? 'done' : 'failed'
      })`,
      inReplyTo: ticket.externalId,
      references: ticket.externalId,
      text: [what, detail, '', `Request: ${request.link}`]
        .filter(l => l !== undefined)
        .join('\n'),
      html: `<p>${text(what)}</p>${
        detail ? `<p>${text(detail)}</p>` : ''
      }<p><a href="${text(request.link)}">Open the request</a></p>`,
    });
  }

  /**
   * Once per job. A refusal no retry can fix (a 5xx reply) is an
   * {@link SmtpError} with status 422, which ends the job with its reason.
   */
  private send(
    ctx: FulfillmentContext,
    mail: Parameters<EmailSender['send']>[1],
  ): Promise<string> {
    return this.deps.sender.send(ctx.idempotencyKey, mail);
  }
}
