import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { createOktaConnection, OktaConnection } from '@internal/okta-connector';
import {
  LicenseActionExecutor,
  LicenseActionOutcome,
  LicenseChange,
} from '@internal/plugin-provisioning-workflows-node';

function status(error: unknown): number | undefined {
  const e = error as { status?: number; statusCode?: number };
  return e?.status ?? e?.statusCode;
}

type Outcome = LicenseActionOutcome;

/**
 * The Okta feature that deactivates a person in the app when they are
 * unassigned: without it, Okta only signs people in, and taking the app
 * away in Okta leaves the license in the app.
 */
const DEPROVISIONING = 'PUSH_USER_DEACTIVATION';
/** How long an app's features are trusted (they change when an admin sets up provisioning). */
const FEATURES_TTL_MS = 5 * 60_000;

/**
 * Makes license changes in Okta: a downgrade adds the person to the new
 * tier's group, then removes them from the old one; a deprovision removes
 * them from the tier's group, or unassigns the app when it was assigned to
 * them directly. What Okta cannot change is answered `needs-ticket`, and
 * IT is asked: a downgrade to a tier without an Okta group, and a
 * deprovision in an app Okta does not provision (no user deactivation
 * among the app's features). Every call is idempotent in Okta, so a retried change
 * never does anything twice. Calls are paced by Okta's rate limits and end
 * with the job's signal; nothing is sent twice here: a 429, a 5xx or a
 * timeout is thrown for the job to retry.
 *
 * @public
 */
export class OktaLicenseExecutor implements LicenseActionExecutor {
  readonly id = 'okta';

  /** From `connectors.okta`; `undefined` when it is not configured. */
  static fromConfig(
    config: Config,
    options: { requestTimeoutMs?: number } = {},
  ): OktaLicenseExecutor | undefined {
    const okta = createOktaConnection(config, {
      scopes: ['okta.groups.manage', 'okta.apps.manage'],
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    });
    return okta && new OktaLicenseExecutor(okta);
  }

  private readonly features = new Map<
    string,
    { at: number; features: Promise<string[]> }
  >();

  constructor(
    private readonly okta: Pick<OktaConnection, 'client' | 'executor'>,
  ) {}

  /** The app's provisioning features, read once per few minutes. */
  private featuresOf(appId: string): Promise<string[]> {
    const known = this.features.get(appId);
    if (known && Date.now() - known.at < FEATURES_TTL_MS) return known.features;
    const features = this.okta.client.applicationApi
      .getApplication({ appId })
      .then(app => (app.features ?? []) as string[]);
    // A failed read is not kept: the next change reads again.
    features.catch(() => this.features.delete(appId));
    this.features.set(appId, { at: Date.now(), features });
    return features;
  }

  async execute(
    change: LicenseChange,
    ctx: {
      logger: LoggerService;
      idempotencyKey: string;
      signal: AbortSignal;
    },
  ): Promise<Outcome> {
    return this.guarded(ctx.signal, () => this.change(change, ctx.signal));
  }

  /**
   * Gives back what a change took (see {@link LicenseActionExecutor.restore}):
   * reads first and writes only what is missing, so a retried restore never
   * writes twice.
   */
  async restore(
    change: LicenseChange,
    ctx: {
      logger: LoggerService;
      idempotencyKey: string;
      signal: AbortSignal;
    },
  ): Promise<Outcome> {
    return this.guarded(ctx.signal, () => this.giveBack(change, ctx.signal));
  }

  /** Okta's refusals as final outcomes; 429, 5xx and timeouts thrown for a retry. */
  private async guarded(
    signal: AbortSignal,
    call: () => Promise<Outcome>,
  ): Promise<Outcome> {
    try {
      return await this.okta.executor.withSignal(signal, call);
    } catch (error) {
      const code = status(error);
      if (code === 403 || code === 400) {
        return {
          status: 'failed',
          reason: `Okta refused the change (${code}): ${
            (error as Error).message
          }`,
        };
      }
      if (code === 404) {
        return {
          status: 'failed',
          reason: `Okta does not know the user, group or app any more: ${
            (error as Error).message
          }`,
        };
      }
      throw error;
    }
  }

  private async change(
    change: LicenseChange,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const { groupApi, applicationApi } = this.okta.client;
    const userId = change.oktaUserId;
    if (change.action === 'downgrade') {
      if (!change.toGroupId) {
        return {
          status: 'needs-ticket',
          reason: `${
            change.toTierName ?? change.toTier
          } has no Okta group, so Okta cannot move anyone to it`,
        };
      }
      if (!change.fromGroupId) {
        return {
          status: 'failed',
          reason: 'The person holds no tier group to downgrade from',
        };
      }
      await groupApi.assignUserToGroup({ groupId: change.toGroupId, userId });
      // A job that timed out must not go on writing: its retry will.
      signal.throwIfAborted();
      await groupApi.unassignUserFromGroup({
        groupId: change.fromGroupId,
        userId,
      });
      return {
        status: 'done',
        detail: `Moved from group ${change.fromGroupId} to ${change.toGroupId}`,
      };
    }
    if (!(await this.featuresOf(change.instanceId)).includes(DEPROVISIONING)) {
      return {
        status: 'needs-ticket',
        reason:
          'Okta does not provision this app, so removing it in Okta would leave the license in the app',
      };
    }
    signal.throwIfAborted();
    if (change.scope === 'GROUP' && change.fromGroupId) {
      await groupApi.unassignUserFromGroup({
        groupId: change.fromGroupId,
        userId,
      });
      return {
        status: 'done',
        detail: `Removed from group ${change.fromGroupId}`,
      };
    }
    try {
      await applicationApi.unassignUserFromApplication({
        appId: change.instanceId,
        userId,
      });
    } catch (error) {
      // Already unassigned (a retry after a lost answer): the change holds.
      if (status(error) !== 404) throw error;
    }
    return { status: 'done', detail: 'Unassigned from the app' };
  }

  private async inGroup(userId: string, groupId: string): Promise<boolean> {
    const groups = await this.okta.client.userApi.listUserGroups({ userId });
    for await (const g of groups) if (g?.id === groupId) return true;
    return false;
  }

  private async giveBack(
    change: LicenseChange,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const { groupApi, applicationApi } = this.okta.client;
    const userId = change.oktaUserId;
    const tier = change.fromTierName ?? change.fromTier ?? 'the license';
    if (change.action === 'downgrade') {
      if (!change.fromGroupId) {
        return {
          status: 'needs-ticket',
          reason: `${tier} has no Okta group, so Okta cannot give it back`,
        };
      }
      if (!(await this.inGroup(userId, change.fromGroupId))) {
        signal.throwIfAborted();
        await groupApi.assignUserToGroup({
          groupId: change.fromGroupId,
          userId,
        });
      }
      if (change.toGroupId && (await this.inGroup(userId, change.toGroupId))) {
        signal.throwIfAborted();
        await groupApi.unassignUserFromGroup({
          groupId: change.toGroupId,
          userId,
        });
      }
      return {
        status: 'done',
        detail: `Back in group ${change.fromGroupId}`,
      };
    }
    if (!(await this.featuresOf(change.instanceId)).includes(DEPROVISIONING)) {
      return {
        status: 'needs-ticket',
        reason:
          'Okta does not provision this app, so assigning it in Okta would not give the license back in the app',
      };
    }
    if (change.scope === 'GROUP' && change.fromGroupId) {
      if (!(await this.inGroup(userId, change.fromGroupId))) {
        signal.throwIfAborted();
        await groupApi.assignUserToGroup({
          groupId: change.fromGroupId,
          userId,
        });
      }
      return {
        status: 'done',
        detail: `Back in group ${change.fromGroupId}`,
      };
    }
    try {
      await applicationApi.getApplicationUser({
        appId: change.instanceId,
        userId,
      });
      return { status: 'done', detail: 'Assigned to the app already' };
    } catch (error) {
      if (status(error) !== 404) throw error;
    }
    signal.throwIfAborted();
    await applicationApi.assignUserToApplication({
      appId: change.instanceId,
      appUser: { id: userId },
    });
    return { status: 'done', detail: 'Assigned to the app again' };
  }
}
