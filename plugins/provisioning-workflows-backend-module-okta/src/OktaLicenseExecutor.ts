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
 * Makes license changes in Okta: a downgrade adds the person to the new
 * tier's group, then removes them from the old one; a deprovision removes
 * them from the tier's group, or unassigns the app when it was assigned to
 * them directly. A downgrade to a tier without an Okta group is not
 * Okta's to make: it answers `needs-ticket`, and IT is asked. Every call is idempotent in Okta, so a retried change
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

  constructor(
    private readonly okta: Pick<OktaConnection, 'client' | 'executor'>,
  ) {}

  async execute(
    change: LicenseChange,
    ctx: {
      logger: LoggerService;
      idempotencyKey: string;
      signal: AbortSignal;
    },
  ): Promise<Outcome> {
    try {
      return await this.okta.executor.withSignal(ctx.signal, () =>
        this.change(change, ctx.signal),
      );
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
}
