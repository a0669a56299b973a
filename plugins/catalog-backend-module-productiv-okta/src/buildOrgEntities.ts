import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  GroupEntity,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import { Group, User } from '@okta/okta-sdk-nodejs';
import { ProductivOktaProviderConfig } from './config';
import { defaultGroupEntity, defaultUserEntity } from './defaultEntities';
import { OktaCatalogTransformers } from './extensions';
import { ManagerIndex } from './managers';

/** The users and groups read from Okta, and each group's member ids. */
export type OktaOrg = {
  users: User[];
  groups: Group[];
  /** Okta group id → Okta ids of its members. */
  members: Map<string, string[]>;
};

/** What one build made, for the log line of a refresh. */
export type OrgEntitiesStats = {
  users: number;
  groups: number;
  memberships: number;
  /** Managers found by `managerId`, by name, or set by the transformer. */
  managers: { byId: number; byName: number; fromTransformer: number };
  /** People whose profile names a manager who is not among the users. */
  managersNotFound: number;
  /** Okta objects a transformer left out. */
  skipped: number;
  /** Entity names two Okta objects would share: the second is left out. */
  duplicates: string[];
};

export type OrgEntities = {
  users: UserEntity[];
  groups: GroupEntity[];
  stats: OrgEntitiesStats;
};

/** Entities by lowercased name, the first of a name kept. */
function uniqueByName<E extends Entity>(
  pairs: Array<[string, E]>,
  duplicates: string[],
): Map<string, E> {
  const out = new Map<string, E>();
  const names = new Set<string>();
  for (const [oktaId, entity] of pairs) {
    const name = stringifyEntityRef(entity).toLowerCase();
    if (names.has(name)) {
      duplicates.push(stringifyEntityRef(entity));
      continue;
    }
    names.add(name);
    out.set(oktaId, entity);
  }
  return out;
}

/**
 * The catalog entities of an Okta org: users and groups through the
 * transformers (the defaults unless set), then the memberships and the
 * managers between the entities that were kept, by their final refs.
 */
export async function buildOrgEntities(
  org: OktaOrg,
  options: {
    config: ProductivOktaProviderConfig;
    orgUrl: string;
    transformers?: OktaCatalogTransformers;
    logger?: LoggerService;
  },
): Promise<OrgEntities> {
  const { config, orgUrl, transformers = {} } = options;
  const duplicates: string[] = [];
  let skipped = 0;

  const userPairs: Array<[string, UserEntity]> = [];
  for (const user of org.users) {
    if (!user.id) continue;
    const defaultEntity = defaultUserEntity(user, config, orgUrl);
    const entity = transformers.user
      ? await transformers.user(user, { defaultEntity, config })
      : defaultEntity;
    if (entity) userPairs.push([user.id, entity]);
    else skipped++;
  }
  const groupPairs: Array<[string, GroupEntity]> = [];
  for (const group of org.groups) {
    if (!group.id) continue;
    const defaultEntity = defaultGroupEntity(group, config, orgUrl);
    const entity = transformers.group
      ? await transformers.group(group, { defaultEntity, config })
      : defaultEntity;
    if (entity) groupPairs.push([group.id, entity]);
    else skipped++;
  }
  const users = uniqueByName(userPairs, duplicates);
  const groups = uniqueByName(groupPairs, duplicates);

  // Memberships, between the users and groups kept.
  let memberships = 0;
  const groupsOf = new Map<string, Set<string>>();
  for (const [groupId, group] of groups) {
    const groupRef = stringifyEntityRef(group);
    for (const userId of org.members.get(groupId) ?? []) {
      if (!users.has(userId)) continue;
      const set = groupsOf.get(userId) ?? new Set<string>();
      set.add(groupRef);
      groupsOf.set(userId, set);
    }
  }
  for (const [userId, user] of users) {
    const given = user.spec.memberOf ?? [];
    const added = [...(groupsOf.get(userId) ?? [])].filter(
      ref => !given.includes(ref),
    );
    memberships += added.length;
    user.spec.memberOf = [...given, ...added];
  }

  // Managers, by the final ref of the manager's entity.
  const managers = { byId: 0, byName: 0, fromTransformer: 0 };
  let managersNotFound = 0;
  const index = new ManagerIndex(
    org.users.filter(u => u.id && users.has(u.id)),
  );
  const key = config.annotations.manager;
  for (const user of org.users) {
    const entity = user.id ? users.get(user.id) : undefined;
    if (!entity) continue;
    if (entity.metadata.annotations?.[key]) {
      managers.fromTransformer++;
      continue;
    }
    const match = index.find(user, config.profileFields);
    if (!match) {
      const named =
        user.profile?.[config.profileFields.managerId] ||
        user.profile?.[config.profileFields.managerName];
      if (named) managersNotFound++;
      continue;
    }
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [key]: stringifyEntityRef(users.get(match.oktaId)!),
    };
    if (match.by === 'id') managers.byId++;
    else managers.byName++;
  }

  if (duplicates.length) {
    options.logger?.warn(
      `Okta objects share entity names; only the first of each is in the catalog: ${duplicates.join(
        ', ',
      )}`,
    );
  }
  return {
    users: [...users.values()],
    groups: [...groups.values()],
    stats: {
      users: users.size,
      groups: groups.size,
      memberships,
      managers,
      managersNotFound,
      skipped,
      duplicates,
    },
  };
}
