import {
  ApprovalChannel,
  ApprovalMessage,
  FulfillmentContext,
  RequestUpdateMessage,
} from '@internal/plugin-productiv-home-node';
import { WebClient } from '@slack/web-api';
import { SlackStore } from './SlackStore';

export const APPROVE_ACTION = 'productiv_home_approve';
export const DENY_ACTION = 'productiv_home_deny';

/** What an Approve / Deny button carries. */
export type ButtonValue = { requestId: string; level: number };

const OUTCOME_TEXT = {
  approved: 'Approved',
  denied: 'Denied',
  cancelled: 'Cancelled by the requester',
  'decided-elsewhere': 'Decided by another approver',
};

/**
 * Slack approvals: the approver gets a direct message with the request and
 * Approve / Deny buttons; once decided, the message shows the outcome and
 * loses its buttons. Posts once per idempotency key. Errors keep Slack's
 * codes (rate limits included) for the job runner's retries.
 */
export class SlackApprovalChannel implements ApprovalChannel {
  readonly id = 'slack';

  constructor(
    private readonly deps: { client: WebClient; store: SlackStore },
  ) {}

  private async dmWith(email: string | undefined, who: string) {
    if (!email) {
      throw Object.assign(new Error(`${who} has no e-mail in the catalog`), {
        status: 400,
      });
    }
    const { user } = await this.deps.client.users.lookupByEmail({ email });
    const { channel } = await this.deps.client.conversations.open({
      users: user!.id!,
    });
    return channel!.id!;
  }

  private blocks(message: ApprovalMessage, intro: string, buttons: boolean) {
    const value = JSON.stringify({
      requestId: message.requestId,
      level: message.level,
    } satisfies ButtonValue);
    const facts = [
      `*Requester*\n${message.requesterName ?? message.requesterRef}`,
      `*App*\n${message.appName} (${message.tier})`,
      message.justification ? `*Why*\n${message.justification}` : undefined,
      message.tierMonthlyCost !== undefined
        ? `*Cost*\n${message.tierMonthlyCost} per month`
        : undefined,
      message.peers
        ? `*Peers using it*\n${message.peers.team} on their teams, ${message.peers.department} in their department`
        : undefined,
    ].filter((f): f is string => Boolean(f));
    return [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      {
        type: 'section',
        fields: facts.map(f => ({ type: 'mrkdwn', text: f })),
      },
      ...(buttons
        ? [
            {
              type: 'actions',
              block_id: `productiv-home:${message.requestId}:${message.level}`,
              elements: [
                {
                  type: 'button',
                  action_id: APPROVE_ACTION,
                  style: 'primary',
                  text: { type: 'plain_text', text: 'Approve' },
                  value,
                },
                {
                  type: 'button',
                  action_id: DENY_ACTION,
                  style: 'danger',
                  text: { type: 'plain_text', text: 'Deny' },
                  value,
                },
              ],
            },
          ]
        : []),
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `<${message.link}|Open in the portal>` },
        ],
      },
    ];
  }

  private async post(
    key: string,
    channel: string,
    text: string,
    blocks?: object[],
  ) {
    const already = await this.deps.store.posted(key);
    if (already) return already;
    const posted = await this.deps.client.chat.postMessage({
      channel,
      text,
      blocks: blocks as any,
    });
    await this.deps.store.recordPosted(key, posted.channel!, posted.ts!);
    return { channel: posted.channel!, ts: posted.ts! };
  }

  async requestApproval(message: ApprovalMessage, ctx: FulfillmentContext) {
    const already = await this.deps.store.posted(ctx.idempotencyKey);
    if (already) return { ref: `${already.channel}/${already.ts}` };
    const channel = await this.dmWith(
      message.approverEmail,
      message.approverRef,
    );
    const intro = `*${
      message.requesterName ?? message.requesterRef
    }* asks for *${message.appName}* (${
      message.tier
    }). Your approval is needed (level ${message.level}).`;
    const posted = await this.post(
      ctx.idempotencyKey,
      channel,
      intro.replace(/\*/g, ''),
      this.blocks(message, intro, true),
    );
    return { ref: `${posted.channel}/${posted.ts}` };
  }

  async showOutcome(
    message: ApprovalMessage,
    ref: string,
    outcome: {
      status: 'approved' | 'denied' | 'cancelled' | 'decided-elsewhere';
      by?: string;
    },
  ) {
    const [channel, ts] = ref.split('/');
    const text = `${OUTCOME_TEXT[outcome.status]}${
      outcome.by && outcome.status !== 'cancelled' ? ` by ${outcome.by}` : ''
    }`;
    // Updating is idempotent: the same outcome shown twice looks the same.
    await this.deps.client.chat.update({
      channel,
      ts,
      text,
      blocks: [
        ...this.blocks(
          message,
          `*${message.appName}* (${message.tier}) for *${
            message.requesterName ?? message.requesterRef
          }*: *${text}*`,
          false,
        ),
      ] as any,
    });
  }

  async remind(message: ApprovalMessage, ctx: FulfillmentContext) {
    const channel = await this.dmWith(
      message.approverEmail,
      message.approverRef,
    );
    const intro = `Reminder: *${
      message.requesterName ?? message.requesterRef
    }* is still waiting for your decision on *${message.appName}* (${
      message.tier
    }).`;
    await this.post(
      ctx.idempotencyKey,
      channel,
      intro.replace(/\*/g, ''),
      this.blocks(message, intro, true),
    );
  }

  async tellRequester(update: RequestUpdateMessage, ctx: FulfillmentContext) {
    if (!update.recipientEmail) return;
    const channel = await this.dmWith(
      update.recipientEmail,
      update.recipientRef,
    );
    await this.post(
      ctx.idempotencyKey,
      channel,
      `${update.title}. ${update.description} ${update.link}`,
    );
  }

  async test() {
    const auth = await this.deps.client.auth.test();
    return `Connected to Slack as ${auth.user} in ${auth.team}`;
  }
}
