import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  GroupEntity,
  UserEntity,
} from '@backstage/catalog-model';
import { Group, User } from '@okta/okta-sdk-nodejs';
import { ProductivOktaProviderConfig } from './config';
import { groupEntityName, userEntityName } from './naming';

/**
 * Annotation with the Okta id of a user.
 *
 * @public
 */
export const OKTA_USER_ID_ANNOTATION = 'okta.com/user-id';
/**
 * Annotation with the Okta id of a group.
 *
 * @public
 */
export const OKTA_GROUP_ID_ANNOTATION = 'okta.com/group-id';

/**
 * A profile attribute of an Okta user as text: undefined when it is absent,
 * empty or not a single value.
 *
 * @public
 */
export function profileText(user: User, attribute: string): string | undefined {
  const value = (user.profile as Record<string, unknown> | undefined)?.[
    attribute
  ];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text || undefined;
}

/** Where the entities come from: the Okta org, for the catalog's bookkeeping. */
export function oktaLocation(orgUrl: string, path: string) {
  return `okta:${orgUrl.replace(/\/+$/, '')}/${path}`;
}

function locationAnnotations(orgUrl: string, path: string) {
  const location = oktaLocation(orgUrl, path);
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
}

/** Drops the entries whose value is undefined. */
function defined(entries: Record<string, string | undefined>) {
  return Object.fromEntries(
    Object.entries(entries).filter(
      (kv): kv is [string, string] => kv[1] !== undefined,
    ),
  );
}

/**
 * The default User entity of an Okta user: name from the configured naming,
 * display name and e-mail, the Okta id, job title and department. No
 * memberships or manager yet: they need every entity's final name.
 */
export function defaultUserEntity(
  user: User,
  config: ProductivOktaProviderConfig,
  orgUrl: string,
): UserEntity {
  const { annotations, profileFields } = config;
  const displayName =
    profileText(user, 'displayName') ??
    ([profileText(user, 'firstName'), profileText(user, 'lastName')]
      .filter(Boolean)
      .join(' ') ||
      undefined);
  const email = profileText(user, 'email') ?? profileText(user, 'login');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: userEntityName(user, config.userNaming),
      namespace: config.namespace,
      annotations: defined({
        ...locationAnnotations(orgUrl, `users/${user.id}`),
        [OKTA_USER_ID_ANNOTATION]: user.id,
        [annotations.jobTitle]: profileText(user, profileFields.jobTitle),
        [annotations.department]: profileText(user, profileFields.department),
      }),
    },
    spec: {
      profile: defined({ displayName, email }),
      memberOf: [],
    },
  };
}

/** The default Group entity of an Okta group: name, type, display name, description and Okta id. */
export function defaultGroupEntity(
  group: Group,
  config: ProductivOktaProviderConfig,
  orgUrl: string,
): GroupEntity {
  const description = group.profile?.description?.trim();
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: groupEntityName(group, config.groupNaming),
      namespace: config.namespace,
      ...(description ? { description } : {}),
      annotations: defined({
        ...locationAnnotations(orgUrl, `groups/${group.id}`),
        [OKTA_GROUP_ID_ANNOTATION]: group.id,
      }),
    },
    spec: {
      type: config.groupType,
      profile: defined({ displayName: group.profile?.name?.trim() }),
      children: [],
    },
  };
}
