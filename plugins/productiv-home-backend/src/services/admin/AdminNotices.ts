import { LoggerService } from '@backstage/backend-plugin-api';
import { JobHandler, JobJson, PermanentError } from '@internal/durable-jobs';
import { AccessRequest, HomeApp } from '@internal/plugin-productiv-home-common';
import { AdminNotice } from '@internal/plugin-productiv-home-node';
import { RequestsStore } from '../../database/RequestsStore';
import { daysText } from '../approvals/overdueRules';
import {
  requestedByName,
  TierDirectory,
  tierNamesOf,
} from '../approvals/tierNames';
import { ConnectorsService } from '../connectors/ConnectorsService';
import { isIntakeKey } from '../requests/intakeApps';
import { personName } from '../requests/messages';
import { PeopleDirectory } from '../requests/types';
import { ADMIN_NOTICE_JOB, AdminNoticePayload } from './adminNoticeJobs';

const NEW_APP = 'New app: ';

/**
 * Runs `admin-notice` jobs: tells the Productiv admins, through every
 * channel that reaches them (Slack's admin channel), about new-app
 * requests, fallback approvers used, escalations and fulfillments that
 * failed for good. Names apps, tiers and people; links to the request.
 * Each channel posts once per job (its idempotency key).
 */
export class AdminNotices {
  constructor(
    private readonly deps: {
      store: RequestsStore;
      apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
      connectors: ConnectorsService;
      people: PeopleDirectory;
      tiers?: TierDirectory;
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  /** Whether any installed channel reaches the admins (no jobs otherwise). */
  on(): boolean {
    return this.deps.connectors.adminChannels().length > 0;
  }

  handlers(): Record<string, JobHandler> {
    return {
      [ADMIN_NOTICE_JOB]: async (job, ctx): Promise<JobJson> => {
        const channels = this.deps.connectors.adminChannels();
        if (!channels.length) return { skipped: 'no admin channel' };
        const payload = job.payload as AdminNoticePayload;
        if (!payload?.requestId || !payload.event) {
          throw new PermanentError('Not an admin notice');
        }
        const notice = await this.notice(payload);
        for (const channel of channels) {
          await channel.notifyAdmins!(notice, {
            logger: this.deps.logger,
            signal: ctx.signal,
            idempotencyKey:
              channels.length === 1
                ? ctx.idempotencyKey
                : `${ctx.idempotencyKey}:${channel.id}`,
          });
        }
        return { told: channels.map(c => c.id) };
      },
    };
  }

  /** The notice, by name: app, tier, people. */
  async notice(p: AdminNoticePayload): Promise<AdminNotice> {
    const request = await this.deps.store.get(p.requestId);
    const name = (ref: string) => personName(this.deps.people, ref);
    const names = async (refs: string[]) =>
      listed(await Promise.all(refs.map(name)));
    const requester = await name(request.requester);
    const thing = await this.requested(request);
    const link = `${this.deps.appBaseUrl}/productiv-home?tab=requests&request=${request.id}`;
    const base = { requestId: request.id, link };
    const levelApprovers = (level: number, fallback: boolean) =>
      request.approvals
        .filter(
          a =>
            a.level === level && a.viaFallback === fallback && !a.viaEscalation,
        )
        .map(a => a.approver);
    switch (p.event) {
      case 'intake':
        return {
          ...base,
          severity: 'info',
          title: `${requester} asks for a new app: ${thing}`,
          description: [
            request.justification,
            `Asked to approve: ${await names(
              request.approvals.filter(a => a.level === 1).map(a => a.approver),
            )}`,
          ]
            .filter(Boolean)
            .join('\n'),
        };
      case 'fallback-used':
        return {
          ...base,
          title: `The fallback approver was asked to approve ${thing} for ${requester}`,
          description: `Nobody could be found to approve at level ${
            p.level
          }, so ${await names(
            levelApprovers(p.level, true),
          )} was asked. Check who approves ${await this.appName(request)}.`,
        };
      case 'escalated':
        return {
          ...base,
          title: `Approval of ${thing} for ${requester} escalated to ${await names(
            p.approvers,
          )}`,
          description: `${await names([
            ...levelApprovers(p.level, false),
            ...levelApprovers(p.level, true),
          ])} did not decide within ${daysText(p.afterDays)} (level ${
            p.level
          }); ${await names(p.approvers)} ${
            p.approvers.length === 1 ? 'was' : 'were'
          } asked too.`,
        };
      case 'failed':
        return {
          ...base,
          title:
            request.kind === 'reclaim'
              ? `Not done for ${requester}: ${thing}`
              : `Access to ${thing} for ${requester} failed`,
          description: `${(
            request.fulfillment?.failureReason ?? 'Fulfillment failed'
          ).replace(
            /\.\s*$/,
            '',
          )}. Retry it from the request once the cause is fixed.`,
        };
      default:
        throw new PermanentError(
          `Unknown admin notice '${(p as { event: string }).event}'`,
        );
    }
  }

  /** "Figma Editor", or for a new app its name as asked for ("Notion"). */
  private async requested(request: AccessRequest): Promise<string> {
    if (isIntakeKey(request.appKey)) return this.appName(request);
    // License automation's change, as submitted ("Figma Editor removed by
    // license automation"): its app may not be in Home's catalog.
    const reclaim =
      request.kind === 'reclaim' &&
      request.history.find(e => e.type === 'submitted')?.comment;
    if (reclaim) return reclaim;
    const names = await tierNamesOf(this.deps.tiers, request, this.deps.logger);
    return requestedByName(await this.appName(request), names);
  }

  private async appName(request: AccessRequest): Promise<string> {
    if (isIntakeKey(request.appKey)) {
      const asked = request.history.find(
        e => e.type === 'submitted' && e.comment?.startsWith(NEW_APP),
      );
      return asked?.comment?.slice(NEW_APP.length) ?? request.appKey;
    }
    return (
      (await this.deps.apps.getApp(request.appKey))?.name ?? request.appKey
    );
  }
}

/** "Olivia Chen", "Olivia Chen and Sofia Garcia", "A, B and C". */
function listed(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'nobody';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
