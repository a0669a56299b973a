import { Config } from '@backstage/config';
import {
  createOktaConnection,
  OktaRequestExecutor,
} from '@internal/okta-connector';
import { Client } from '@okta/okta-sdk-nodejs';

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
 * What the plugin reads from Okta, through the real SDK and the shared
 * connector (packages/okta-connector): paced by Okta's rate limits, with
 * no response cache (it would serve stale users). Reads answered 429 are
 * sent again after the reset (they change nothing); license changes are the
 * Okta module's, made in durable jobs.
 */
export class OktaGateway {
  static fromConfig(config: Config): OktaGateway | undefined {
    const okta = createOktaConnection(config, {
      scopes: [
        'okta.users.read',
        'okta.groups.read',
        'okta.apps.read',
        'okta.logs.read',
      ],
      requestTimeoutMs: 60_000,
      readRetries: 6,
    });
    return okta && new OktaGateway(okta.client, okta.executor);
  }

  constructor(
    readonly client: Client,
    readonly executor: OktaRequestExecutor,
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

  /**
   * Okta group membership changes published in [since, until), oldest
   * first: the System Log's `group.user_membership.add` and `.remove`
   * events (their User and UserGroup targets).
   */
  async readMembershipEvents(
    sinceMs: number,
    untilMs: number,
  ): Promise<MembershipEvent[]> {
    const out: MembershipEvent[] = [];
    for (const type of ['add', 'remove'] as const) {
      const events = await this.client.systemLogApi.listLogEvents({
        since: new Date(sinceMs).toISOString(),
        until: new Date(untilMs).toISOString(),
        filter: `eventType eq "group.user_membership.${type}"`,
        limit: 1000,
        sortOrder: 'ASCENDING',
      });
      for await (const e of events) {
        const user = e?.target?.find(t => t.type === 'User');
        const group = e?.target?.find(t => t.type === 'UserGroup');
        if (!e?.published || !user?.id || !group?.id) continue;
        if (e.outcome?.result && e.outcome.result !== 'SUCCESS') continue;
        out.push({
          type,
          oktaUserId: user.id,
          groupId: group.id,
          publishedMs: new Date(e.published).getTime(),
        });
      }
    }
    return out.sort((a, b) => a.publishedMs - b.publishedMs);
  }
}

/** A change of an Okta group's members, from the System Log. */
export type MembershipEvent = {
  type: 'add' | 'remove';
  oktaUserId: string;
  groupId: string;
  publishedMs: number;
};
