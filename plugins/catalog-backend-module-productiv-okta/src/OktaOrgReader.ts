import { OktaConnection } from '@internal/okta-connector';
import { Group, User } from '@okta/okta-sdk-nodejs';
import { OktaOrg } from './buildOrgEntities';

/** What to read: the searches, and whether to leave out app groups. */
export type OktaOrgReaderOptions = {
  userFilter?: string;
  groupFilter?: string;
  excludeAppGroups: boolean;
};

async function all<T>(
  collection: Promise<AsyncIterable<T | null | undefined>>,
): Promise<T[]> {
  const items: T[] = [];
  for await (const item of await collection) if (item) items.push(item);
  return items;
}

/**
 * Reads the users, groups and memberships of the Okta org through the
 * real SDK and the shared connector (paced by Okta's rate limits; reads
 * answered 429 sent again after the reset). Pages are followed to the end;
 * any failure throws, so a partial read is never taken for the org.
 */
export class OktaOrgReader {
  constructor(
    private readonly okta: Pick<OktaConnection, 'client' | 'executor'>,
    private readonly options: OktaOrgReaderOptions,
  ) {}

  /** The whole org; every request is aborted with `signal`. */
  read(signal?: AbortSignal): Promise<OktaOrg> {
    return this.okta.executor.withSignal(signal, () => this.readAll());
  }

  private async readAll(): Promise<OktaOrg> {
    const { client } = this.okta;
    const { userFilter, groupFilter } = this.options;
    const users = await all<User>(
      client.userApi.listUsers({
        limit: 200,
        ...(userFilter ? { search: userFilter } : {}),
      }),
    );
    const appGroups = this.options.excludeAppGroups
      ? await this.appGroupIds()
      : new Set<string>();
    const groups = (
      await all<Group>(
        client.groupApi.listGroups({
          limit: 200,
          ...(groupFilter ? { search: groupFilter } : {}),
        }),
      )
    ).filter(g => g.id && !appGroups.has(g.id));
    const members = new Map<string, string[]>();
    for (const group of groups) {
      const people = await all<User>(
        client.groupApi.listGroupUsers({ groupId: group.id!, limit: 200 }),
      );
      members.set(group.id!, people.map(p => p.id!).filter(Boolean));
    }
    return { users, groups, members };
  }

  /** The groups assigned to any app: license and tier groups, not teams. */
  private async appGroupIds(): Promise<Set<string>> {
    const { client } = this.okta;
    const ids = new Set<string>();
    const apps = await all(
      client.applicationApi.listApplications({ limit: 200 }),
    );
    for (const app of apps) {
      if (!app.id) continue;
      const assigned = await all(
        client.applicationApi.listApplicationGroupAssignments({
          appId: app.id,
          limit: 200,
        }),
      );
      for (const a of assigned) if (a.id) ids.add(a.id);
    }
    return ids;
  }
}
