import { LoggerService } from '@backstage/backend-plugin-api';
import {
  LicenseActionExecutor,
  LicenseChange,
} from '@internal/plugin-provisioning-workflows-node';
import { OktaGateway } from './OktaGateway';

function status(error: unknown): number | undefined {
  const e = error as { status?: number; statusCode?: number };
  return e?.status ?? e?.statusCode;
}

/**
 * Makes license changes in Okta: a downgrade adds the person to the new
 * tier's group, then removes them from the old one; a deprovision removes
 * them from the tier's group, or unassigns the app when it was assigned to
 * them directly. Every call is idempotent in Okta, so a retried change
 * never does anything twice.
 */
export class OktaLicenseExecutor implements LicenseActionExecutor {
  readonly id = 'okta';

  constructor(private readonly okta: OktaGateway) {}

  async execute(
    change: LicenseChange,
    _ctx: {
      logger: LoggerService;
      idempotencyKey: string;
      signal: AbortSignal;
    },
  ): Promise<
    { status: 'done'; detail: string } | { status: 'failed'; reason: string }
  > {
    const { groupApi, applicationApi } = this.okta.client;
    const userId = change.oktaUserId;
    try {
      if (change.action === 'downgrade') {
        if (!change.toGroupId) {
          return {
            status: 'failed',
            reason: `Tier ${change.toTier} has no Okta group; map it to one in the app's tiers or change the license by hand`,
          };
        }
        if (!change.fromGroupId) {
          return {
            status: 'failed',
            reason: 'The person holds no tier group to downgrade from',
          };
        }
        await groupApi.assignUserToGroup({ groupId: change.toGroupId, userId });
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
}
