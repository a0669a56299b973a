import { NotFoundError } from '@backstage/errors';
import {
  ApprovalChannel,
  ApprovalMessage,
  ApprovedRequest,
  describeApprovals,
  FulfillmentContext,
  FulfillmentProvider,
  FulfillmentResult,
  RequestUpdateMessage,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import {
  asksFor,
  readableTime,
  requestedThing,
  requesterOf,
  tierFact,
} from './approvalNames';
import { EmailSender, SmtpError } from './EmailSender';
import { EmailStore } from './EmailStore';
import { decisionMail, text } from './pages';

const HOUR_MS = 3600 * 1000;
/** IT may take a while: a "Mark as done" link works for 90 days. */
const DONE_LINK_MS = 90 * 24 * HOUR_MS;

/**
 * E-mail approvals: the approver gets the request with Approve and Deny
 * links, each a single-use token bound to approver, request, level and
 * decision, valid for `linkHours`. The link opens a confirmation page; only
 * its POST decides (see the router).
 */
export class EmailApprovalChannel implements ApprovalChannel {
  readonly id = 'email';

  constructor(
    private readonly deps: {
      sender: EmailSender;
      store: EmailStore;
      /** Where the links point: this plugin's external base URL. */
      baseUrl: () => Promise<string>;
      linkHours: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  private async mailFor(message: ApprovalMessage, intro: string) {
    const now = this.now();
    const expires = now + this.deps.linkHours * HOUR_MS;
    const base = await this.deps.baseUrl();
    const summary = `${asksFor(message)}; level ${message.level}`;
    const link = async (decision: 'approved' | 'denied') =>
      `${base}/email/decide/${await this.deps.store.issue(
        {
          kind: 'decide',
          requestId: message.requestId,
          level: message.level,
          approver: message.approverRef,
          decision,
          summary,
        },
        expires,
        now,
      )}`;
    return decisionMail({
      intro,
      details: [
        ['Requester', requesterOf(message)],
        ['App', message.appName],
        ['Tier', tierFact(message)],
        ['Asked', readableTime(message.requestedAt)],
        ['Why', message.justification],
        [
          'Cost',
          message.tierMonthlyCost !== undefined
            ? `${message.tierMonthlyCost} per month`
            : undefined,
        ],
        [
          'Peers using it',
          message.peers
            ? `${message.peers.team} on their team, ${message.peers.title} with their title, ${message.peers.department} in their department`
            : undefined,
        ],
      ],
      approveUrl: await link('approved'),
      denyUrl: await link('denied'),
      link: message.link,
      expiresHours: this.deps.linkHours,
    });
  }

  private recipient(message: ApprovalMessage) {
    if (!message.approverEmail) {
      // Final: no retry gives the approver an address.
      throw new NotFoundError(
        `${message.approverRef} has no e-mail address in the catalog; add one to their User entity`,
      );
    }
    return message.approverEmail;
  }

  async requestApproval(message: ApprovalMessage, ctx: FulfillmentContext) {
    const to = this.recipient(message);
    // The links are issued with the mail; a retry of a sent mail issues none.
    const already = await this.deps.sender.sentFor(ctx.idempotencyKey);
    if (already) return { ref: already };
    // A request asked at a new level: links of earlier levels are void.
    await this.deps.store.revokeEarlierLevels(
      message.requestId,
      message.level,
      this.now(),
    );
    const mail = await this.mailFor(
      message,
      `${asksFor(message)}. Your approval is needed (level ${message.level}).`,
    );
    const ref = await this.deps.sender.send(ctx.idempotencyKey, {
      to,
      subject: `Approve ${requestedThing(message)} for ${requesterOf(
        message,
      )}?`,
      ...mail,
    });
    return { ref };
  }

  /**
   * The request was decided (here, in the portal or in Slack) or cancelled:
   * this approver's links for the level stop working. A mail cannot be
   * changed once sent; the confirmation page says the link is void.
   */
  async showOutcome(message: ApprovalMessage) {
    await this.deps.store.revokeDecisionLinks(
      {
        requestId: message.requestId,
        level: message.level,
        approver: message.approverRef,
      },
      this.now(),
    );
  }

  async remind(message: ApprovalMessage, ctx: FulfillmentContext) {
    const to = this.recipient(message);
    if (await this.deps.sender.sentFor(ctx.idempotencyKey)) return;
    const requester = requesterOf(message);
    const thing = requestedThing(message);
    const mail = await this.mailFor(
      message,
      `Reminder: ${requester} is still waiting for your decision on ${thing}.`,
    );
    await this.deps.sender.send(ctx.idempotencyKey, {
      to,
      subject: `Reminder: approve ${thing} for ${requester}?`,
      ...mail,
    });
  }

  async tellRequester(update: RequestUpdateMessage, ctx: FulfillmentContext) {
    if (!update.recipientEmail) {
      // Backstage notifications still tell them in the portal.
      ctx.logger.info('No e-mail address to tell the requester', {
        requestId: update.requestId,
        recipient: update.recipientRef,
      });
      return;
    }
    const whose = update.recipientRole === 'approver' ? 'the' : 'your';
    await this.deps.sender.send(ctx.idempotencyKey, {
      to: update.recipientEmail,
      subject: update.title,
      text: `${update.description}\n\n${
        whose === 'the' ? 'The' : 'Your'
      } request: ${update.link}`,
      html: `<p>${text(update.description)}</p><p><a href="${text(
        update.link,
      )}">Open ${whose} request</a></p>`,
    });
  }

  test() {
    return this.deps.sender.verify();
  }
}

/**
 * Tickets by e-mail: IT gets the request with a single-use "Mark as done"
 * link; confirming it reports the ticket resolved, which fulfils the
 * request.
 */
export class EmailTicketProvider implements FulfillmentProvider {
  readonly id = 'email';
  readonly kind = 'ticket' as const;
  private readonly listeners: Array<
    (update: { externalId: string } & TicketStatus) => Promise<void>
  > = [];

  constructor(
    private readonly deps: {
      sender: EmailSender;
      store: EmailStore;
      itAddress: string;
      baseUrl: () => Promise<string>;
      now?: () => number;
    },
  ) {}

  onTicketUpdate(
    listener: (update: { externalId: string } & TicketStatus) => Promise<void>,
  ) {
    this.listeners.push(listener);
  }

  /** Called by the "Mark as done" page. */
  async resolved(externalId: string) {
    for (const l of this.listeners) {
      await l({ externalId, status: 'resolved', detail: 'Marked done by IT' });
    }
  }

  async fulfill(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    const already = await this.deps.sender.sentFor(ctx.idempotencyKey);
    if (already) return { status: 'pending', externalId: already };
    const now = (this.deps.now ?? Date.now)();
    const externalId = this.deps.sender.messageIdFor(ctx.idempotencyKey);
    const requester = request.requesterName ?? request.requesterRef;
    const { summary, subject, ask, tierLine, approval } =
      itTicketWords(request);
    const done = `${await this.deps.baseUrl()}/email/done/${await this.deps.store.issue(
      { kind: 'done', externalId, summary },
      now + DONE_LINK_MS,
      now,
    )}`;
    const lines = (
      [
        ['Person', `${requester} <${request.requesterEmail ?? 'no e-mail'}>`],
        ['App', request.appName],
        ['Tier', tierLine],
        ['Why', request.justification],
        approval,
        ['Request', request.link],
      ] as Array<[string, string | undefined]>
    ).filter((l): l is [string, string] => Boolean(l[1]));
    try {
      const messageId = await this.deps.sender.send(ctx.idempotencyKey, {
        to: this.deps.itAddress,
        subject,
        text: [
          `${ask}:`,
          '',
          ...lines.map(([k, v]) => `${k}: ${v}`),
          '',
          `Mark as done: ${done}`,
          '(The link works once, for 90 days.)',
        ].join('\n'),
        html: `<p>${text(`${ask}.`)}</p><table>${lines
          .map(
            ([k, v]) =>
              `<tr><th align="left">${text(k)}</th><td>${text(v)}</td></tr>`,
          )
          .join('')}</table><p><a href="${text(
          done,
        )}">Mark as done</a> (works once, for 90 days)</p>`,
      });
      return { status: 'pending', externalId: messageId };
    } catch (error) {
      if (error instanceof SmtpError && !error.retryable) {
        // No retry helps: an admin fixes the address or the credentials.
        return {
          status: 'failed',
          reason: `The mail to IT (${this.deps.itAddress}) was refused: ${error.reply}. Check connectors.email (itAddress, SMTP credentials), then retry.`,
        };
      }
      throw error;
    }
  }

  test() {
    return this.deps.sender.verify();
  }
}

/**
 * How the mail to IT words a request: a grant, a license given back (a
 * removal), or license automation's reclaim or downgrade, which Okta
 * cannot make and nobody approved.
 */
function itTicketWords(request: ApprovedRequest): {
  /** What the Mark-as-done page names. */
  summary: string;
  subject: string;
  ask: string;
  tierLine: string;
  approval: [string, string];
} {
  const requester = request.requesterName ?? request.requesterRef;
  const tierName =
    request.tierName ??
    request.tier.charAt(0).toUpperCase() + request.tier.slice(1);
  const automation = request.automation;
  const decided = 'license automation decided, which Okta cannot make';
  const byAutomation: [string, string] = [
    'Approval',
    'none needed: license automation decided it',
  ];
  if (automation?.change === 'downgrade') {
    const fromTier = automation.fromTierName ?? request.replaces?.tier;
    const summary = `Downgrade ${request.appName} ${fromTier} to ${tierName} for ${requester}`;
    return {
      summary,
      subject: summary,
      ask: `Please move this person from ${request.appName} ${fromTier} to ${tierName} (a downgrade ${decided}), then mark it done`,
      tierLine: `${fromTier} to ${tierName}`,
      approval: byAutomation,
    };
  }
  // A removal: IT takes the tier away.
  if (request.action === 'remove') {
    const summary = `Remove ${request.appName} ${tierName} from ${requester}`;
    return {
      summary,
      subject: summary,
      ask: automation
        ? `Please remove this access (a reclaim ${decided}), then mark it done`
        : 'Please remove this access (the person gave the license back), then mark it done',
      tierLine: tierName,
      approval: automation
        ? byAutomation
        : ['Approval', 'none needed: a license given back frees a seat'],
    };
  }
  const summary = `${request.appName} (${request.tier}) for ${requester}`;
  return {
    summary,
    subject: `Access request: ${summary}`,
    ask: 'Please grant this access, then mark it done',
    tierLine: request.tier,
    approval: ['Approved by', describeApprovals(request, '; ')],
  };
}
