import {
  ApprovalChannel,
  ApprovalMessage,
  ApprovedRequest,
  FulfillmentContext,
  FulfillmentProvider,
  RequestUpdateMessage,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import { EmailSender } from './EmailSender';
import { EmailStore } from './EmailStore';
import { decisionMail, text } from './pages';

const HOUR_MS = 3600 * 1000;

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

  private async mailFor(message: ApprovalMessage, intro: string) {
    const now = (this.deps.now ?? Date.now)();
    const expires = now + this.deps.linkHours * HOUR_MS;
    const base = await this.deps.baseUrl();
    const link = async (decision: 'approved' | 'denied') =>
      `${base}/email/decide/${await this.deps.store.issue(
        {
          kind: 'decide',
          requestId: message.requestId,
          level: message.level,
          approver: message.approverRef,
          decision,
        },
        expires,
        now,
      )}`;
    return decisionMail({
      intro,
      details: [
        ['Requester', message.requesterName ?? message.requesterRef],
        ['App', message.appName],
        ['Tier', message.tier],
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
            ? `${message.peers.team} on their teams, ${message.peers.department} in their department`
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
      throw Object.assign(
        new Error(
          `${message.approverRef} has no e-mail address in the catalog`,
        ),
        { status: 400 },
      );
    }
    return message.approverEmail;
  }

  async requestApproval(message: ApprovalMessage, ctx: FulfillmentContext) {
    const to = this.recipient(message);
    // The links are issued with the mail; a retry of a sent mail issues none.
    const already = await this.deps.store.sentFor(ctx.idempotencyKey);
    if (already) return { ref: already };
    const mail = await this.mailFor(
      message,
      `${message.requesterName ?? message.requesterRef} asks for ${
        message.appName
      } (${message.tier}). Your approval is needed (level ${message.level}).`,
    );
    const ref = await this.deps.sender.send(ctx.idempotencyKey, {
      to,
      subject: `Approve ${message.appName} (${message.tier}) for ${
        message.requesterName ?? message.requesterRef
      }?`,
      ...mail,
    });
    return { ref };
  }

  async remind(message: ApprovalMessage, ctx: FulfillmentContext) {
    const to = this.recipient(message);
    if (await this.deps.store.sentFor(ctx.idempotencyKey)) return;
    const mail = await this.mailFor(
      message,
      `Reminder: ${
        message.requesterName ?? message.requesterRef
      } is still waiting for your decision on ${message.appName} (${
        message.tier
      }).`,
    );
    await this.deps.sender.send(ctx.idempotencyKey, {
      to,
      subject: `Reminder: approve ${message.appName} (${message.tier})?`,
      ...mail,
    });
  }

  async tellRequester(update: RequestUpdateMessage, ctx: FulfillmentContext) {
    if (!update.recipientEmail) return;
    await this.deps.sender.send(ctx.idempotencyKey, {
      to: update.recipientEmail,
      subject: update.title,
      text: `${update.description}\n\n${update.link}`,
      html: `<p>${text(update.description)}</p><p><a href="${text(
        update.link,
      )}">Open your request</a></p>`,
    });
  }

  test() {
    return this.deps.sender.verify();
  }
}

/**
 * Tickets by e-mail: IT gets the request with a single-use "Mark as done"
 * link; using it fulfills the request.
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
      linkHours: number;
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

  async fulfill(request: ApprovedRequest, ctx: FulfillmentContext) {
    const already = await this.deps.store.sentFor(ctx.idempotencyKey);
    if (already) return { status: 'pending' as const, externalId: already };
    const externalId = this.deps.sender.messageIdFor(ctx.idempotencyKey);
    // IT may take a while: the link stays valid for 90 days.
    const done = `${await this.deps.baseUrl()}/email/done/${await this.deps.store.issue(
      { kind: 'done', externalId },
      Date.now() + 90 * 24 * HOUR_MS,
    )}`;
    const approvals = request.approvals
      .map(
        a =>
          `level ${a.level}: ${a.approver}${
            a.decidedAt ? ` (${a.decidedAt})` : ''
          }`,
      )
      .join('; ');
    const lines: Array<[string, string | undefined]> = [
      [
        'Person',
        `${request.requesterName ?? request.requesterRef} <${
          request.requesterEmail ?? 'no e-mail'
        }>`,
      ],
      ['App', request.appName],
      ['Tier', request.tier],
      ['Why', request.justification],
      ['Approved by', approvals || 'no approval needed'],
      ['Request', request.link],
    ];
    const messageId = await this.deps.sender.send(ctx.idempotencyKey, {
      to: this.deps.itAddress,
      subject: `Access request: ${request.appName} (${request.tier}) for ${
        request.requesterName ?? request.requesterRef
      }`,
      text: [
        'Please grant this access, then mark it done:',
        '',
        ...lines.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`),
        '',
        `Mark as done: ${done}`,
      ].join('\n'),
      html: `<p>Please grant this access, then mark it done.</p><table>${lines
        .filter(([, v]) => v)
        .map(
          ([k, v]) =>
            `<tr><th align="left">${text(k)}</th><td>${text(v!)}</td></tr>`,
        )
        .join('')}</table><p><a href="${text(done)}">Mark as done</a></p>`,
    });
    return { status: 'pending' as const, externalId: messageId };
  }

  test() {
    return this.deps.sender.verify();
  }
}
