import { HomeApp, HomeSettings } from '@internal/plugin-productiv-home-common';
import { ApproverPreviewService } from './ApproverPreviewService';
import { PeopleDirectory } from './types';

const ref = (name: string) => `user:default/${name}`;

const app = (over: Partial<HomeApp> = {}): HomeApp => ({
  appKey: 'figma',
  name: 'Figma',
  description: '',
  category: 'Design',
  tiers: ['viewer', 'editor'],
  owners: [ref('sofia.garcia')],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }, { type: 'app-owner' }],
  },
  fulfillment: 'manual',
  ...over,
});

const settings: HomeSettings = {
  approvalMethod: 'email',
  defaultApprovers: [{ type: 'users', users: [ref('alex.morgan')] }],
  fallbackApprover: ref('it.desk'),
  reminderHours: [],
  justificationRequired: false,
};

const people: PeopleDirectory = {
  managerOf: async r =>
    r === ref('emma.jones') ? ref('olivia.chen') : undefined,
  isReachable: async () => true,
  membersOf: async () => [],
  groupsOf: async r =>
    r === ref('alex.morgan') ? ['group:default/productiv-admins'] : [],
};

function preview(apps: HomeApp[]) {
  return new ApproverPreviewService({
    people,
    apps: { getApp: async key => apps.find(a => a.appKey === key) },
    settings: async () => settings,
  });
}

describe('ApproverPreviewService', () => {
  it('names the approvers of each level as intake would ask them', async () => {
    expect(
      await preview([app()]).forRequester('figma', ref('emma.jones')),
    ).toEqual({
      needsApproval: true,
      levels: [
        { level: 1, approvers: [ref('olivia.chen')], viaFallback: false },
        { level: 2, approvers: [ref('sofia.garcia')], viaFallback: false },
      ],
    });
    // No manager: the fallback approver is asked instead.
    expect(
      await preview([app()]).forRequester('figma', ref('new.hire')),
    ).toEqual({
      needsApproval: true,
      levels: [
        { level: 1, approvers: [ref('it.desk')], viaFallback: true },
        { level: 2, approvers: [ref('sofia.garcia')], viaFallback: false },
      ],
    });
  });

  it('uses the default approvers, and says when no approval is needed', async () => {
    const own = app({
      approval: { required: 'everyone', exceptGroups: [], levels: [] },
    });
    expect(
      (await preview([own]).forRequester('figma', ref('emma.jones'))).levels,
    ).toEqual([
      { level: 1, approvers: [ref('alex.morgan')], viaFallback: false },
    ]);
    const except = app({
      approval: {
        required: 'everyone-except',
        exceptGroups: ['group:default/productiv-admins'],
        levels: [{ type: 'manager' }],
      },
    });
    expect(
      await preview([except]).forRequester('figma', ref('alex.morgan')),
    ).toEqual({ needsApproval: false, levels: [] });
    await expect(
      preview([]).forRequester('miro', ref('emma.jones')),
    ).rejects.toThrow('miro is not offered in Productiv Home');
  });
});
