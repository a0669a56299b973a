import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DEFAULT_PEOPLE_ANNOTATIONS } from '@internal/plugin-productiv-home-common';
import { demoUserEntities } from '@internal/sandbox';
import { CatalogPeopleDirectory } from './CatalogPeopleDirectory';

describe('CatalogPeopleDirectory', () => {
  it('answers from its copy of the catalog users, and looks up people added since', async () => {
    const entities = demoUserEntities();
    const catalog = catalogServiceMock({ entities });
    const queryEntities = jest.spyOn(catalog, 'queryEntities');
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    let clock = 0;
    const people = new CatalogPeopleDirectory({
      catalog,
      auth: mockServices.auth(),
      annotations: DEFAULT_PEOPLE_ANNOTATIONS,
      refreshMs: 60_000,
      now: () => clock,
    });
    await people.ready();

    expect(await people.managerOf('user:default/emma.jones')).toBe(
      'user:default/olivia.chen',
    );
    expect(await people.isReachable('user:default/olivia.chen')).toBe(true);
    expect(await people.managerOf('user:default/sarah.johnson')).toBe(
      undefined,
    );
    expect(await people.groupsOf('user:default/emma.jones')).toContain(
      'group:default/platform-engineering',
    );
    expect(
      await people.membersOf('group:default/platform-engineering'),
    ).toContain('user:default/emma.jones');
    const loads = queryEntities.mock.calls.length;
    expect(loads).toBeGreaterThan(0);
    expect(getEntityByRef).not.toHaveBeenCalled();

    // Unknown people are looked up directly, and are not reachable.
    expect(await people.isReachable('user:default/nobody')).toBe(false);
    expect(getEntityByRef).toHaveBeenCalledWith(
      'user:default/nobody',
      expect.anything(),
    );

    // After the refresh interval the copy is reloaded.
    clock += 60_001;
    await people.managerOf('user:default/emma.jones');
    await new Promise(r => setTimeout(r, 10));
    expect(queryEntities.mock.calls.length).toBeGreaterThan(loads);
  });
});
