import { InputError, NotFoundError } from '@backstage/errors';
import { RetryableError } from '@internal/durable-jobs';
import {
  AdminNotice,
  ApprovalChannel,
  ApprovalMessage,
  FulfillmentContext,
  RequestUpdateMessage,
} from '@internal/plugin-productiv-home-node';
import {
  ErrorCode,
  type ChatPostMessageArguments,
  type KnownBlock,
  type WebClient,
} from '@slack/web-api';
import { explainSlackError, isSlackError } from './errors';
import {
  adminMessage,
  approvalMessage,
  Outcome,
  outcomeMessage,
  reminderMessage,
  requesterMessage,
} from './messages';
import { SlackPost, SlackPostKind, SlackStore } from './SlackStore';

/** Tags our messages so that a retry can recognise one it already posted. */
const METADATA_TYPE = 'productiv_home_message';

/** How far back a retry looks for a post whose answer was lost. */
const HISTORY_LOOKBACK = 100;

/** Direct message channels remembered per e-mail, at most this many. */
const KNOWN_DMS = 5000;

/** Slack's answers that say a post was refused, so nothing landed. */
const NOT_POSTED = new Set([
  ErrorCode.RateLimitedError as string,
  ErrorCode.PlatformError as string,
]);
/** Passing `ok: false` answers, after which Slack may still have posted. */
const MAYBE_POSTED = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

type Content = { text: string; blocks?: KnownBlock[] };

/**
 * Slack approvals: the approver gets a direct message with the request and
 * Approve / Deny buttons; once decided, the message shows the outcome and
 * loses its buttons. Reminders are threaded under it; requesters and the
 * optional admin channel get messages of their own.
 *
 * Every post happens once per idempotency key: it is recorded before it is
 * sent, tagged with the key in its metadata, and a retry that finds a record
 * without Slack's answer looks for the tagged message before posting again.
 * A try whose answer was lost (a timeout) may still land a while later, so
 * its retry waits until `landingMs` after it was sent before it looks (a
 * retryable error with that Retry-After); a try that Slack refused (429, an
 * `ok: false` error) is not looked for. Errors that are worth a retry (429,
 * 5xx, timeouts, Slack's passing trouble) are thrown as they are; final ones
 * say what an admin can fix.
 */
export class SlackApprovalChannel implements ApprovalChannel {
  readonly id = 'slack';
  /** Approvers get many messages: their DM is looked up once. */
  private readonly dms = new Map<string, string>();
  /** Only when an admin channel is configured. */
  readonly notifyAdmins?: (
    notice: AdminNotice,
    ctx: FulfillmentContext,
  ) => Promise<void>;

  constructor(
    private readonly deps: {
      client: WebClient;
      store: SlackStore;
      /** Channel id (C...) for admin notices. */
      adminChannel?: string;
      /**
       * How long after a try was sent whose answer was lost a retry waits
       * before it looks for the message: past this, a post that has not
       * landed is taken to be lost. Default 20 s (twice the client's
       * default timeout).
       */
      landingMs?: number;
      now?: () => number;
    },
  ) {
    const adminChannel = deps.adminChannel;
    if (adminChannel) {
      this.notifyAdmins = async (notice, ctx) => {
        await this.postOnce(
          ctx,
          { kind: 'admin', requestId: notice.requestId, buttons: false },
          async () => adminChannel,
          adminMessage(notice),
        );
      };
    }
  }

  async requestApproval(message: ApprovalMessage, ctx: FulfillmentContext) {
    const posted = await this.postOnce(
      ctx,
      {
        kind: 'approval',
        requestId: message.requestId,
        level: message.level,
        recipient: message.approverRef,
        buttons: true,
      },
      () => this.dmWith(message.approverEmail, message.approverRef),
      approvalMessage(message),
    );
    return { ref: `${posted.channel}/${posted.ts}` };
  }

  async showOutcome(
    message: ApprovalMessage,
    ref: string,
    outcome: Outcome,
    _ctx: FulfillmentContext,
  ) {
    const [channel, ts] = ref.split('/');
    if (!channel || !ts) {
      throw new InputError(`Not a Slack message reference: '${ref}'`);
    }
    // The message asked about, and any reminder that carried buttons of its
    // own: none of them may be clicked any more.
    const others = (
      await this.deps.store.postsFor(
        message.requestId,
        message.level,
        message.approverRef,
      )
    ).filter(p => p.buttons && !(p.channel === channel && p.ts === ts));
    const { text, blocks } = outcomeMessage(message, outcome);
    // Updating is idempotent: the same outcome shown twice looks the same.
    for (const target of [{ channel, ts }, ...others]) {
      try {
        await this.deps.client.chat.update({
          channel: target.channel,
          ts: target.ts!,
          text,
          blocks,
        });
      } catch (error) {
        throw explainSlackError(error, 'update the approval message');
      }
    }
  }

  async remind(message: ApprovalMessage, ctx: FulfillmentContext) {
    const asked = (
      await this.deps.store.postsFor(
        message.requestId,
        message.level,
        message.approverRef,
      )
    ).find(p => p.kind === 'approval');
    const threadTs = asked?.ts;
    await this.postOnce(
      ctx,
      {
        kind: 'reminder',
        requestId: message.requestId,
        level: message.level,
        recipient: message.approverRef,
        buttons: !threadTs,
      },
      async () =>
        asked?.channel ??
        (await this.dmWith(message.approverEmail, message.approverRef)),
      reminderMessage(message, Boolean(threadTs)),
      threadTs,
    );
  }

  async tellRequester(update: RequestUpdateMessage, ctx: FulfillmentContext) {
    if (!update.recipientEmail) {
      // Backstage notifications still reach them in the portal.
      ctx.logger.info(
        `No Slack message for ${update.recipientRef}: no e-mail in the catalog`,
      );
      return;
    }
    await this.postOnce(
      ctx,
      {
        kind: 'requester',
        requestId: update.requestId,
        recipient: update.recipientRef,
        buttons: false,
      },
      () => this.dmWith(update.recipientEmail, update.recipientRef),
      requesterMessage(update),
    );
  }

  async test() {
    try {
      const auth = await this.deps.client.auth.test();
      return `Connected to Slack as ${auth.user} in ${auth.team}${
        this.deps.adminChannel
          ? `; admin notices go to ${this.deps.adminChannel}`
          : ''
      }`;
    } catch (error) {
      throw explainSlackError(error, 'check the connection');
    }
  }

  /** The DM channel with a person, found by their catalog e-mail. */
  private async dmWith(email: string | undefined, who: string) {
    if (!email) {
      throw new InputError(
        `${who} has no e-mail in the catalog, so Slack cannot find them: add spec.profile.email to their User entity`,
      );
    }
    const known = this.dms.get(email.toLowerCase());
    if (known) return known;
    const channel = await this.openDm(email, who);
    if (this.dms.size >= KNOWN_DMS) this.dms.clear();
    this.dms.set(email.toLowerCase(), channel);
    return channel;
  }

  private async openDm(email: string, who: string): Promise<string> {
    let userId: string | undefined;
    try {
      userId = (await this.deps.client.users.lookupByEmail({ email })).user?.id;
    } catch (error) {
      if (isSlackError(error, 'users_not_found')) {
        throw new NotFoundError(
          `No Slack account has the e-mail ${email} (${who}): invite them to Slack, or correct their e-mail in the catalog`,
        );
      }
      throw explainSlackError(error, `look up ${email}`);
    }
    try {
      const { channel } = await this.deps.client.conversations.open({
        users: userId!,
      });
      return channel!.id!;
    } catch (error) {
      throw explainSlackError(error, `open a direct message with ${email}`);
    }
  }

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  /**
   * Posts once per idempotency key. The record comes first: if Slack's
   * answer is lost (a timeout after the message landed), the retry finds
   * the record without a ts and, once the try may have landed, looks for
   * the message tagged with the key.
   */
  private async postOnce(
    ctx: FulfillmentContext,
    about: {
      kind: SlackPostKind;
      requestId?: string;
      level?: number;
      recipient?: string;
      buttons: boolean;
    },
    channelFor: () => Promise<string>,
    content: Content,
    threadTs?: string,
  ): Promise<{ channel: string; ts: string }> {
    const key = ctx.idempotencyKey;
    const earlier = await this.deps.store.getPost(key);
    if (earlier?.ts) return { channel: earlier.channel, ts: earlier.ts };
    const channel = earlier?.channel ?? (await channelFor());
    if (earlier?.lookAfterMs !== undefined) {
      const wait = earlier.lookAfterMs - this.now();
      if (wait > 0) {
        throw new RetryableError(
          `An earlier try to post ${key} got no answer from Slack and may still land; looking for it in ${Math.ceil(
            wait / 1000,
          )} s`,
          { retryAfterMs: wait },
        );
      }
      const ts = await this.findPosted(earlier, ctx);
      if (ts) {
        await this.deps.store.completePost(key, { channel, ts });
        return { channel, ts };
      }
    }
    const lookAfterMs = this.now() + (this.deps.landingMs ?? 20_000);
    if (earlier) await this.deps.store.markTry(key, lookAfterMs);
    else
      await this.deps.store.startPost({ key, channel, ...about, lookAfterMs });
    let posted;
    try {
      posted = await this.deps.client.chat.postMessage({
        channel,
        text: content.text,
        ...(content.blocks ? { blocks: content.blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs, reply_broadcast: true } : {}),
        metadata: { event_type: METADATA_TYPE, event_payload: { key } },
      } as ChatPostMessageArguments);
    } catch (error) {
      await this.answered(key, error);
      throw explainSlackError(error, 'post a message');
    }
    const where = { channel: posted.channel!, ts: posted.ts! };
    await this.deps.store.completePost(key, where);
    return where;
  }

  /**
   * After a failed try: an answer that says nothing was posted spares the
   * retry its look; another answer (a 5xx) lets it look at once. Without
   * an answer (a timeout, a lost connection) the retry waits as planned.
   */
  private async answered(key: string, error: unknown) {
    const e = error as { code?: string; data?: { error?: string } };
    if (!e?.code || e.code === ErrorCode.RequestError) return;
    const maybe =
      !NOT_POSTED.has(e.code) ||
      (e.code === ErrorCode.PlatformError &&
        MAYBE_POSTED.has(e.data?.error ?? ''));
    // Should the record not take it, the retry waits and looks: no harm.
    await this.deps.store
      .markTry(key, maybe ? this.now() : undefined)
      .catch(() => {});
  }

  /** The ts of the message tagged with this post's key, if Slack has it. */
  private async findPosted(
    post: SlackPost,
    ctx: FulfillmentContext,
  ): Promise<string | undefined> {
    try {
      const history = await this.deps.client.conversations.history({
        channel: post.channel,
        limit: HISTORY_LOOKBACK,
        include_all_metadata: true,
      });
      return history.messages?.find(
        m =>
          m.metadata?.event_type === METADATA_TYPE &&
          (m.metadata?.event_payload as Record<string, unknown> | undefined)
            ?.key === post.key,
      )?.ts;
    } catch (error) {
      const explained = explainSlackError(error, 'read the conversation');
      // Passing trouble: try again later rather than risk a second message.
      if ((explained as { statusCode?: number }).statusCode) throw explained;
      if ((error as { code?: string }).code !== 'slack_webapi_platform_error') {
        throw error;
      }
      // Slack will not show the history (e.g. no im:history scope): better
      // a message twice than an approver never asked.
      ctx.logger.warn(
        `Cannot tell whether an earlier attempt posted ${
          post.key
        }; posting it: ${(explained as Error).message}`,
      );
      return undefined;
    }
  }
}
