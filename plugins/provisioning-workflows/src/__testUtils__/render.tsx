import {
  entityPresentationApiRef,
  EntityPresentationApi,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import {
  ProvisioningWorkflowsApi,
  provisioningWorkflowsApiRef,
} from '../api/ProvisioningWorkflowsApi';
import { rootRouteRef } from '../routes';

/** The people and groups of the tests, by ref, with their catalog display names. */
export const NAMES: Record<string, string> = {
  'user:default/alex.morgan': 'Alex Morgan',
  'user:default/emma.jones': 'Emma Jones',
  'group:default/finance': 'Finance',
};

/** Display names as the catalog's presentation API gives them. */
export const presentationApi: EntityPresentationApi = {
  forEntity(entityOrRef) {
    const entityRef = String(entityOrRef);
    const snapshot = {
      entityRef,
      primaryTitle: NAMES[entityRef] ?? 'Unknown person',
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

/**
 * Renders `ui` with the plugin's client, the catalog's display names and the
 * permission answers: every permission allowed unless `denied` names it (or
 * `allowed` lists the only ones allowed).
 */
export function renderWithApis(
  ui: ReactElement,
  options: {
    api: Partial<ProvisioningWorkflowsApi>;
    denied?: string[];
    allowed?: string[];
    routeEntries?: string[];
    extra?: ReadonlyArray<readonly [any, any]>;
  },
) {
  const permissions = new MockPermissionApi(request => {
    const name = request.permission.name;
    if (options.allowed) {
      return options.allowed.includes(name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    }
    return options.denied?.includes(name)
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  });
  const apis = [
    [provisioningWorkflowsApiRef, options.api],
    [permissionApiRef, permissions],
    [entityPresentationApiRef, presentationApi],
    ...(options.extra ?? []),
  ];
  return renderInTestApp(
    // A cache per render: permission answers do not leak from test to test.
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider apis={apis as any}>{ui}</TestApiProvider>
    </SWRConfig>,
    {
      mountedRoutes: {
        '/license-automation': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
      routeEntries: options.routeEntries,
    },
  );
}
