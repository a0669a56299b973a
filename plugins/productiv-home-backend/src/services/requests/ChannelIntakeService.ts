import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AccessRequest,
  CatalogAppTiers,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import {
  ACCESS_DAYS_OPTIONS,
  ChannelAwaitingRequest,
  ChannelIntake,
  ChannelIntakeField,
  ChannelRequestableApp,
  ChannelSubmitResult,
} from '@internal/plugin-productiv-home-node';
import { tierLabel } from '../access/AccessService';
import { personName } from './messages';
import { NO_APPROVER_MESSAGE } from './ApproverResolver';
import { PeopleDirectory } from './types';

/** The errors with which the intake refuses a request (anything else is a failure). */
const REFUSALS = new Set(['InputError', 'ConflictError', 'NotFoundError']);

/**
 * The field of the request form a refusal of the intake is about: the app
 * (not offered, nobody to approve it), the tier (held, asked for already,
 * unknown) or the justification (required).
 */
export function refusalField(error: Error): ChannelIntakeField {
  if (error.name === 'NotFoundError') return 'app';
  if (error.message === NO_APPROVER_MESSAGE) return 'app';
  if (/justification/i.test(error.message)) return 'justification';
  return 'tier';
}

/**
 * {@link ChannelIntake} for the approval channels: requests go through the
 * same intake use case as `POST /requests` (so the same rules), as the
 * person the channel identified; each is audited as `request-create` with
 * the channel in `via`, refusals included. The permission policy is not
 * asked: the channel holds no Backstage credentials of the person (see the
 * Slack module's README).
 */
export class ChannelIntakeService implements ChannelIntake {
  constructor(
    private readonly deps: {
      submit(
        input: {
          appKey: string;
          tier: string;
          justification?: string;
          accessDays?: number;
        },
        options: { requester: string },
      ): Promise<AccessRequest>;
      apps: { listApps(): Promise<HomeApp[]> };
      /** Tiers by name and price (AccessService), and what a person holds. */
      access?: {
        catalogTiers(): Promise<CatalogAppTiers[]>;
        holdingOf(
          app: HomeApp,
          userRef: string,
        ): Promise<{ tier: string; tierName: string } | undefined>;
      };
      settings: () => Promise<HomeSettings>;
      awaiting: (approver: string) => Promise<AccessRequest[]>;
      /** A request by id; throws NotFoundError for an unknown one. */
      getRequest: (id: string) => Promise<AccessRequest>;
      people: PeopleDirectory;
      auditor: AuditorService;
      appBaseUrl: string;
      logger: LoggerService;
    },
  ) {}

  private async tiers(): Promise<CatalogAppTiers[]> {
    try {
      return (await this.deps.access?.catalogTiers()) ?? [];
    } catch (error) {
      this.deps.logger.warn(`Tier details unavailable: ${error}`);
      return [];
    }
  }

  private async held(app: HomeApp, requesterRef: string) {
    try {
      const holding = await this.deps.access?.holdingOf(app, requesterRef);
      return holding?.tier
        ? { tier: holding.tier, tierName: holding.tierName }
        : undefined;
    } catch {
      // The inventory cannot say: the form shows no holding.
      return undefined;
    }
  }

  private async offer(
    app: HomeApp,
    requesterRef: string,
    tiers: CatalogAppTiers[],
    withHolding: boolean,
  ): Promise<ChannelRequestableApp> {
    const known = tiers.find(t => t.appKey === app.appKey)?.tiers;
    const held = withHolding ? await this.held(app, requesterRef) : undefined;
    return {
      appKey: app.appKey,
      name: app.name,
      ...(app.description ? { description: app.description } : {}),
      tiers: known?.length
        ? known.map(t => ({
            tier: t.tier,
            displayName: t.displayName,
            ...(t.description ? { description: t.description } : {}),
            ...(t.monthlyPrice !== undefined
              ? { monthlyPrice: t.monthlyPrice }
              : {}),
          }))
        : app.tiers.map(tier => ({ tier, displayName: tierLabel(tier) })),
      ...(held ? { held } : {}),
    };
  }

  async searchApps(input: { requesterRef: string; search?: string }) {
    const words = (input.search ?? '')
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean);
    const apps = (await this.deps.apps.listApps())
      .filter(a =>
        words.every(
          w =>
            a.name.toLowerCase().includes(w) ||
            a.appKey.toLowerCase().includes(w),
        ),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const tiers = await this.tiers();
    return Promise.all(
      apps.map(a => this.offer(a, input.requesterRef, tiers, false)),
    );
  }

  async getApp(input: { requesterRef: string; appKey: string }) {
    const app = (await this.deps.apps.listApps()).find(
      a => a.appKey === input.appKey,
    );
    return app
      ? this.offer(app, input.requesterRef, await this.tiers(), true)
      : undefined;
  }

  async justificationRequired() {
    return (await this.deps.settings()).justificationRequired;
  }

  async submit(
    input: Parameters<ChannelIntake['submit']>[0],
  ): Promise<ChannelSubmitResult> {
    const event = await this.deps.auditor.createEvent({
      eventId: 'request-create',
      severityLevel: 'medium',
      meta: {
        appKey: input.appKey,
        tier: input.tier,
        requester: input.requesterRef,
        via: input.via,
        ...(input.accessDays ? { accessDays: String(input.accessDays) } : {}),
      },
    });
    const refuse = async (
      field: ChannelIntakeField,
      error: Error,
    ): Promise<ChannelSubmitResult> => {
      await event.fail({ error });
      return { created: false, field, message: error.message };
    };
    if (
      input.accessDays !== undefined &&
      !(ACCESS_DAYS_OPTIONS as readonly number[]).includes(input.accessDays)
    ) {
      return refuse(
        'accessDays',
        new InputError(
          `Access lasts ${ACCESS_DAYS_OPTIONS.join(
            ', ',
          )} days, or is permanent`,
        ),
      );
    }
    try {
      const request = await this.deps.submit(
        {
          appKey: input.appKey,
          tier: input.tier,
          justification: input.justification,
          ...(input.accessDays ? { accessDays: input.accessDays } : {}),
        },
        { requester: input.requesterRef },
      );
      await event.success({ meta: { requestId: request.id } });
      return {
        created: true,
        requestId: request.id,
        status: request.status,
        ...(request.level ? { level: request.level } : {}),
      };
    } catch (error) {
      const e = error as Error;
      if (!REFUSALS.has(e.name)) {
        await event.fail({ error: e });
        throw error;
      }
      return refuse(refusalField(e), e);
    }
  }

  async listAwaiting(approverRef: string): Promise<ChannelAwaitingRequest[]> {
    const items = await this.summaries(await this.deps.awaiting(approverRef));
    return items.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  async describe(requestIds: string[]): Promise<ChannelAwaitingRequest[]> {
    const found = await Promise.all(
      requestIds.map(id => this.deps.getRequest(id).catch(() => undefined)),
    );
    return this.summaries(found.filter((r): r is AccessRequest => Boolean(r)));
  }

  private async summaries(
    requests: AccessRequest[],
  ): Promise<ChannelAwaitingRequest[]> {
    const [apps, tiers] = await Promise.all([
      this.deps.apps.listApps(),
      this.tiers(),
    ]);
    const tierName = (appKey: string, tier: string) =>
      tiers.find(t => t.appKey === appKey)?.tiers.find(t => t.tier === tier)
        ?.displayName ?? tierLabel(tier);
    return Promise.all(
      requests.map(
        async (r): Promise<ChannelAwaitingRequest> => ({
          requestId: r.id,
          level: r.level ?? 1,
          requesterName: await personName(this.deps.people, r.requester),
          appName: apps.find(a => a.appKey === r.appKey)?.name ?? r.appKey,
          tierName: tierName(r.appKey, r.tier),
          ...(r.fromTier
            ? { fromTierName: tierName(r.appKey, r.fromTier) }
            : {}),
          requestedAt: r.createdAt,
          ...(r.accessDays ? { accessDays: r.accessDays } : {}),
          link: `${this.deps.appBaseUrl}/productiv-home?tab=requests&request=${r.id}`,
        }),
      ),
    );
  }
}
