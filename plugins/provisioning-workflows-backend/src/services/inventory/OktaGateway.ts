import { Config } from '@backstage/config';
import { Client } from '@okta/okta-sdk-nodejs';
import { PacedRequestExecutor } from './PacedRequestExecutor';

export type OktaPerson = {
  id: string;
  status: string;
  login: string;
  email: string;
  displayName: string;
  title?: string;
  department?: string;
  managerId?: string;
  /** When the account was created (epoch ms): the hire date for new-hire exemptions. */
  createdMs?: number;
};

export type OktaAppInfo = {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode?: string;
};

export type SsoEvent = {
  uuid: string;
  publishedMs: number;
  oktaUserId: string;
  instanceId: string;
};

/**
 * What the plugin reads from Okta, through the real SDK. One instance per
 * backend; the response cache of the SDK is off (it would serve stale users).
 */
export class OktaGateway {
  static fromConfig(config: Config): OktaGateway | undefined {
    const okta = config.getOptionalConfig('connectors.okta');
    if (!okta) return undefined;
    const executor = new PacedRequestExecutor({
      maxRetries: 6,
      requestTimeoutMs: 60_000,
    });
    const orgUrl = okta.getString('orgUrl');
    const oauth = okta.getOptionalConfig('oauth');
    const client = oauth
      ? new Client({
          orgUrl,
          authorizationMode: 'PrivateKey',
          clientId: oauth.getString('clientId'),
          keyId: oauth.getOptionalString('keyId'),
          privateKey: oauth.getString('privateKey'),
          scopes: [
            'okta.users.read',
            'okta.groups.read',
            'okta.apps.read',
            'okta.logs.read',
            // License changes made by workflows.
            'okta.groups.manage',
            'okta.apps.manage',
          ],
          cacheMiddleware: null,
          requestExecutor: executor,
        })
      : new Client({
          orgUrl,
          token: okta.getString('token'),
          cacheMiddleware: null,
          requestExecutor: executor,
        });
    return new OktaGateway(client, executor);
  }

  constructor(
    readonly client: Client,
    readonly executor: PacedRequestExecutor,
  ) {}

  async *listUsers(): AsyncGenerator<OktaPerson> {
    // The default listing leaves deprovisioned people out; they are listed separately.
    for (const search of [undefined, 'status eq "DEPROVISIONED"']) {
      for await (const u of await this.client.userApi.listUsers({
        limit: 200,
        ...(search ? { search } : {}),
      })) {
        if (!u?.id || !u.profile) continue;
        yield {
          id: u.id,
          status: String(u.status),
          login: u.profile.login ?? '',
          email: u.profile.email ?? u.profile.login ?? '',
          displayName:
            u.profile.displayName ??
            [u.profile.firstName, u.profile.lastName].filter(Boolean).join(' '),
          title: u.profile.title ?? undefined,
          department: u.profile.department ?? undefined,
          managerId: u.profile.managerId ?? undefined,
          createdMs: u.created ? new Date(u.created).getTime() : undefined,
        };
      }
    }
  }

  async *listApps(): AsyncGenerator<OktaAppInfo> {
    for await (const a of await this.client.applicationApi.listApplications({
      limit: 200,
    })) {
      if (!a?.id) continue;
      const app = a as typeof a & { name?: string };
      yield {
        id: a.id,
        name: app.name ?? a.label ?? a.id,
        label: a.label ?? a.id,
        status: String(a.status),
        signOnMode: a.signOnMode ? String(a.signOnMode) : undefined,
      };
    }
  }

  async listAppGroups(
    appId: string,
  ): Promise<Array<{ id: string; priority: number }>> {
    const out = [];
    for await (const g of await this.client.applicationApi.listApplicationGroupAssignments(
      { appId, limit: 200 },
    )) {
      if (g?.id) out.push({ id: g.id, priority: g.priority ?? 0 });
    }
    return out;
  }

  async getGroupName(groupId: string): Promise<string> {
    const g = await this.client.groupApi.getGroup({ groupId });
    return g.profile?.name ?? groupId;
  }

  async listGroupMembers(groupId: string): Promise<string[]> {
    const out = [];
    for await (const u of await this.client.groupApi.listGroupUsers({
      groupId,
      limit: 1000,
    })) {
      if (u?.id) out.push(u.id);
    }
    return out;
  }

  async listAppUsers(
    appId: string,
  ): Promise<
    Array<{ id: string; scope: 'USER' | 'GROUP'; createdMs?: number }>
  > {
    const out: Array<{
      id: string;
      scope: 'USER' | 'GROUP';
      createdMs?: number;
    }> = [];
    for await (const u of await this.client.applicationApi.listApplicationUsers(
      { appId, limit: 500 },
    )) {
      if (u?.id)
        out.push({
          id: u.id,
          scope: u.scope === 'GROUP' ? 'GROUP' : 'USER',
          createdMs: u.created ? new Date(u.created).getTime() : undefined,
        });
    }
    return out;
  }

  /** SSO events published in [since, until): a bounded query, so paging ends. */
  async *readSsoEvents(
    sinceMs: number,
    untilMs: number,
  ): AsyncGenerator<SsoEvent> {
    const events = await this.client.systemLogApi.listLogEvents({
      since: new Date(sinceMs).toISOString(),
      until: new Date(untilMs).toISOString(),
      filter: 'eventType eq "user.authentication.sso"',
      limit: 1000,
      sortOrder: 'ASCENDING',
    });
    for await (const e of events) {
      if (!e?.uuid || !e.published || !e.actor?.id) continue;
      const instance = e.target?.find(t => t.type === 'AppInstance');
      if (!instance?.id) continue;
      yield {
        uuid: e.uuid,
        publishedMs: new Date(e.published).getTime(),
        oktaUserId: e.actor.id,
        instanceId: instance.id,
      };
    }
  }
}
