import {
  escapeHtml,
  mailFailure,
  stableMessageId,
} from '@internal/email-connector';
import {
  LicenseWarningNotice,
  WarningChannel,
  WarningChannelContext,
} from '@internal/plugin-provisioning-workflows-node';
import { InputError } from '@backstage/errors';
import type { Transporter } from 'nodemailer';
import { KeepLinkStore } from './KeepLinkStore';

const DATE = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** "moved from Editor to Viewer", "removed". */
function changeOf(n: LicenseWarningNotice): string {
  if (n.change === 'deprovision') return 'removed';
  return n.fromTierName
    ? `moved from ${n.fromTierName} to ${n.toTierName}`
    : `moved to ${n.toTierName}`;
}

/** The warning (or its reminder) as a mail, with the Keep link when allowed. */
export function warningMail(
  n: LicenseWarningNotice,
  options: { reminder: boolean; keepUrl?: string },
) {
  const when = `${DATE.format(Date.parse(n.deadline))} UTC`;
  const subject = `${options.reminder ? 'Reminder: your' : 'Your'} ${
    n.appName
  } license will be ${changeOf(n)} on ${when}`;
  const intro = `You have not used ${
    n.appName
  } lately, so your license will be ${changeOf(n)} on ${when}.`;
  const how = options.keepUrl
    ? `Sign in to ${n.appName} before then, or keep your license:`
    : `Sign in to ${n.appName} before then to keep it.`;
  const keepNote =
    'The link opens a page where you confirm. It works once, until the change is made.';
  return {
    subject,
    text: [
      `Hello ${n.personName ?? ''},`.replace(' ,', ','),
      '',
      intro,
      how,
      ...(options.keepUrl
        ? ['', `Keep my license: ${options.keepUrl}`, keepNote]
        : []),
      '',
      `In the portal: ${n.link}`,
    ].join('\n'),
    html: [
      `<p>${escapeHtml(intro)}</p>`,
      `<p>${escapeHtml(how)}</p>`,
      ...(options.keepUrl
        ? [
            `<p><a href="${escapeHtml(
              options.keepUrl,
            )}">Keep my license</a></p>`,
            `<p>${escapeHtml(keepNote)}</p>`,
          ]
        : []),
      `<p><a href="${escapeHtml(n.link)}">Open it in the portal</a></p>`,
    ].join(''),
  };
}

/**
 * License warnings by e-mail: a mail to the warned person with a *Keep my
 * license* link (when the workflow allows it). The link's token is bound to
 * the person and the action, works once, and expires at the deadline; only
 * its hash is kept. The reminder is another such mail with a link of its
 * own. Each mail is sent once per idempotency key; SMTP failures are
 * thrown retryable (4xx replies, connection trouble) or final (5xx).
 */
export class EmailWarningChannel implements WarningChannel {
  readonly id = 'email';

  constructor(
    private readonly deps: {
      transport: Transporter;
      from: string;
      store: KeepLinkStore;
      /** This plugin's external base URL, where the Keep route is. */
      baseUrl: () => Promise<string>;
      now?: () => number;
    },
  ) {}

  warn(notice: LicenseWarningNotice, ctx: WarningChannelContext) {
    return this.send(notice, ctx, false);
  }

  remind(notice: LicenseWarningNotice, ctx: WarningChannelContext) {
    return this.send(notice, ctx, true);
  }

  private async send(
    notice: LicenseWarningNotice,
    ctx: WarningChannelContext,
    reminder: boolean,
  ) {
    const { store, transport, from } = this.deps;
    const key = ctx.idempotencyKey;
    if (await store.sentFor(key)) return;
    if (!notice.personEmail) {
      throw new InputError(
        `${notice.personRef} has no e-mail in Okta or the catalog; warned in the portal only`,
      );
    }
    const now = (this.deps.now ?? Date.now)();
    const keepUrl = notice.allowKeep
      ? `${await this.deps.baseUrl()}/email/keep/${await store.issue(
          {
            actionId: notice.actionId,
            personRef: notice.personRef,
            expiresAtMs: Date.parse(notice.deadline),
          },
          now,
        )}`
      : undefined;
    const messageId = stableMessageId(key, from);
    try {
      await transport.sendMail({
        from,
        to: notice.personEmail,
        messageId,
        ...warningMail(notice, { reminder, keepUrl }),
      });
    } catch (error) {
      throw mailFailure(error);
    }
    await store.recordSent(key, messageId, now);
  }
}
