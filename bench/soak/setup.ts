import { DEMO_APPS } from '../../packages/sandbox/src';
import { PortalClient } from './client';

export const ADMIN = 'user:default/alex.morgan';
/** The second-level approver of GitHub. */
export const LEVEL2_APPROVER = 'user:default/nina.petrov';

/** The apps the soak's people request, and how each is fulfilled. */
export const SOAK_APPS: Array<{
  appKey: string;
  name: string;
  tiers: string[];
  fulfillment: 'automatic' | 'ticket';
  levels: number;
}> = [
  {
    appKey: 'figma',
    name: 'Figma',
    tiers: ['viewer', 'editor'],
    fulfillment: 'automatic',
    levels: 1,
  },
  {
    appKey: 'github',
    name: 'GitHub Enterprise',
    tiers: ['member'],
    fulfillment: 'automatic',
    levels: 2,
  },
  {
    appKey: 'zoom',
    name: 'Zoom',
    tiers: ['basic', 'pro'],
    fulfillment: 'automatic',
    levels: 1,
  },
  {
    appKey: 'miro',
    name: 'Miro',
    tiers: ['standard'],
    fulfillment: 'ticket',
    levels: 1,
  },
  {
    appKey: 'notion',
    name: 'Notion',
    tiers: ['standard'],
    fulfillment: 'ticket',
    levels: 1,
  },
];

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const PW = '/api/provisioning-workflows';
const HOME = '/api/productiv-home';

/** Starts a sync through the API and waits for its run to succeed. */
export async function syncNow(
  api: PortalClient,
  what: 'inventory' | 'activity',
): Promise<void> {
  const kind = what === 'inventory' ? 'inventory-sync' : 'activity-ingest';
  const runs = async () =>
    (await api.must(ADMIN, 'GET', `${PW}/runs?kind=${kind}&limit=50`)).items;
  const before = (await runs()).length;
  await api.must(ADMIN, 'POST', `${PW}/sync/${what}`);
  for (;;) {
    const items = await runs();
    if (items.length > before && items[0].status !== 'running') {
      if (items[0].status !== 'succeeded')
        throw new Error(`${what} sync: ${JSON.stringify(items[0])}`);
      return;
    }
    await sleep(500);
  }
}

/** The Tableau workflow: everyone on the Explorer tier who never signed in. */
export function workflowDefinition(schedule: string) {
  return {
    rules: [
      {
        name: 'Never signed in',
        condition: { type: 'neverSignedIn', days: 30 },
        tiers: ['explorer'],
        outcome: { action: 'deprovision' },
      },
    ],
    newHireDays: 0,
    notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
    schedule,
    mode: 'automatic',
  };
}

/**
 * What an admin sets up before the load: the inventory and activity
 * synced, the soak's apps offered in Home (Okta groups from the inventory),
 * approvals by e-mail to start with, and the Tableau workflow scheduled at
 * `runAt` (a minute's start, UTC). Returns the Tableau instance id.
 */
export async function setUp(
  api: PortalClient,
  options: { runAt: () => Date; people: number },
): Promise<{ tableauInstanceId: string }> {
  await syncNow(api, 'inventory');
  await syncNow(api, 'activity');
  const instances: Array<{
    id: string;
    label: string;
    groups: Array<{ id: string; name: string; tier?: string }>;
  }> = (await api.must(ADMIN, 'GET', `${HOME}/inventory/instances`)).items;
  for (const app of SOAK_APPS) {
    const instance = instances.find(i => i.label === app.name);
    if (!instance && app.fulfillment === 'automatic')
      throw new Error(`No inventory instance for ${app.name}`);
    const okta =
      instance && app.fulfillment === 'automatic'
        ? {
            instanceId: instance.id,
            tiers: app.tiers.map(tier => {
              const name = DEMO_APPS.find(
                d => d.key === app.appKey,
              )?.tiers?.find(t => t.tier === tier)?.group;
              const group = instance.groups.find(g => g.name === name);
              if (!group)
                throw new Error(`No Okta group for ${app.appKey} ${tier}`);
              return { tier, grant: 'okta-group', groupId: group.id };
            }),
          }
        : undefined;
    await api.must(ADMIN, 'PUT', `${HOME}/apps/${app.appKey}`, {
      name: app.name,
      description: `${app.name}, requested by the soak test`,
      category: 'Soak',
      tiers: app.tiers,
      approval: {
        required: 'everyone',
        exceptGroups: [],
        levels:
          app.levels === 2
            ? [{ type: 'manager' }, { type: 'users', users: [LEVEL2_APPROVER] }]
            : [{ type: 'manager' }],
      },
      fulfillment: app.fulfillment,
      ...(okta ? { okta } : {}),
    });
  }
  await setApprovalMethod(api, 'email');

  const apps = await api.must(ADMIN, 'GET', `${PW}/apps`);
  const tableau = (apps.items ?? apps)
    .flatMap((a: any) => a.instances ?? [])
    .find((i: any) => i.label === 'Tableau');
  if (!tableau) throw new Error('No Tableau instance in the inventory');
  const at = options.runAt();
  const cron = `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
  await api.must(
    ADMIN,
    'PUT',
    `${PW}/workflows/${tableau.id}`,
    workflowDefinition(cron),
  );
  const preview = await api.must(
    ADMIN,
    'POST',
    `${PW}/workflows/${tableau.id}/preview?limit=0`,
    {},
  );
  if (preview.total !== options.people)
    throw new Error(
      `The Tableau workflow selects ${preview.total} people, not ${options.people}`,
    );
  return { tableauInstanceId: tableau.id };
}

/** The super admin's approval method: where approvers are asked. */
export async function setApprovalMethod(
  api: PortalClient,
  method: 'slack' | 'email',
): Promise<void> {
  const settings = await api.must(ADMIN, 'GET', `${HOME}/settings`);
  await api.must(ADMIN, 'PUT', `${HOME}/settings`, {
    ...settings,
    approvalMethod: method,
    defaultApprovers: [{ type: 'manager' }],
    justificationRequired: false,
  });
}
