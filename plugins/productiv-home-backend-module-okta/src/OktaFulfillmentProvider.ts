import { Config } from '@backstage/config';
import {
  ApprovedRequest,
  FulfillmentContext,
  FulfillmentProvider,
  FulfillmentResult,
} from '@internal/plugin-productiv-home-node';
import {
  createOktaConnection,
  OktaRequestExecutor,
} from '@internal/okta-connector';
import { Client, User } from '@okta/okta-sdk-nodejs';
import {
  ChangeNotVisibleError,
  first,
  httpStatus,
  OktaRefusal,
  refusalOf,
} from './oktaErrors';
import { OktaRemoval } from './OktaRemoval';

/**
 * Options of {@link OktaFulfillmentProvider.fromConfig}.
 *
 * @public
 */
export type OktaFulfillmentProviderOptions = {
  /** Longest wait for one Okta HTTP request. Default 15 seconds. */
  requestTimeoutMs?: number;
};

/**
 * Grants access through Okta: adds the requester to the tier's group (or
 * assigns the app when the tier has no group), then reads the membership
 * back; a license given back (`action: 'remove'`) is taken away the same
 * way (see {@link OktaRemoval}). Someone who already has it is left alone: no second write, so a
 * retried job (same `idempotencyKey`, perhaps on another replica) never
 * grants twice. Okta's errors keep their HTTP status and rate-limit headers,
 * so the job runner retries 429 and 5xx; the client (from the shared Okta
 * connector, packages/okta-connector) neither retries nor caches (its cache would
 * make the read-back see stale memberships), and paces calls by Okta's
 * rate-limit headers.
 *
 * @public
 */
export class OktaFulfillmentProvider implements FulfillmentProvider {
  readonly id = 'okta';
  readonly kind = 'access' as const;

  /** From `connectors.okta`; `undefined` when it is not configured. */
  static fromConfig(
    config: Config,
    options: OktaFulfillmentProviderOptions = {},
  ): OktaFulfillmentProvider | undefined {
    const okta = createOktaConnection(config, {
      scopes: ['okta.users.read', 'okta.groups.manage', 'okta.apps.manage'],
      requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    });
    if (!okta) return undefined;
    return new OktaFulfillmentProvider(okta);
  }

  private readonly client: Client;
  private readonly orgUrl: string;
  private readonly executor?: OktaRequestExecutor;
  private readonly removal: OktaRemoval;

  /**
   * `client` must not cache responses (`cacheMiddleware: null`). Pass the
   * `executor` it was built with so that calls honour the job's abort signal.
   */
  constructor(deps: {
    client: Client;
    orgUrl: string;
    executor?: OktaRequestExecutor;
  }) {
    this.client = deps.client;
    this.orgUrl = deps.orgUrl;
    this.executor = deps.executor;
    this.removal = new OktaRemoval(deps.client);
  }

  async fulfill(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    const run = () => this.grant(request, ctx);
    try {
      return await (this.executor
        ? this.executor.withSignal(ctx.signal, run)
        : run());
    } catch (error) {
      if (error instanceof OktaRefusal) {
        return { status: 'failed', reason: error.reason };
      }
      throw error;
    }
  }

  /** Lists one user: proves the URL, the credentials and read access. */
  async test(): Promise<string> {
    const someone = await first(
      this.client.userApi.listUsers({ limit: 1 }),
      () => true,
    );
    return `Connected to ${this.orgUrl}: ${
      someone
        ? 'users are readable'
        : 'the credentials work, but no user is visible to them'
    }`;
  }

  private async grant(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    const email = request.requesterEmail;
    if (!email) {
      return {
        status: 'failed',
        reason: `${request.requesterRef} has no e-mail in the catalog, so their Okta account cannot be found; add it, then retry`,
      };
    }
    const user = await refusalOf(
      `look up ${email}`,
      'check that the connector may read users (okta.users.read)',
      () => this.findUser(email),
    );
    const giveBack = request.action === 'remove';
    if (!user) {
      // Nothing in Okta to take away.
      if (giveBack) {
        return {
          status: 'fulfilled',
          detail: `${email} has no Okta account, so nothing was left to take away`,
        };
      }
      return {
        status: 'failed',
        reason: `${email} has no Okta account; create one (or fix the e-mail in the catalog), then retry`,
      };
    }
    if (giveBack) {
      return this.removal.giveBack(request, { id: user.id!, email }, ctx);
    }
    if (user.status === 'DEPROVISIONED') {
      return {
        status: 'failed',
        reason: `${email}'s Okta account is deactivated; reactivate it in Okta, then retry`,
      };
    }
    if (request.oktaGroupId) {
      const added = await this.addToGroup(
        user.id!,
        email,
        request.oktaGroupId,
        ctx,
      );
      const old = request.replaces?.oktaGroupId;
      if (added.status !== 'fulfilled' || !old || old === request.oktaGroupId)
        return added;
      // A tier change: the new tier is granted first (no gap), then the old
      // one taken away. Each step checks first, so a retry writes nothing twice.
      const removed = await this.removal.removeFromGroup(
        user.id!,
        email,
        old,
        ctx,
      );
      return {
        status: 'fulfilled',
        detail: `${added.detail}; ${
          removed
            ? `removed from Okta group ${old}`
            : `${email} was no longer in Okta group ${old}`
        }`,
      };
    }
    if (request.oktaAppId) {
      return this.assignApp(user.id!, email, request.oktaAppId, ctx);
    }
    return {
      status: 'failed',
      reason: `${request.appName} (${request.tier}) has no Okta group or app to grant; set the tier's group in the inventory or switch the app to ticket fulfillment, then retry`,
    };
  }

  /**
   * The person's Okta account: by e-mail, else by login (= e-mail). An
   * active account wins over a deactivated one with the same address.
   */
  private async findUser(email: string): Promise<User | undefined> {
    const quoted = email.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    let deactivated: User | undefined;
    const byEmail = await first(
      this.client.userApi.listUsers({
        search: `profile.email eq "${quoted}"`,
        limit: 10,
      }),
      u => {
        if (u.status !== 'DEPROVISIONED') return true;
        deactivated ??= u;
        return false;
      },
    );
    if (byEmail) return byEmail;
    try {
      return await this.client.userApi.getUser({ userId: email });
    } catch (error) {
      if (httpStatus(error) === 404) return deactivated;
      throw error;
    }
  }

  private async addToGroup(
    userId: string,
    email: string,
    groupId: string,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    if (await this.removal.isMember(userId, email, groupId)) {
      return {
        status: 'fulfilled',
        detail: `${email} was already a member of Okta group ${groupId}`,
      };
    }
    // A job that timed out must not write: its retry will.
    ctx.signal?.throwIfAborted();
    ctx.logger.info(
      `Adding ${email} to Okta group ${groupId} (job ${ctx.idempotencyKey})`,
    );
    await refusalOf(
      `add ${email} to group ${groupId}`,
      "check the tier's group in the inventory (it must be an Okta group) and that the connector may manage groups (okta.groups.manage)",
      () => this.client.groupApi.assignUserToGroup({ groupId, userId }),
    );
    if (!(await this.removal.isMember(userId, email, groupId))) {
      throw new ChangeNotVisibleError(
        `Okta accepted adding ${email} to group ${groupId}, but the membership is not visible yet`,
      );
    }
    return {
      status: 'fulfilled',
      detail: `${email} added to Okta group ${groupId}`,
    };
  }

  private async assignApp(
    userId: string,
    email: string,
    appId: string,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    // Covers assignments through a group too (scope GROUP).
    const assigned = () =>
      refusalOf(
        `read ${email}'s assignment to app ${appId}`,
        "check the tier's app in the inventory and that the connector may read apps (okta.apps.manage)",
        () =>
          this.client.applicationApi
            .getApplicationUser({ appId, userId })
            .then(() => true)
            .catch((error: unknown) => {
              if (httpStatus(error) !== 404) throw error;
              return false;
            }),
      );
    if (await assigned()) {
      return {
        status: 'fulfilled',
        detail: `${email} was already assigned to Okta app ${appId}`,
      };
    }
    ctx.signal?.throwIfAborted();
    ctx.logger.info(
      `Assigning Okta app ${appId} to ${email} (job ${ctx.idempotencyKey})`,
    );
    await refusalOf(
      `assign app ${appId} to ${email}`,
      "check the tier's app in the inventory and that the connector may manage apps (okta.apps.manage)",
      () =>
        this.client.applicationApi.assignUserToApplication({
          appId,
          appUser: { id: userId, scope: 'USER' },
        }),
    );
    if (!(await assigned())) {
      throw new ChangeNotVisibleError(
        `Okta accepted assigning app ${appId} to ${email}, but the assignment is not visible yet`,
      );
    }
    return {
      status: 'fulfilled',
      detail: `${email} assigned to Okta app ${appId}`,
    };
  }
}
