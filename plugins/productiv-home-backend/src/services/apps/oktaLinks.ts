import { InputError } from '@backstage/errors';
import {
  HomeApp,
  HomeAppOktaLink,
  HomeAppTierGrant,
  InventoryInstanceOption,
} from '@internal/plugin-productiv-home-common';
import { ProvisioningWorkflowsInventoryService } from '@internal/plugin-provisioning-workflows-node';

/** An app of the inventory, as Provisioning workflows serves it. */
export type InventoryApp = Awaited<
  ReturnType<ProvisioningWorkflowsInventoryService['listApps']>
>[number];
type AppInstance = InventoryApp['instances'][number];

// A Home app names the inventory instance it grants and, per tier, the Okta
// group (or app assignment, or ticket) that grants it. Before this link was
// explicit, fulfillment matched the Home app key against the inventory's app
// key and tier names against inventory tier names; `linkByKeyMatch` keeps
// that rule for rows saved before, and for nothing else.

type LiveInstance = AppInstance & { status: 'ACTIVE' | 'INACTIVE' };

function liveInstances(inventory: InventoryApp[]): LiveInstance[] {
  return inventory.flatMap(a =>
    a.instances.filter((i): i is LiveInstance => i.status !== 'REMOVED'),
  );
}

/** The groups of an instance: those assigned to it and those its tiers name. */
function groupsOf(instance: AppInstance): InventoryInstanceOption['groups'] {
  const groups = new Map<string, { id: string; name: string; tier?: string }>();
  for (const g of instance.groups) groups.set(g.id, { id: g.id, name: g.name });
  for (const t of instance.tiers) {
    if (!t.groupId) continue;
    const known = groups.get(t.groupId);
    groups.set(t.groupId, {
      id: t.groupId,
      name: known?.name ?? t.groupName ?? t.groupId,
      tier: t.tier,
    });
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Instances a Home app can be linked to, for the settings screen's lists. */
export function instanceOptions(
  inventory: InventoryApp[],
): InventoryInstanceOption[] {
  return inventory
    .flatMap(app =>
      app.instances
        .filter((i): i is LiveInstance => i.status !== 'REMOVED')
        .map(i => ({
          id: i.id,
          label: i.label,
          appKey: app.key,
          appName: app.name,
          status: i.status,
          groups: groupsOf(i),
        })),
    )
    .sort(
      (a, b) =>
        a.appName.localeCompare(b.appName) || a.label.localeCompare(b.label),
    );
}

function quotedList(values: string[]): string {
  return values.map(v => `"${v}"`).join(', ');
}

/**
 * Refuses a link the inventory does not back: an unknown or removed
 * instance, a group not assigned to it, a tier the app does not offer, and
 * (automatic apps) a tier with no grant. Each message names what is wrong
 * and what to do.
 */
export function checkOktaLink(app: HomeApp, inventory: InventoryApp[]): void {
  const link = app.okta;
  if (!link) {
    if (app.fulfillment === 'automatic') {
      throw new InputError(
        `okta: ${app.name} is fulfilled automatically, so it needs its Okta app and, for each tier, the group that grants it; pick them, or choose ticket fulfillment`,
      );
    }
    return;
  }
  const instance = liveInstances(inventory).find(i => i.id === link.instanceId);
  if (!instance) {
    throw new InputError(
      `okta.instanceId: "${link.instanceId}" is not an app in the inventory; pick one from the list (if the app was just added to Okta, sync the inventory first)`,
    );
  }
  const seen = new Set<string>();
  const groups = groupsOf(instance);
  link.tiers.forEach((grant, index) => {
    if (!app.tiers.includes(grant.tier)) {
      throw new InputError(
        `okta.tiers.${index}.tier: "${grant.tier}" is not one of ${
          app.name
        }'s tiers (${quotedList(app.tiers)})`,
      );
    }
    if (seen.has(grant.tier)) {
      throw new InputError(
        `okta.tiers.${index}.tier: "${grant.tier}" is linked twice; keep one entry per tier`,
      );
    }
    seen.add(grant.tier);
    if (grant.grant !== 'okta-group') return;
    if (!groups.some(g => g.id === grant.groupId)) {
      const elsewhere = liveInstances(inventory)
        .flatMap(groupsOf)
        .find(g => g.id === grant.groupId);
      throw new InputError(
        `okta.tiers.${index}.groupId: the Okta group "${
          elsewhere
            ? `${elsewhere.name}" (${grant.groupId})`
            : `${grant.groupId}"`
        } is not assigned to ${
          instance.label
        }; assign it to the app in Okta and sync the inventory, or pick one of: ${
          groups.length ? quotedList(groups.map(g => g.name)) : 'none yet'
        }`,
      );
    }
  });
  if (app.fulfillment === 'automatic') {
    const missing = app.tiers.filter(t => !seen.has(t));
    if (missing.length) {
      throw new InputError(
        `okta.tiers: ${quotedList(missing)} ${
          missing.length === 1 ? 'has' : 'have'
        } no grant; name the Okta group, the app assignment or a ticket for each tier`,
      );
    }
  }
}

/**
 * The link that fulfillment used to infer: the inventory app whose key is
 * the Home app key, its first live instance with a tier group named like a
 * Home tier (else its first live instance), each tier granted by that
 * group or else by an assignment of the app. Undefined when no inventory
 * app has the key.
 */
export function linkByKeyMatch(
  app: HomeApp,
  inventory: InventoryApp[],
): HomeAppOktaLink | undefined {
  const instances = (
    inventory.find(a => a.key === app.appKey)?.instances ?? []
  ).filter(i => i.status !== 'REMOVED');
  const groupOf = (i: AppInstance, tier: string) =>
    i.tiers.find(t => t.tier === tier && t.groupId)?.groupId;
  const instance =
    instances.find(i => app.tiers.some(t => groupOf(i, t))) ?? instances[0];
  if (!instance) return undefined;
  return {
    instanceId: instance.id,
    tiers: app.tiers.map((tier): HomeAppTierGrant => {
      const groupId = groupOf(instance, tier);
      return groupId
        ? { tier, grant: 'okta-group', groupId }
        : { tier, grant: 'okta-app' };
    }),
  };
}
