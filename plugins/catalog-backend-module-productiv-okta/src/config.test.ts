import { ConfigReader } from '@backstage/config';
import { DEFAULT_SCHEDULE, readProviderConfig } from './config';

const read = (productivOkta: Record<string, any>, root: object = {}) =>
  readProviderConfig(
    new ConfigReader({ ...root, catalog: { providers: { productivOkta } } }),
  );

describe('readProviderConfig', () => {
  it('is off without catalog.providers.productivOkta', () => {
    expect(readProviderConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readProviderConfig(
        new ConfigReader({ catalog: { providers: { okta: [] } } }),
      ),
    ).toBeUndefined();
  });

  it('defaults to active users, Okta groups without app groups, login names and Productiv Home’s annotations', () => {
    expect(read({})).toEqual({
      userFilter: 'status eq "ACTIVE"',
      groupFilter: 'type eq "OKTA_GROUP"',
      excludeAppGroups: true,
      userNaming: 'login-local-part',
      groupNaming: 'kebab-case-name',
      groupType: 'team',
      namespace: 'default',
      profileFields: {
        managerId: 'managerId',
        managerName: 'manager',
        jobTitle: 'title',
        department: 'department',
      },
      annotations: {
        manager: 'productiv.io/manager',
        jobTitle: 'productiv.io/job-title',
        department: 'productiv.io/department',
      },
      schedule: DEFAULT_SCHEDULE,
    });
    expect(DEFAULT_SCHEDULE.frequency).toEqual({ minutes: 30 });
  });

  it('takes the filters, naming, fields, Home’s annotation keys and the schedule from config', () => {
    const config = read(
      {
        userFilter: 'profile.department eq "Engineering"',
        groupFilter: '  ',
        excludeAppGroups: false,
        userNaming: 'login',
        groupNaming: 'id',
        groupType: 'department',
        namespace: 'okta',
        profileFields: { managerId: 'hrManagerLogin', jobTitle: 'jobCode' },
        schedule: {
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
        },
      },
      {
        productivHome: {
          people: { annotations: { department: 'acme.com/cost-center' } },
        },
      },
    );
    expect(config).toMatchObject({
      userFilter: 'profile.department eq "Engineering"',
      groupFilter: undefined,
      excludeAppGroups: false,
      userNaming: 'login',
      groupNaming: 'id',
      groupType: 'department',
      namespace: 'okta',
      profileFields: {
        managerId: 'hrManagerLogin',
        managerName: 'manager',
        jobTitle: 'jobCode',
        department: 'department',
      },
      annotations: {
        manager: 'productiv.io/manager',
        department: 'acme.com/cost-center',
      },
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
    });
  });

  it('refuses a naming it does not know, at startup', () => {
    expect(() => read({ userNaming: 'email' })).toThrow(
      "catalog.providers.productivOkta.userNaming must be one of login-local-part, login, id, got 'email'",
    );
    expect(() => read({ groupNaming: 'slug' })).toThrow(/groupNaming/);
    expect(() => read({ schedule: { frequency: 'often' } })).toThrow();
  });
});
