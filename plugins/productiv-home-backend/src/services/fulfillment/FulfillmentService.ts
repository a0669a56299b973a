import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Job,
  JobHandler,
  JobJson,
  JobOutcome,
  JobStore,
} from '@internal/durable-jobs';
import {
  AccessRequest,
  HomeApp,
  HomeAppTierGrant,
} from '@internal/plugin-productiv-home-common';
import {
  ApprovedRequest,
  FulfillmentProvider,
  FulfillmentResult,
  TicketStatus,
} from '@internal/plugin-productiv-home-node';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';
import { RequestsStore } from '../../database/RequestsStore';
import { ConnectorsService } from '../connectors/ConnectorsService';
import {
  FulfillmentHandoff,
  FulfillmentReport,
} from '../requests/FulfillmentHandoff';
import { approvedBy } from '../requests/onBehalf';
import { attemptOf, FULFILL_JOB } from '../requests/requestJobs';
import { PeopleDirectory } from '../requests/types';
import { linkByKeyMatch } from '../apps/oktaLinks';
import { tierLabel } from '../access/AccessService';
import { ItChangesStore } from '../../database/ItChangesStore';
import { reclaimTicket } from '../itChanges/reclaimTickets';

/** A tier's grant with the instance it belongs to. */
type LinkedGrant = HomeAppTierGrant & { instanceId: string };

/** A provider's answer, as the request records it. */
function asRecord(
  result: FulfillmentResult,
  provider: string,
): FulfillmentReport {
  switch (result.status) {
    case 'pending':
      return {
        status: 'pending',
        provider,
        externalId: result.externalId,
        externalUrl: result.externalUrl,
      };
    case 'fulfilled':
      return { status: 'fulfilled', provider, detail: result.detail };
    default:
      return { status: 'failed', provider, reason: result.reason };
  }
}

/** The job that asks a ticketing system where a request's ticket stands. */
export const TICKET_CHECK_JOB = 'ticket-check';

/**
 * Runs fulfillment from durable jobs: builds what a provider needs (who,
 * which app and tier, the tier's Okta group, approvals, a link back), calls
 * the Okta provider for automatic apps or the active ticketing system for
 * the others, and records the outcome. Follows open tickets by polling and
 * by the webhooks of the systems that have them.
 */
export class FulfillmentService {
  constructor(
    private readonly deps: {
      /** Where the outcome is recorded. */
      requests: Pick<FulfillmentHandoff, 'recordFulfillment'>;
      store: RequestsStore;
      jobs: JobStore;
      apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
      connectors: ConnectorsService;
      people: PeopleDirectory;
      inventory?: ProvisioningWorkflowsInventoryService;
      auth: AuthService;
      /** The tiers' display names (AccessService); keys in words without it. */
      tiers?: { tierName(appKey: string, tier: string): Promise<string> };
      /** The portal's URL, for links back to requests. */
      appBaseUrl: string;
      logger: LoggerService;
      /** Opens audit-trail tickets for what Okta fulfils, when asked to. */
      auditTrail?: {
        opening(request: AccessRequest, attempt: number): Promise<void>;
      };
      /** What license automation handed to IT, for `reclaim` requests. */
      itChanges?: Pick<ItChangesStore, 'forRequest'>;
    },
  ) {}

  /** What a provider is told about a request; undefined once its app is gone. */
  async describe(request: AccessRequest): Promise<ApprovedRequest | undefined> {
    if (request.kind === 'reclaim') return this.describeReclaim(request);
    const app = await this.deps.apps.getApp(request.appKey);
    if (!app) return undefined;
    const grant = await this.tierGrant(app, request.tier);
    const replaced = request.fromTier
      ? await this.tierGrant(app, request.fromTier)
      : undefined;
    return this.approvedRequest(request, app, grant, replaced);
  }

  handlers(): Record<string, JobHandler> {
    return {
      [FULFILL_JOB]: (job, ctx) => this.runFulfill(job, ctx),
      [TICKET_CHECK_JOB]: (job, ctx) => this.runTicketCheck(job, ctx),
    };
  }

  /** After the last retry of a fulfill job, the request fails with the reason. */
  async onFinished(job: Job, outcome: JobOutcome): Promise<void> {
    if (job.type !== FULFILL_JOB || outcome.status !== 'failed') return;
    const { requestId } = job.payload as { requestId: string };
    await this.deps.requests.recordFulfillment(requestId, {
      status: 'failed',
      reason: `Gave up after ${job.attempts} attempt${
        job.attempts === 1 ? '' : 's'
      }: ${outcome.error}`,
    });
  }

  /** Subscribes to the ticketing systems that call back. */
  listenForTickets(): void {
    for (const provider of this.deps.connectors.ticketProviders()) {
      provider.onTicketUpdate?.(async update => {
        await this.applyTicketStatus(provider, update.externalId, update);
      });
    }
  }

  /** Queues a status check of every open ticket (one per request and period). */
  async checkOpenTickets(
    periodMs: number,
    nowMs = Date.now(),
  ): Promise<number> {
    const open = await this.deps.store.openTickets();
    const bucket = Math.floor(nowMs / periodMs);
    return this.deps.jobs.enqueue(
      open
        .filter(t => this.deps.connectors.provider(t.provider)?.ticketStatus)
        .map(t => ({
          type: TICKET_CHECK_JOB,
          key: `${TICKET_CHECK_JOB}:${t.requestId}:${bucket}`,
          payload: t,
          maxAttempts: 3,
        })),
    );
  }

  private async runFulfill(
    job: Job,
    ctx: { signal: AbortSignal; idempotencyKey: string },
  ): Promise<JobJson> {
    const { requests, store, apps, connectors, logger } = this.deps;
    const { requestId } = job.payload as { requestId: string };
    const request = await store.get(requestId);
    // Already fulfilled, cancelled or retried under another job: nothing to do.
    if (request.status !== 'fulfilling' || request.fulfillment?.externalId) {
      return { skipped: request.status };
    }
    if (request.kind === 'reclaim') return this.runReclaim(request, ctx);
    const app = await apps.getApp(request.appKey);
    if (!app) {
      await requests.recordFulfillment(requestId, {
        status: 'failed',
        reason: `${request.appKey} is no longer in Productiv Home`,
      });
      return { failed: 'app removed' };
    }
    // Time-bound access: an extension moves the expiry (nothing changes
    // in Okta); a manual app's grant or removal is IT's, done on approval.
    if (request.kind === 'extend' || app.fulfillment === 'manual') {
      await requests.recordFulfillment(requestId, {
        status: 'fulfilled',
        detail: request.kind === 'extend' ? 'extended' : 'manual',
      });
      return { [request.kind === 'extend' ? 'extended' : 'manual']: true };
    }
    const grant = await this.tierGrant(app, request.tier);
    const byOkta = app.fulfillment === 'automatic' && grant?.grant !== 'ticket';
    const provider = byOkta ? connectors.okta : connectors.activeTicketing;
    if (!provider) {
      await requests.recordFulfillment(requestId, {
        status: 'failed',
        reason: byOkta
          ? 'No Okta connector is installed: add the Okta module and configure connectors.okta, then retry'
          : 'No ticketing system is active: install and configure Jira Service Management, Zendesk or e-mail (productivHome.ticketing), then retry',
      });
      return { failed: 'no provider' };
    }
    const replaced = request.fromTier
      ? await this.tierGrant(app, request.fromTier)
      : undefined;
    const approved = await this.approvedRequest(request, app, grant, replaced);
    // The audit-trail ticket is queued before Okta is called: an attempt
    // that grants always has one.
    if (byOkta)
      await this.deps.auditTrail?.opening(request, attemptOf(request));
    const result = await provider.fulfill(approved, {
      logger: logger.child({ requestId, provider: provider.id }),
      signal: ctx.signal,
      idempotencyKey: ctx.idempotencyKey,
    });
    await requests.recordFulfillment(requestId, asRecord(result, provider.id));
    return { provider: provider.id, status: result.status };
  }

  /** What a reclaim's ticket says; undefined when its change is gone. */
  private async describeReclaim(
    request: AccessRequest,
  ): Promise<ApprovedRequest | undefined> {
    const change = await this.deps.itChanges?.forRequest(request.id);
    if (!change) return undefined;
    return reclaimTicket(request, change, {
      contact: (await this.deps.people.contactOf?.(request.requester)) ?? {},
      link: this.requestLink(request.id),
    });
  }

  /**
   * A change license automation handed to IT: always a ticket (Okta could
   * not make it), in the active ticketing system.
   */
  private async runReclaim(
    request: AccessRequest,
    ctx: { signal: AbortSignal; idempotencyKey: string },
  ): Promise<JobJson> {
    const { requests, connectors, logger } = this.deps;
    const provider = connectors.activeTicketing;
    const approved = await this.describeReclaim(request);
    if (!provider || !approved) {
      await requests.recordFulfillment(request.id, {
        status: 'failed',
        reason: !provider
          ? 'No ticketing system is active to take the change license automation could not make in Okta: install and configure Jira Service Management, Zendesk or e-mail (productivHome.ticketing), then retry'
          : 'The change license automation handed to IT is no longer recorded',
      });
      return { failed: provider ? 'no change' : 'no provider' };
    }
    const result = await provider.fulfill(approved, {
      logger: logger.child({ requestId: request.id, provider: provider.id }),
      signal: ctx.signal,
      idempotencyKey: ctx.idempotencyKey,
    });
    await requests.recordFulfillment(request.id, asRecord(result, provider.id));
    return { provider: provider.id, status: result.status };
  }

  private requestLink(requestId: string): string {
    return `${this.deps.appBaseUrl}/productiv-home?tab=requests&request=${requestId}`;
  }

  private async runTicketCheck(
    job: Job,
    ctx: { signal: AbortSignal },
  ): Promise<JobJson> {
    const { provider: id, externalId } = job.payload as {
      provider: string;
      externalId: string;
    };
    const provider = this.deps.connectors.provider(id);
    if (!provider?.ticketStatus) return { skipped: 'no status check' };
    const status = await provider.ticketStatus(externalId, {
      logger: this.deps.logger,
      signal: ctx.signal,
    });
    await this.applyTicketStatus(provider, externalId, status);
    return { status: status.status, detail: status.detail ?? null };
  }

  private async applyTicketStatus(
    provider: FulfillmentProvider,
    externalId: string,
    status: TicketStatus,
  ) {
    if (status.status === 'open') return;
    const requestId = await this.deps.store.findByTicket(
      provider.id,
      externalId,
    );
    if (!requestId) {
      this.deps.logger.warn(
        `A ${provider.id} ticket ${externalId} changed, but no request waits on it`,
      );
      return;
    }
    await this.deps.requests.recordFulfillment(
      requestId,
      status.status === 'resolved'
        ? {
            status: 'fulfilled',
            provider: provider.id,
            detail:
              status.detail ?? `${provider.id} ticket ${externalId} resolved`,
          }
        : {
            status: 'failed',
            provider: provider.id,
            reason:
              status.detail ??
              `${provider.id} ticket ${externalId} was rejected`,
          },
    );
  }

  /** Everything a provider needs about the request. */
  private async approvedRequest(
    request: AccessRequest,
    app: HomeApp,
    grant: LinkedGrant | undefined,
    replaced?: LinkedGrant,
  ): Promise<ApprovedRequest> {
    const contact =
      (await this.deps.people.contactOf?.(request.requester)) ?? {};
    const okta =
      grant && grant.grant !== 'ticket'
        ? {
            appId: grant.instanceId,
            groupId: grant.grant === 'okta-group' ? grant.groupId : undefined,
          }
        : undefined;
    return {
      requestId: request.id,
      ...(request.kind === 'return' || request.kind === 'expire'
        ? { action: 'remove' as const }
        : {}),
      requesterRef: request.requester,
      requesterName: contact.name,
      requesterEmail: contact.email,
      appKey: app.appKey,
      appName: app.name,
      tier: request.tier,
      tierName: await this.tierName(app, request.tier),
      oktaGroupId: okta?.groupId,
      oktaAppId: okta?.appId,
      replaces: request.fromTier
        ? {
            tier: request.fromTier,
            oktaGroupId:
              replaced?.grant === 'okta-group' ? replaced.groupId : undefined,
          }
        : undefined,
      justification: request.justification,
      approvals: approvedBy(request),
      link: this.requestLink(request.id),
    };
  }

  private async tierName(app: HomeApp, tier: string): Promise<string> {
    try {
      if (this.deps.tiers)
        return await this.deps.tiers.tierName(app.appKey, tier);
    } catch (error) {
      this.deps.logger.warn(`Tier names unavailable: ${error}`);
    }
    return tierLabel(tier);
  }

  /**
   * How the tier is granted, from the app's Okta link. An automatic app
   * saved before links were explicit (and not migrated yet) falls back to
   * the rule those apps were made with: the inventory app of the same key.
   */
  private async tierGrant(
    app: HomeApp,
    tier: string,
  ): Promise<LinkedGrant | undefined> {
    let link = app.okta;
    if (!link && app.fulfillment === 'automatic' && this.deps.inventory) {
      const credentials = await this.deps.auth.getOwnServiceCredentials();
      link = linkByKeyMatch(
        app,
        await this.deps.inventory.listApps({ credentials }),
      );
    }
    const grant = link?.tiers.find(t => t.tier === tier);
    return grant && link
      ? { ...grant, instanceId: link.instanceId }
      : undefined;
  }
}
