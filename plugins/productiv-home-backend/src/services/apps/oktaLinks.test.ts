import { HomeApp } from '@internal/plugin-productiv-home-common';
import { InventoryApp } from './oktaLinks';
import { checkOktaLink, instanceOptions, linkByKeyMatch } from './oktaLinks';

type Tier = InventoryApp['instances'][number]['tiers'][number];
const tier = (
  name: string,
  groupId: string,
  source: Tier['source'],
  rank: number,
): Tier => ({
  tier: name,
  displayName: name,
  groupId,
  source,
  rank,
  holders: 0,
});

const inventory: InventoryApp[] = [
  {
    key: 'tableau_online',
    name: 'Tableau Online',
    instances: [
      {
        id: '0oaOld',
        appKey: 'tableau_online',
        label: 'Tableau (old org)',
        status: 'REMOVED',
        groups: [{ id: '00gOld', name: 'tableau-old', priority: 0 }],
        tiers: [tier('Creator', '00gOld', 'admin', 0)],
        assignedUsers: 0,
      },
      {
        id: '0oaTab',
        appKey: 'tableau_online',
        label: 'Tableau Online',
        status: 'ACTIVE',
        groups: [
          { id: '00gCreator', name: 'tableau-creators', priority: 0 },
          { id: '00gViewer', name: 'tableau-viewers', priority: 1 },
        ],
        tiers: [
          tier('Creator', '00gCreator', 'admin', 0),
          tier('Viewer', '00gViewer', 'suggested', 1),
        ],
        assignedUsers: 12,
      },
    ],
  },
  {
    key: 'github',
    name: 'GitHub',
    instances: [
      {
        id: '0oaGh',
        appKey: 'github',
        label: 'GitHub Enterprise',
        status: 'ACTIVE',
        groups: [{ id: '00gGh', name: 'github-members', priority: 0 }],
        tiers: [],
        assignedUsers: 3,
      },
    ],
  },
];

const tableau: HomeApp = {
  appKey: 'tableau',
  name: 'Tableau',
  description: '',
  category: 'Analytics',
  tiers: ['Viewer', 'Creator', 'Explorer'],
  owners: [],
  approval: { required: 'everyone', exceptGroups: [], levels: [] },
  fulfillment: 'automatic',
  okta: {
    instanceId: '0oaTab',
    tiers: [
      { tier: 'Viewer', grant: 'okta-group', groupId: '00gViewer' },
      { tier: 'Creator', grant: 'okta-group', groupId: '00gCreator' },
      { tier: 'Explorer', grant: 'ticket' },
    ],
  },
};

describe('checkOktaLink', () => {
  it('accepts a link the inventory backs, whatever the Home key and tier names', () => {
    expect(() => checkOktaLink(tableau, inventory)).not.toThrow();
  });

  it('refuses a group not assigned to the instance, naming it and the choices', () => {
    const app: HomeApp = {
      ...tableau,
      okta: {
        instanceId: '0oaTab',
        tiers: [
          { tier: 'Viewer', grant: 'okta-group', groupId: '00gGh' },
          { tier: 'Creator', grant: 'okta-group', groupId: '00gCreator' },
          { tier: 'Explorer', grant: 'ticket' },
        ],
      },
    };
    expect(() => checkOktaLink(app, inventory)).toThrow(
      'okta.tiers.0.groupId: the Okta group "github-members" (00gGh) is not assigned to Tableau Online; assign it to the app in Okta and sync the inventory, or pick one of: "tableau-creators", "tableau-viewers"',
    );
    const unknown = {
      ...app,
      okta: {
        ...app.okta!,
        tiers: [{ ...app.okta!.tiers[0], groupId: 'nope' }],
      },
    } as HomeApp;
    expect(() => checkOktaLink(unknown, inventory)).toThrow(
      'the Okta group "nope" is not assigned to Tableau Online',
    );
  });

  it('refuses an unknown or removed instance, naming it', () => {
    for (const instanceId of ['0oaMissing', '0oaOld']) {
      expect(() =>
        checkOktaLink(
          { ...tableau, okta: { instanceId, tiers: [] } },
          inventory,
        ),
      ).toThrow(
        `okta.instanceId: "${instanceId}" is not an app in the inventory`,
      );
    }
  });

  it('wants a grant for every tier of an automatic app, and no stranger tiers', () => {
    const partial: HomeApp = {
      ...tableau,
      okta: { instanceId: '0oaTab', tiers: [tableau.okta!.tiers[0]] },
    };
    expect(() => checkOktaLink(partial, inventory)).toThrow(
      'okta.tiers: "Creator", "Explorer" have no grant',
    );
    // A ticket app may link only some tiers.
    expect(() =>
      checkOktaLink({ ...partial, fulfillment: 'ticket' }, inventory),
    ).not.toThrow();
    const stranger: HomeApp = {
      ...tableau,
      okta: {
        instanceId: '0oaTab',
        tiers: [...tableau.okta!.tiers, { tier: 'Admin', grant: 'okta-app' }],
      },
    };
    expect(() => checkOktaLink(stranger, inventory)).toThrow(
      `okta.tiers.3.tier: "Admin" is not one of Tableau's tiers ("Viewer", "Creator", "Explorer")`,
    );
    const twice: HomeApp = {
      ...tableau,
      okta: {
        instanceId: '0oaTab',
        tiers: [...tableau.okta!.tiers, { tier: 'Viewer', grant: 'ticket' }],
      },
    };
    expect(() => checkOktaLink(twice, inventory)).toThrow(
      'okta.tiers.3.tier: "Viewer" is linked twice',
    );
  });

  it('wants a link on automatic apps only', () => {
    const { okta: _, ...unlinked } = tableau;
    expect(() => checkOktaLink(unlinked, inventory)).toThrow(
      'okta: Tableau is fulfilled automatically, so it needs its Okta app',
    );
    expect(() =>
      checkOktaLink({ ...unlinked, fulfillment: 'manual' }, inventory),
    ).not.toThrow();
  });
});

describe('linkByKeyMatch', () => {
  it('infers the link fulfillment used to: same key, same tier names, else the app assignment', () => {
    const legacy: HomeApp = {
      ...tableau,
      appKey: 'tableau_online',
      okta: undefined,
      tiers: ['Creator', 'Explorer'],
    };
    expect(linkByKeyMatch(legacy, inventory)).toEqual({
      instanceId: '0oaTab',
      tiers: [
        { tier: 'Creator', grant: 'okta-group', groupId: '00gCreator' },
        { tier: 'Explorer', grant: 'okta-app' },
      ],
    });
    expect(
      linkByKeyMatch(
        { ...legacy, appKey: 'github', tiers: ['member'] },
        inventory,
      ),
    ).toEqual({
      instanceId: '0oaGh',
      tiers: [{ tier: 'member', grant: 'okta-app' }],
    });
    expect(linkByKeyMatch({ ...legacy, appKey: 'figma' }, inventory)).toBe(
      undefined,
    );
  });
});

describe('instanceOptions', () => {
  it('lists live instances with their groups by name, and the tier each grants', () => {
    expect(instanceOptions(inventory)).toEqual([
      {
        id: '0oaGh',
        label: 'GitHub Enterprise',
        appKey: 'github',
        appName: 'GitHub',
        status: 'ACTIVE',
        groups: [{ id: '00gGh', name: 'github-members' }],
      },
      {
        id: '0oaTab',
        label: 'Tableau Online',
        appKey: 'tableau_online',
        appName: 'Tableau Online',
        status: 'ACTIVE',
        groups: [
          { id: '00gCreator', name: 'tableau-creators', tier: 'Creator' },
          { id: '00gViewer', name: 'tableau-viewers', tier: 'Viewer' },
        ],
      },
    ]);
  });
});
