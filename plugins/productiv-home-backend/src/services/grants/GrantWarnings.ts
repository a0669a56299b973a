import { LoggerService } from '@backstage/backend-plugin-api';
import { JobHandler, JobJson, NewJob } from '@internal/durable-jobs';
import { HomeApp, HomeSettings } from '@internal/plugin-productiv-home-common';
import { ApprovalChannel } from '@internal/plugin-productiv-home-node';
import { GrantsStore } from '../../database/GrantsStore';
import { Grant } from '../../database/operations/grants/types';
import { tierLabel } from '../access/AccessService';
import { readableTime } from '../approvals/readableTime';
import { personName } from '../requests/messages';
import { notificationJob } from '../requests/requestJobs';
import { PeopleDirectory } from '../requests/types';

/** The job that tells one person, through the approval channel, that access ends soon. */
export const GRANT_CHANNEL_JOB = 'grant-expiry-channel';

export type GrantWarningsDeps = {
  grants: GrantsStore;
  apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
  people: PeopleDirectory;
  settings: () => Promise<HomeSettings>;
  /** The approval channels modules added (Slack, e-mail), by id. */
  channel?: (id: string) => ApprovalChannel | undefined;
  /** A tier's display name (from the inventory). */
  tierName?: (appKey: string, tier: string) => Promise<string>;
  appBaseUrl: string;
  logger?: LoggerService;
};

type Texts = { title: string; description: string };

const inDays = (days: number) => (days === 1 ? 'tomorrow' : `in ${days} days`);

/**
 * Warnings before time-bound access ends: to the holder and to the approver
 * of record, through Backstage notifications and the approval channel of
 * the settings, each carrying the link to the grant's page, where one click
 * asks for an extension. Written with an event on the grant's history, in
 * one transaction, only while the grant still ends then.
 */
export class GrantWarnings {
  constructor(private readonly deps: GrantWarningsDeps) {}

  /** The grant's page, where its extension is one click away. */
  link(grantId: string): string {
    return `${this.deps.appBaseUrl}/productiv-home?tab=requests&request=${grantId}&extend=1`;
  }

  async warn(
    grantId: string,
    expiresAtMs: number,
    days: number,
    nowMs: number,
  ): Promise<boolean> {
    const grant = await this.deps.grants.get(grantId);
    if (!grant || grant.status !== 'active') return false;
    if (grant.expiresAtMs !== expiresAtMs) return false;
    const texts = await this.texts(grant, days);
    const at = [expiresAtMs, days];
    const jobs: NewJob[] = [
      notificationJob(
        { recipients: [grant.requester], requestId: grantId, ...texts.holder },
        'expiry-warning',
        ...at,
        'holder',
      ),
    ];
    if (grant.approver && texts.approver) {
      jobs.push(
        notificationJob(
          {
            recipients: [grant.approver],
            requestId: grantId,
            ...texts.approver,
          },
          'expiry-warning',
          ...at,
          'approver',
        ),
      );
    }
    const { approvalMethod } = await this.deps.settings();
    if (this.deps.channel?.(approvalMethod)) {
      for (const who of ['holder', 'approver'] as const) {
        if (who === 'approver' && !grant.approver) continue;
        jobs.push({
          type: GRANT_CHANNEL_JOB,
          key: `${GRANT_CHANNEL_JOB}:${grantId}:${expiresAtMs}:${days}:${who}`,
          payload: { grantId, expiresAtMs, days, who },
          maxAttempts: 12,
        });
      }
    }
    return this.deps.grants.warn(grantId, expiresAtMs, nowMs, jobs);
  }

  handlers(): Record<string, JobHandler> {
    return {
      [GRANT_CHANNEL_JOB]: async (job, ctx): Promise<JobJson> => {
        const { grantId, expiresAtMs, days, who } = job.payload as {
          grantId: string;
          expiresAtMs: number;
          days: number;
          who: 'holder' | 'approver';
        };
        const { approvalMethod } = await this.deps.settings();
        const channel = this.deps.channel?.(approvalMethod);
        if (!channel) return { skipped: `no ${approvalMethod} channel` };
        const grant = await this.deps.grants.get(grantId);
        if (!grant || grant.status !== 'active') {
          return { skipped: 'ended' };
        }
        if (grant.expiresAtMs !== expiresAtMs) return { skipped: 'extended' };
        const to = who === 'holder' ? grant.requester : grant.approver!;
        const texts = await this.texts(grant, days);
        const words = who === 'holder' ? texts.holder : texts.approver!;
        const contact = (await this.deps.people.contactOf?.(to)) ?? {};
        await channel.tellRequester(
          {
            requestId: grantId,
            recipientRef: to,
            ...(who === 'approver'
              ? { recipientRole: 'approver' as const }
              : {}),
            recipientEmail: contact.email,
            appName: texts.appName,
            tierName: texts.tierName,
            title: words.title,
            description: words.description,
            link: this.link(grantId),
          },
          {
            logger: this.deps.logger!,
            signal: ctx.signal,
            idempotencyKey: ctx.idempotencyKey,
          },
        );
        return { told: to };
      },
    };
  }

  private async texts(
    grant: Grant,
    days: number,
  ): Promise<{
    appName: string;
    tierName: string;
    holder: Texts;
    approver?: Texts;
  }> {
    const app = await this.deps.apps.getApp(grant.appKey);
    const appName = app?.name ?? grant.appKey;
    const tierName =
      (await this.deps.tierName?.(grant.appKey, grant.tier)) ??
      tierLabel(grant.tier);
    const thing = `${appName} ${tierName}`;
    const when = readableTime(new Date(grant.expiresAtMs).toISOString());
    const link = this.link(grant.requestId);
    const holder = {
      title: `Your access to ${thing} ends ${inDays(days)}`,
      description: `It ends on ${when}. To keep it, request an extension: ${link}`,
    };
    if (!grant.approver) return { appName, tierName, holder };
    const name = await personName(this.deps.people, grant.requester);
    return {
      appName,
      tierName,
      holder,
      approver: {
        title: `${name}'s access to ${thing} ends ${inDays(days)}`,
        description: `You approved it; it ends on ${when}. ${name} can request an extension, which will come to you: ${link}`,
      },
    };
  }
}
