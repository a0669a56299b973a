import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_PEOPLE_ANNOTATIONS,
  PeopleAnnotations,
} from '@internal/plugin-productiv-home-common';

/** How a user's entity name is made from their Okta account. */
export type UserNaming = 'login-local-part' | 'login' | 'id';
/** How a group's entity name is made from the Okta group. */
export type GroupNaming = 'kebab-case-name' | 'id';

/**
 * The provider's settings, from `catalog.providers.productivOkta`.
 *
 * @public
 */
export type ProductivOktaProviderConfig = {
  /** Okta user search; undefined lists everyone but the deprovisioned. */
  userFilter?: string;
  /** Okta group search; undefined lists every group. */
  groupFilter?: string;
  excludeAppGroups: boolean;
  userNaming: UserNaming;
  groupNaming: GroupNaming;
  groupType: string;
  namespace: string;
  /** The Okta profile attributes holding the people data. */
  profileFields: {
    managerId: string;
    managerName: string;
    jobTitle: string;
    department: string;
  };
  /** The annotation keys Productiv Home reads (`productivHome.people.annotations`). */
  annotations: PeopleAnnotations;
  schedule: SchedulerServiceTaskScheduleDefinition;
};

const KEY = 'catalog.providers.productivOkta';
const USER_NAMINGS: UserNaming[] = ['login-local-part', 'login', 'id'];
const GROUP_NAMINGS: GroupNaming[] = ['kebab-case-name', 'id'];

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 15 },
};

function oneOf<T extends string>(
  config: Config,
  key: string,
  allowed: T[],
  fallback: T,
): T {
  const value = config.getOptionalString(key);
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new InputError(
      `${KEY}.${key} must be one of ${allowed.join(', ')}, got '${value}'`,
    );
  }
  return value as T;
}

/** An expression, or undefined for an empty one (no search at all). */
function expression(config: Config, key: string, fallback: string) {
  const value = config.getOptionalString(key) ?? fallback;
  return value.trim() ? value.trim() : undefined;
}

/**
 * Reads `catalog.providers.productivOkta`; undefined when it is absent (the
 * provider is off). Throws at startup on a value it cannot use.
 */
export function readProviderConfig(
  root: Config,
): ProductivOktaProviderConfig | undefined {
  const config = root.getOptionalConfig(KEY);
  if (!config) return undefined;
  const fields = config.getOptionalConfig('profileFields');
  const annotations = root.getOptional<Partial<PeopleAnnotations>>(
    'productivHome.people.annotations',
  );
  const schedule = config.getOptionalConfig('schedule');
  return {
    userFilter: expression(config, 'userFilter', 'status eq "ACTIVE"'),
    groupFilter: expression(config, 'groupFilter', 'type eq "OKTA_GROUP"'),
    excludeAppGroups: config.getOptionalBoolean('excludeAppGroups') ?? true,
    userNaming: oneOf(config, 'userNaming', USER_NAMINGS, 'login-local-part'),
    groupNaming: oneOf(config, 'groupNaming', GROUP_NAMINGS, 'kebab-case-name'),
    groupType: config.getOptionalString('groupType') ?? 'team',
    namespace: config.getOptionalString('namespace') ?? 'default',
    profileFields: {
      managerId: fields?.getOptionalString('managerId') ?? 'managerId',
      managerName: fields?.getOptionalString('managerName') ?? 'manager',
      jobTitle: fields?.getOptionalString('jobTitle') ?? 'title',
      department: fields?.getOptionalString('department') ?? 'department',
    },
    annotations: { ...DEFAULT_PEOPLE_ANNOTATIONS, ...annotations },
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
  };
}
