import { loadOrg } from './org';

/**
 * The demo organization's people as catalog User entities, with the
 * `memberOf` relations and the manager, title and department annotations
 * that the catalog would produce: for tests that mock the catalog.
 */
export function demoUserEntities(orgFile?: string) {
  return loadOrg(orgFile).people.map(p => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: p.name,
      namespace: 'default',
      annotations: Object.fromEntries(
        [
          ['productiv.io/manager', p.manager && `user:default/${p.manager}`],
          ['productiv.io/job-title', p.title],
          ['productiv.io/department', p.department],
        ].filter((kv): kv is [string, string] => Boolean(kv[1])),
      ),
    },
    spec: {
      profile: { email: p.email, displayName: p.displayName },
      memberOf: p.groups,
    },
    relations: p.groups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  }));
}
