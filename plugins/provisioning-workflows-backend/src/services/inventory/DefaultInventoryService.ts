import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  App,
  AppInstance,
  InstanceAssignment,
  LicenseTierInput,
  PeerUsage,
  PersonHolding,
  UnmatchedPeople,
} from '@internal/plugin-provisioning-workflows-common';
import { InventoryStore } from '../../database/InventoryStore';

export type TierInput = LicenseTierInput;

/** The queries other parts of the product need, and the tiers admins set. */
export interface InventoryService {
  listApps(options: { credentials: BackstageCredentials }): Promise<App[]>;
  listAssignments(
    instanceId: string,
    options: { credentials: BackstageCredentials },
  ): Promise<InstanceAssignment[]>;
  /** Apps used by the person's peers (teams, title, department). */
  peerUsage(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<PeerUsage>;
  unmatchedPeople(options: {
    credentials: BackstageCredentials;
  }): Promise<UnmatchedPeople>;
  /** The licenses a person holds now (Productiv Home's "My access"). */
  listHoldings(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<PersonHolding[]>;
  setTiers(
    instanceId: string,
    tiers: TierInput[],
    options: { credentials: BackstageCredentials },
  ): Promise<AppInstance>;
}

/** The inventory's use cases, without authorization (see AuthorizedInventoryService). */
export class DefaultInventoryService implements InventoryService {
  constructor(
    private readonly deps: {
      inventory: InventoryStore;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  async listApps(): Promise<App[]> {
    return this.deps.inventory.listApps();
  }

  async listAssignments(instanceId: string): Promise<InstanceAssignment[]> {
    if (!(await this.deps.inventory.getInstance(instanceId)))
      throw new NotFoundError(`No app instance ${instanceId}`);
    return this.deps.inventory.listAssignments(instanceId, this.now());
  }

  async peerUsage(entityRef: string): Promise<PeerUsage> {
    const person = await this.deps.inventory.getPerson(entityRef);
    if (!person)
      throw new NotFoundError(
        `${entityRef} is not known to the inventory yet; it appears after the next sync`,
      );
    const usage = await this.deps.inventory.peerUsage(person, this.now());
    return {
      entityRef,
      teams: person.teams,
      title: person.title,
      department: person.department,
      ...usage,
    };
  }

  async listHoldings(entityRef: string): Promise<PersonHolding[]> {
    const person = await this.deps.inventory.getPerson(entityRef);
    if (!person)
      throw new NotFoundError(
        `${entityRef} is not known to the inventory yet; it appears after the next sync`,
      );
    // In the catalog, not in Okta: holds nothing there.
    if (!person.oktaUserId) return [];
    return this.deps.inventory.listHoldings(person.oktaUserId);
  }

  async unmatchedPeople(): Promise<UnmatchedPeople> {
    return this.deps.inventory.unmatchedPeople();
  }

  async setTiers(
    instanceId: string,
    tiers: TierInput[],
    options: { credentials: BackstageCredentials },
  ): Promise<AppInstance> {
    const instance = await this.deps.inventory.getInstance(instanceId);
    if (!instance) throw new NotFoundError(`No app instance ${instanceId}`);
    const problems = tierProblems(tiers, instance);
    if (problems.length) throw new InputError(problems.join('; '));
    const principal = options.credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    await this.deps.inventory.putTiers(
      instanceId,
      tiers,
      principal.userEntityRef ?? principal.subject ?? 'unknown',
      this.now(),
    );
    return (await this.deps.inventory.getInstance(instanceId))!;
  }
}

/**
 * What is wrong with tiers an admin sets, each problem naming its field
 * (`tiers.2.groupId: …`) and what to do; the spec checks the rest.
 */
export function tierProblems(
  tiers: TierInput[],
  instance: AppInstance,
): string[] {
  const problems: string[] = [];
  const byKey = new Map<string, number>();
  const byGroup = new Map<string, number>();
  const groupName = (id: string) =>
    instance.groups.find(g => g.id === id)?.name;
  const assigned = instance.groups.map(g => `"${g.name}"`).join(', ');
  tiers.forEach((t, i) => {
    const name = t.displayName ?? t.tier;
    const sameKey = byKey.get(t.tier);
    if (sameKey !== undefined) {
      problems.push(
        `tiers.${i}.tier: '${t.tier}' is already the key of tier ${
          sameKey + 1
        }; give each tier its own key`,
      );
    } else byKey.set(t.tier, i);
    if (!t.groupId) return;
    const group = groupName(t.groupId);
    if (!group) {
      problems.push(
        `tiers.${i}.groupId: the Okta group ${t.groupId} is not assigned to ${
          instance.label
        }; assign it to the app in Okta and sync the inventory${
          assigned ? `, or pick one of: ${assigned}` : ''
        }`,
      );
      return;
    }
    const sameGroup = byGroup.get(t.groupId);
    if (sameGroup !== undefined) {
      const other = tiers[sameGroup];
      problems.push(
        `tiers.${i}.groupId: the Okta group "${group}" already grants ${
          other.displayName ?? other.tier
        }; give ${name} its own group, or none`,
      );
    } else byGroup.set(t.groupId, i);
  });
  return problems;
}
