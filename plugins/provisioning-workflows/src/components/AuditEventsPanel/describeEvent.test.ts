import { AppInstance } from '@internal/plugin-provisioning-workflows-common';
import { describeEvent, withGroupNames } from './describeEvent';

const figma = {
  groups: [
    { id: '00gView', name: 'Figma Viewer', priority: 0 },
    { id: '00gEdit', name: 'Figma Editor', priority: 1 },
  ],
  tiers: [],
} as unknown as Pick<AppInstance, 'tiers' | 'groups'>;

describe('withGroupNames', () => {
  it('names the Okta groups an executor message gives by id', () => {
    expect(withGroupNames('Moved from group 00gEdit to 00gView', figma)).toBe(
      'Moved from group Figma Editor to Figma Viewer',
    );
    expect(withGroupNames('Removed from group 00gOther', figma)).toBe(
      'Removed from group 00gOther',
    );
  });

  it('is used for the result of a license change', () => {
    const parts = describeEvent(
      {
        id: 'e1',
        at: '2026-11-24T10:00:00Z',
        type: 'action.done',
        actor: 'system',
        detail: {
          action: 'deprovision',
          email: 'emma.jones@acme.example.com',
          result: 'Removed from group 00gView',
        },
      } as any,
      figma,
    );
    expect(parts).toContainEqual({
      message: 'Removed from group Figma Viewer',
    });
  });
});
