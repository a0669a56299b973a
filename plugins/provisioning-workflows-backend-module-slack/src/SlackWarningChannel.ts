import { InputError, NotFoundError } from '@backstage/errors';
import {
  LicenseWarningNotice,
  RunFinishedNotice,
  WarningChannel,
  WarningChannelContext,
} from '@internal/plugin-provisioning-workflows-node';
import {
  explainSlackError,
  isSlackError,
  postOnce,
} from '@internal/slack-connector';
import type { WebClient } from '@slack/web-api';
import { runFinishedMessage, warningMessage } from './warningMessages';

/** Tags this module's messages, so that a retry finds one it posted. */
const EVENT_TYPE = 'provisioning_workflows_message';

/** Direct message channels remembered per e-mail, at most this many. */
const KNOWN_DMS = 5000;

/**
 * License warnings in Slack: the warned person gets a direct message with
 * what changes and when, a *Keep my license* button (when the workflow
 * allows it) and the warning's page; the one reminder is another such
 * message. With `adminChannel`, finished runs are posted there.
 *
 * Each post happens once per idempotency key (see `postOnce`): a retry looks
 * for the message tagged with the key before posting again. Errors worth a
 * retry (429 with its Retry-After, 5xx, timeouts) are thrown as they are;
 * final ones say what an admin can fix.
 */
export class SlackWarningChannel implements WarningChannel {
  readonly id = 'slack';
  /** A retry (and the reminder) reuses the DM found before: fewer calls to fail. */
  private readonly dms = new Map<string, string>();
  readonly notifyAdmins?: (
    notice: RunFinishedNotice,
    ctx: WarningChannelContext,
  ) => Promise<void>;

  constructor(
    private readonly deps: { client: WebClient; adminChannel?: string },
  ) {
    const adminChannel = deps.adminChannel;
    if (adminChannel) {
      this.notifyAdmins = async (notice, ctx) => {
        await postOnce(
          deps.client,
          { channel: adminChannel, ...runFinishedMessage(notice) },
          {
            eventType: EVENT_TYPE,
            key: ctx.idempotencyKey,
            attempt: ctx.attempt,
          },
        );
      };
    }
  }

  warn(notice: LicenseWarningNotice, ctx: WarningChannelContext) {
    return this.dm(notice, ctx, false);
  }

  remind(notice: LicenseWarningNotice, ctx: WarningChannelContext) {
    return this.dm(notice, ctx, true);
  }

  private async dm(
    notice: LicenseWarningNotice,
    ctx: WarningChannelContext,
    reminder: boolean,
  ) {
    const channel = await this.dmWith(notice.personEmail, notice.personRef);
    const posted = await postOnce(
      this.deps.client,
      { channel, ...warningMessage(notice, { reminder }) },
      { eventType: EVENT_TYPE, key: ctx.idempotencyKey, attempt: ctx.attempt },
    );
    if (posted.reposted) {
      ctx.logger.info(
        `Found the Slack ${reminder ? 'reminder' : 'warning'} of ${
          notice.actionId
        } posted by an earlier try; not posting it again`,
      );
    }
  }

  /** The direct message channel with a person, found by their e-mail. */
  private async dmWith(email: string | undefined, who: string) {
    if (!email) {
      throw new InputError(
        `${who} has no e-mail in Okta or the catalog, so Slack cannot find them`,
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
          `No Slack account has the e-mail ${email} (${who}): they are warned in the portal only`,
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
}
