import { HomeApp } from '@internal/plugin-productiv-home-common';
import { appErrorField, checkApp } from './appForm';
import { ApproverDraft, draftOfLevel, fromDrafts, toDraft } from './approvers';

const none: ApproverDraft = { type: 'none', refs: [] };
const manager: ApproverDraft = { type: 'manager', refs: [] };
const people: ApproverDraft = {
  type: 'users',
  refs: ['user:default/priya.shah'],
};

const app: HomeApp = {
  appKey: 'miro',
  name: 'Miro',
  description: '',
  category: 'Other',
  tiers: ['member', 'editor'],
  owners: [],
  approval: { required: 'everyone', exceptGroups: [], levels: [] },
  fulfillment: 'automatic',
  okta: {
    instanceId: '0oaMiro',
    tiers: [{ tier: 'member', grant: 'okta-app' }],
  },
};
const instances = [
  {
    id: '0oaMiro',
    label: 'Miro',
    appKey: 'miro',
    appName: 'Miro',
    status: 'ACTIVE' as const,
    groups: [],
  },
];

describe('approver drafts', () => {
  it('round-trips the levels as refs, leaving out "None"', () => {
    const specs = [
      { type: 'group' as const, group: 'group:default/it' },
      { type: 'users' as const, users: ['user:default/a', 'user:default/b'] },
    ];
    expect(fromDrafts([toDraft(specs[0]), none, toDraft(specs[1])])).toEqual(
      specs,
    );
    expect(toDraft(undefined)).toEqual(none);
  });

  it('finds the form level a saved level came from', () => {
    expect(draftOfLevel([none, people], 0)).toBe(1);
    expect(draftOfLevel([manager, people], 1)).toBe(1);
    expect(draftOfLevel([manager, none], 1)).toBeUndefined();
  });
});

describe('checkApp', () => {
  it('passes a complete app', () => {
    expect(
      checkApp(
        {
          ...app,
          okta: {
            instanceId: '0oaMiro',
            tiers: [
              { tier: 'member', grant: 'okta-app' },
              { tier: 'editor', grant: 'ticket' },
            ],
          },
        },
        [manager, people],
        instances,
      ),
    ).toEqual({});
  });

  it('names each field to fix', () => {
    expect(
      checkApp(
        {
          ...app,
          name: '',
          category: ' ',
          approval: { ...app.approval, required: 'everyone-except' },
        },
        [manager, { type: 'users', refs: [] }],
        instances,
      ),
    ).toEqual({
      name: 'Give the app a name',
      category: 'Give the app a category',
      'level-1': 'Pick at least one person',
      except: 'Pick the groups whose members need no approval',
      'okta-tier:editor': 'Pick how this tier is granted',
    });
    expect(
      checkApp({ ...app, tiers: [], okta: undefined }, [none], instances),
    ).toEqual({
      tiers: 'Add at least one tier employees can request',
      okta: 'Pick the Okta app employees are granted',
    });
    // Levels do not matter when no one needs approval; the Okta app is
    // only checked once the inventory is known.
    expect(
      checkApp(
        {
          ...app,
          okta: undefined,
          approval: { ...app.approval, required: 'no-one' },
        },
        [{ type: 'group', refs: [] }],
      ),
    ).toEqual({});
  });
});

describe('appErrorField', () => {
  const saved = { levels: [none, people], oktaTiers: ['member', 'editor'] };
  it.each([
    ['name', 'name'],
    ['tiers.1', 'tiers'],
    ['owners.0', 'owners'],
    ['approval.exceptGroups.2', 'except'],
    ['approval.levels.0.users', 'level-1'],
    ['approval.levels', 'level-0'],
    ['okta.tiers.1.groupId', 'okta-tier:editor'],
    ['okta.tiers.5.tier', 'okta'],
    ['okta.instanceId', 'okta'],
    ['okta', 'okta'],
    ['fulfillment', 'fulfillment'],
  ])('places %s on %s', (path, field) => {
    expect(appErrorField(path, saved)).toBe(field);
  });

  it('leaves what the dialog has no field for', () => {
    expect(appErrorField('approval.levels.1.users', saved)).toBeUndefined();
    expect(appErrorField('body', saved)).toBeUndefined();
  });
});
