import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { personName } from '../requests/messages';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { Job, JobHandler, JobJson, JobStore } from '@internal/durable-jobs';
import {
  AccessRequest,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import {
  ApprovalChannel,
  ApprovalMessage,
} from '@internal/plugin-productiv-home-node';
import { RequestsStore } from '../../database/RequestsStore';
import { ConnectorsService } from '../connectors/ConnectorsService';
import { adminOnBehalf } from '../requests/onBehalf';
import { CHANNEL_JOBS, RequesterUpdate } from '../requests/requestJobs';
import { PeopleDirectory } from '../requests/types';
import { decisionContext } from './decisionContext';
import { expiredTexts } from './expiredTexts';
import { requestedByName, TierDirectory, tierNamesOf } from './tierNames';

type ApprovalPayload = { requestId: string; level: number; approver: string };

/**
 * Reaches approvers and requesters where they are: runs the channel jobs
 * that request changes queue (ask an approver, show the outcome where they
 * were asked, remind, tell the requester) through the approval channel of
 * the settings (Slack or e-mail). Without that channel installed the jobs
 * end at once; Backstage notifications still go out.
 */
export class ApprovalMessenger {
  constructor(
    private readonly deps: {
      store: RequestsStore;
      jobs: JobStore;
      apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
      connectors: ConnectorsService;
      people: PeopleDirectory;
      settings: () => Promise<HomeSettings>;
      appBaseUrl: string;
      logger: LoggerService;
      /** For the tier's price and the requester's peers, when available. */
      inventory?: ProvisioningWorkflowsInventoryService;
      auth?: AuthService;
      /** The tiers' display names (AccessService); keys title-cased without it. */
      tiers?: TierDirectory;
      /** For the requester's team name on approval messages. */
      catalog?: CatalogService;
    },
  ) {}

  handlers(): Record<string, JobHandler> {
    return {
      [CHANNEL_JOBS.approvalRequest]: (job, ctx) =>
        this.withChannel(async channel => {
          const { request, message } = await this.message(job);
          if (!this.waitsOn(request, job.payload as ApprovalPayload)) {
            return { skipped: request.status };
          }
          const { ref } = await channel.requestApproval(message, {
            logger: this.deps.logger,
            signal: ctx.signal,
            idempotencyKey: ctx.idempotencyKey,
          });
          return { channel: channel.id, ref: ref ?? null };
        }),
      [CHANNEL_JOBS.outcome]: async (job, ctx) => {
        const p = job.payload as ApprovalPayload & {
          status: 'approved' | 'denied' | 'cancelled' | 'decided-elsewhere';
          by: string;
          /** An admin decided for the approvers of the level. */
          onBehalf?: boolean;
        };
        // The message to update is the one the approval request posted, in
        // the channel that posted it: the method may have changed since.
        const asked = await this.deps.jobs.getByKey(
          `${CHANNEL_JOBS.approvalRequest}:${p.requestId}:${p.level}:${p.approver}`,
        );
        const posted = asked?.result as
          | { channel?: string; ref?: string }
          | undefined;
        return this.withChannel(async channel => {
          const ref = posted?.ref;
          if (!ref || !channel.showOutcome) return { skipped: 'no message' };
          const { message } = await this.message(job);
          await channel.showOutcome(
            message,
            ref,
            {
              status: p.status,
              by: p.onBehalf
                ? await adminOnBehalf(this.deps.people, p.by)
                : await personName(this.deps.people, p.by),
            },
            {
              logger: this.deps.logger,
              signal: ctx.signal,
              idempotencyKey: ctx.idempotencyKey,
            },
          );
          return { updated: ref };
        }, posted?.channel);
      },
      [CHANNEL_JOBS.reminder]: (job, ctx) =>
        this.withChannel(async channel => {
          const { request, message } = await this.message(job);
          if (!this.waitsOn(request, job.payload as ApprovalPayload)) {
            return { skipped: request.status };
          }
          await channel.remind(message, {
            logger: this.deps.logger,
            signal: ctx.signal,
            idempotencyKey: ctx.idempotencyKey,
          });
          return { reminded: message.approverRef };
        }),
      [CHANNEL_JOBS.requesterUpdate]: (job, ctx) =>
        this.withChannel(async channel => {
          const { requestId, what, recipient } = job.payload as {
            requestId: string;
            what: RequesterUpdate;
            /** Someone else than the requester (an approver told it expired). */
            recipient?: string;
          };
          const request = await this.deps.store.get(requestId);
          const app = await this.deps.apps.getApp(request.appKey);
          const appName = app?.name ?? request.appKey;
          const names = await this.tierNames(request);
          const name = requestedByName(appName, names);
          const to = recipient ?? request.requester;
          const contact = (await this.deps.people.contactOf?.(to)) ?? {};
          const approvedAt = request.history
            .filter(h => h.type === 'approved')
            .at(-1);
          const all: Record<
            Exclude<RequesterUpdate, 'expired' | 'submitted'>,
            [string, string]
          > = {
            'approved-level': [
              `Your request for ${name} was approved at level ${
                approvedAt?.level ?? 1
              }`,
              'It now waits for the next approver',
            ],
            approved: [
              `Your request for ${name} was approved`,
              'Access is being set up; you will hear when it is ready',
            ],
            denied: [
              `Your request for ${name} was denied`,
              request.history.find(h => h.type === 'denied')?.comment ??
                'No reason given',
            ],
            fulfilled: [
              `You have access to ${name}`,
              'Your request was approved and fulfilled',
            ],
            failed: [
              `Your access to ${name} could not be set up`,
              request.fulfillment?.failureReason ??
                'Your Productiv admins have been told',
            ],
          };
          let texts: [string, string];
          if (what === 'expired') {
            texts = expiredTexts(
              request,
              name,
              recipient &&
                (await personName(this.deps.people, request.requester)),
            );
          } else if (what === 'submitted') {
            texts = [
              `Your request for ${name} was sent`,
              `It waits for ${await this.firstApprovers(request)}`,
            ];
          } else {
            texts = all[what];
          }
          await channel.tellRequester(
            {
              requestId,
              recipientRef: to,
              ...(recipient ? { recipientRole: 'approver' as const } : {}),
              recipientEmail: contact.email,
              appName,
              ...names,
              title: texts[0],
              description: texts[1],
              link: this.link(requestId),
            },
            {
              logger: this.deps.logger,
              signal: ctx.signal,
              idempotencyKey: ctx.idempotencyKey,
            },
          );
          return { told: to };
        }),
    };
  }

  /** "Olivia Chen", "Olivia Chen or Sofia Garcia": who decides first. */
  private async firstApprovers(request: AccessRequest): Promise<string> {
    const names = await Promise.all(
      request.approvals
        .filter(a => a.level === 1)
        .map(a => personName(this.deps.people, a.approver)),
    );
    return names.length ? names.join(' or ') : 'its approvers';
  }

  private link(requestId: string) {
    return `${this.deps.appBaseUrl}/productiv-home?tab=requests&request=${requestId}`;
  }

  private tierNames(request: AccessRequest) {
    return tierNamesOf(this.deps.tiers, request, this.deps.logger);
  }

  /** Runs with `channelId`'s channel, by default the settings' approval method. */
  private async withChannel(
    run: (channel: ApprovalChannel) => Promise<Record<string, unknown>>,
    channelId?: string,
  ): Promise<JobJson> {
    const id = channelId ?? (await this.deps.settings()).approvalMethod;
    const channel = this.deps.connectors.channel(id);
    if (!channel) return { skipped: `no ${id} channel installed` };
    return (await run(channel)) as JobJson;
  }

  /** Still waiting on this approver at this level? */
  private waitsOn(request: AccessRequest, p: ApprovalPayload) {
    return (
      request.status === 'pending_approval' &&
      request.level === p.level &&
      request.approvals.some(
        a => a.level === p.level && a.approver === p.approver && !a.decision,
      )
    );
  }

  private async message(
    job: Job,
  ): Promise<{ request: AccessRequest; message: ApprovalMessage }> {
    const p = job.payload as ApprovalPayload;
    const request = await this.deps.store.get(p.requestId);
    const app = await this.deps.apps.getApp(request.appKey);
    const [requester, approver, names] = await Promise.all([
      this.deps.people.contactOf?.(request.requester),
      this.deps.people.contactOf?.(p.approver),
      this.tierNames(request),
    ]);
    return {
      request,
      message: {
        requestId: request.id,
        level: p.level,
        approverRef: p.approver,
        approverEmail: approver?.email,
        requesterRef: request.requester,
        requesterName:
          requester?.name ||
          (await personName(this.deps.people, request.requester)),
        appName: app?.name ?? request.appKey,
        tier: request.tier,
        ...(request.fromTier ? { fromTier: request.fromTier } : {}),
        ...names,
        requestedAt: request.createdAt,
        justification: request.justification,
        link: this.link(request.id),
        // Title, team, peers at the tier, price, free seats, duration.
        ...(await decisionContext(this.deps, request, app)),
      },
    };
  }
}
