import {
  ApprovedRequest,
  FulfillmentContext,
  FulfillmentResult,
} from '@internal/plugin-productiv-home-node';
import { Client } from '@okta/okta-sdk-nodejs';
import {
  ChangeNotVisibleError,
  first,
  httpStatus,
  refusalOf,
} from './oktaErrors';

/**
 * Takes access away in Okta: out of a tier's group (a tier change's old
 * tier, or a license given back) or the app unassigned. Each step reads
 * first and writes only when there is something to take away, then reads
 * back, so a retried job (same `idempotencyKey`) never writes twice.
 */
export class OktaRemoval {
  constructor(private readonly client: Client) {}

  async isMember(
    userId: string,
    email: string,
    groupId: string,
  ): Promise<boolean> {
    const group = await refusalOf(
      `list ${email}'s groups`,
      'check that the connector may read groups (okta.groups.manage)',
      () =>
        first(
          this.client.userApi.listUserGroups({ userId }),
          g => g.id === groupId,
        ),
    );
    return Boolean(group);
  }

  /** A license given back: the tier's group left, or the app unassigned. */
  async giveBack(
    request: ApprovedRequest,
    user: { id: string; email: string },
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    const { id, email } = user;
    if (request.oktaGroupId) {
      const removed = await this.removeFromGroup(
        id,
        email,
        request.oktaGroupId,
        ctx,
      );
      return {
        status: 'fulfilled',
        detail: removed
          ? `${email} removed from Okta group ${request.oktaGroupId}`
          : `${email} was no longer in Okta group ${request.oktaGroupId}`,
      };
    }
    if (request.oktaAppId) {
      return this.unassignApp(id, email, request, ctx);
    }
    return {
      status: 'failed',
      reason: `${request.appName} (${request.tier}) has no Okta group or app to take away; set the tier's group in the inventory or switch the app to ticket fulfillment, then retry`,
    };
  }

  /** Takes the person out of a group; whether it had to. */
  async removeFromGroup(
    userId: string,
    email: string,
    groupId: string,
    ctx: FulfillmentContext,
  ): Promise<boolean> {
    if (!(await this.isMember(userId, email, groupId))) return false;
    // A job that timed out must not write: its retry will.
    ctx.signal?.throwIfAborted();
    ctx.logger.info(
      `Removing ${email} from Okta group ${groupId} (job ${ctx.idempotencyKey})`,
    );
    await refusalOf(
      `remove ${email} from group ${groupId}`,
      'check that the connector may manage groups (okta.groups.manage)',
      () => this.client.groupApi.unassignUserFromGroup({ groupId, userId }),
    );
    if (await this.isMember(userId, email, groupId)) {
      throw new ChangeNotVisibleError(
        `Okta accepted removing ${email} from group ${groupId}, but the membership is still visible`,
      );
    }
    return true;
  }

  /** The person's own assignment of the app, or how they have it otherwise. */
  private async assignment(
    userId: string,
    email: string,
    appId: string,
  ): Promise<'none' | 'user' | 'group'> {
    return refusalOf(
      `read ${email}'s assignment to app ${appId}`,
      "check the tier's app in the inventory and that the connector may read apps (okta.apps.manage)",
      () =>
        this.client.applicationApi
          .getApplicationUser({ appId, userId })
          .then((au): 'user' | 'group' =>
            au.scope === 'GROUP' ? 'group' : 'user',
          )
          .catch((error: unknown): 'none' => {
            if (httpStatus(error) !== 404) throw error;
            return 'none';
          }),
    );
  }

  private async unassignApp(
    userId: string,
    email: string,
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    const appId = request.oktaAppId!;
    const before = await this.assignment(userId, email, appId);
    if (before === 'none') {
      return {
        status: 'fulfilled',
        detail: `${email} was no longer assigned to Okta app ${appId}`,
      };
    }
    if (before === 'group') {
      // Unassigning would not take it away: a group grants it.
      return {
        status: 'failed',
        reason: `${email} has ${request.appName} through an Okta group, not an assignment of their own; remove them from that group in Okta (or set the tier's group in the inventory), then retry`,
      };
    }
    ctx.signal?.throwIfAborted();
    ctx.logger.info(
      `Unassigning Okta app ${appId} from ${email} (job ${ctx.idempotencyKey})`,
    );
    await refusalOf(
      `unassign app ${appId} from ${email}`,
      "check the tier's app in the inventory and that the connector may manage apps (okta.apps.manage)",
      () =>
        this.client.applicationApi.unassignUserFromApplication({
          appId,
          userId,
        }),
    );
    if ((await this.assignment(userId, email, appId)) !== 'none') {
      throw new ChangeNotVisibleError(
        `Okta accepted unassigning app ${appId} from ${email}, but the assignment is still visible`,
      );
    }
    return {
      status: 'fulfilled',
      detail: `${email} unassigned from Okta app ${appId}`,
    };
  }
}
