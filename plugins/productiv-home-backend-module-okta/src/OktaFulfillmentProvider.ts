import { Config } from '@backstage/config';
import {
  ApprovedRequest,
  FulfillmentContext,
  FulfillmentProvider,
  FulfillmentResult,
} from '@internal/plugin-productiv-home-node';
import { Client, RequestExecutor } from '@okta/okta-sdk-nodejs';

/** Okta answered, but the change is not visible yet: worth another try. */
class NotVisibleYet extends Error {
  readonly status = 503;
  constructor(message: string) {
    super(message);
    this.name = 'NotVisibleYet';
  }
}

async function first<T>(
  collection: Promise<AsyncIterable<T | null>>,
  predicate: (item: T) => boolean,
): Promise<T | undefined> {
  for await (const item of await collection) {
    if (item && predicate(item)) return item;
  }
  return undefined;
}

/**
 * Grants access through Okta: adds the requester to the tier's group (or
 * assigns the app when the tier has no group), then reads the membership
 * back. Someone who already has it is left alone: no second write. Okta's
 * errors keep their HTTP status and rate-limit headers, so the job runner
 * retries 429 and 5xx; the SDK itself does not retry and does not cache.
 */
export class OktaFulfillmentProvider implements FulfillmentProvider {
  readonly id = 'okta';
  readonly kind = 'access' as const;

  static fromConfig(config: Config): OktaFulfillmentProvider | undefined {
    const okta = config.getOptionalConfig('connectors.okta');
    if (!okta) return undefined;
    const orgUrl = okta.getString('orgUrl');
    const oauth = okta.getOptionalConfig('oauth');
    // Retries belong to the durable job, which survives restarts.
    const requestExecutor = new RequestExecutor();
    const client = oauth
      ? new Client({
          orgUrl,
          authorizationMode: 'PrivateKey',
          clientId: oauth.getString('clientId'),
          keyId: oauth.getOptionalString('keyId'),
          privateKey: oauth.getString('privateKey'),
          scopes: ['okta.users.read', 'okta.groups.manage', 'okta.apps.manage'],
          cacheMiddleware: null,
          requestExecutor,
        })
      : new Client({
          orgUrl,
          token: okta.getString('token'),
          cacheMiddleware: null,
          requestExecutor,
        });
    return new OktaFulfillmentProvider(client, orgUrl);
  }

  constructor(
    private readonly client: Client,
    private readonly orgUrl: string,
  ) {}

  async fulfill(
    request: ApprovedRequest,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    const email = request.requesterEmail;
    if (!email) {
      return {
        status: 'failed',
        reason: `${request.requesterRef} has no e-mail in the catalog, so their Okta account cannot be found`,
      };
    }
    const user = await this.findUser(email);
    if (!user) {
      return {
        status: 'failed',
        reason: `${email} has no Okta account; create one (or fix the e-mail in the catalog), then retry`,
      };
    }
    if (request.oktaGroupId) {
      return this.addToGroup(user.id!, email, request.oktaGroupId, ctx);
    }
    if (request.oktaAppId) {
      return this.assignApp(user.id!, email, request.oktaAppId, ctx);
    }
    return {
      status: 'failed',
      reason: `${request.appName} (${request.tier}) has no Okta group or app to grant; set its tiers in the inventory or use ticket fulfillment`,
    };
  }

  async test(): Promise<string> {
    const someone = await first(
      this.client.userApi.listUsers({ limit: 1 }),
      () => true,
    );
    return `Connected to ${this.orgUrl}${
      someone ? '; users are readable' : '; no user is visible to this token'
    }`;
  }

  /** The person's Okta account: by e-mail, else by login. */
  private async findUser(email: string) {
    const quoted = email.replace(/"/g, '\\"');
    const byEmail = await first(
      this.client.userApi.listUsers({
        search: `profile.email eq "${quoted}"`,
        limit: 10,
      }),
      u => u.status !== 'DEPROVISIONED',
    );
    if (byEmail) return byEmail;
    try {
      const byLogin = await this.client.userApi.getUser({ userId: email });
      return byLogin.status === 'DEPROVISIONED' ? undefined : byLogin;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  private async isMember(userId: string, groupId: string) {
    return Boolean(
      await first(this.client.userApi.listUserGroups({ userId }), g =>
        Boolean(g.id === groupId),
      ),
    );
  }

  private async addToGroup(
    userId: string,
    email: string,
    groupId: string,
    ctx: FulfillmentContext,
  ): Promise<FulfillmentResult> {
    if (await this.isMember(userId, groupId)) {
      return {
        status: 'fulfilled',
        detail: `${email} was already in Okta group ${groupId}`,
      };
    }
    ctx.logger.info(`Adding ${email} to Okta group ${groupId}`);
    await this.client.groupApi.assignUserToGroup({ groupId, userId });
    if (!(await this.isMember(userId, groupId))) {
      throw new NotVisibleYet(
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
    const assigned = () =>
      this.client.applicationApi
        .getApplicationUser({ appId, userId })
        .then(() => true)
        .catch((error: { status?: number }) => {
          if (error.status === 404) return false;
          throw error;
        });
    if (await assigned()) {
      return {
        status: 'fulfilled',
        detail: `${email} was already assigned to Okta app ${appId}`,
      };
    }
    ctx.logger.info(`Assigning Okta app ${appId} to ${email}`);
    await this.client.applicationApi.assignUserToApplication({
      appId,
      appUser: { id: userId, scope: 'USER' },
    });
    if (!(await assigned())) {
      throw new NotVisibleYet(
        `Okta accepted assigning app ${appId} to ${email}, but the assignment is not visible yet`,
      );
    }
    return {
      status: 'fulfilled',
      detail: `${email} assigned to Okta app ${appId}`,
    };
  }
}
