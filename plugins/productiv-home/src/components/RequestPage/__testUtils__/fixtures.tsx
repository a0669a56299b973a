import { Entity } from '@backstage/catalog-model';
import {
  alertApiRef,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  catalogApiRef,
  entityPresentationApiRef,
  EntityPresentationApi,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  AccessRequest,
  CatalogApp,
} from '@internal/plugin-productiv-home-common';
import { ReactElement } from 'react';
import { ProductivHomeApi, productivHomeApiRef } from '../../../api';

/** The people of the tests, by ref, with their catalog display names. */
export const NAMES: Record<string, string> = {
  'user:default/emma.jones': 'Emma Jones',
  'user:default/olivia.chen': 'Olivia Chen',
  'user:default/sarah.johnson': 'Sarah Johnson',
  'user:default/alex.morgan': 'Alex Morgan',
  'user:default/liam.patel': 'Liam Patel',
  'user:default/noah.kim': 'Noah Kim',
  'group:default/platform-engineering': 'Platform Engineering',
};

export const ref = (name: string) => `user:default/${name}`;

/** Display names as the catalog's presentation API gives them. */
export const presentationApi: EntityPresentationApi = {
  forEntity(entityOrRef) {
    const entityRef =
      typeof entityOrRef === 'string'
        ? entityOrRef
        : `user:default/${entityOrRef.metadata.name}`;
    const snapshot = {
      entityRef,
      primaryTitle: NAMES[entityRef] ?? 'Unknown person',
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

/** The catalog listing: Figma with tiers and the caller's peer counts. */
export const CATALOG: CatalogApp[] = [
  {
    appKey: 'figma',
    name: 'Figma',
    description: 'Design',
    category: 'Design',
    tiers: ['viewer', 'editor'],
    peers: { team: 4, title: 2, department: 9 },
  },
  {
    appKey: 'tableau_online',
    name: 'Tableau',
    description: 'Analytics',
    category: 'Analytics',
    tiers: ['viewer', 'explorer', 'creator'],
    peers: { team: 0, title: 0, department: 0 },
  },
];

/** A pending request of `requester` for Figma Editor, waiting on `approver`. */
export function pendingRequest(
  id: string,
  requester: string,
  approver: string,
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  return {
    id,
    requester: ref(requester),
    appKey: 'figma',
    tier: 'editor',
    justification: 'Design reviews with the product team',
    status: 'pending_approval',
    level: 1,
    approvals: [
      {
        level: 1,
        approver: ref(approver),
        viaFallback: false,
        remindersSent: 0,
      },
    ],
    history: [
      {
        at: '2026-11-02T09:00:00Z',
        actor: ref(requester),
        type: 'submitted',
        status: 'pending_approval',
      },
      {
        at: '2026-11-02T09:00:00Z',
        actor: 'system',
        type: 'approval-requested',
        level: 1,
        comment: ref(approver),
        status: 'pending_approval',
      },
    ],
    createdAt: '2026-11-02T09:00:00Z',
    updatedAt: '2026-11-02T09:00:00Z',
    ...overrides,
  };
}

/** A User entity with Productiv Home's people annotations. */
export function userEntity(
  name: string,
  fields: {
    title?: string;
    department?: string;
    manager?: string;
    team?: string;
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        ...(fields.title ? { 'productiv.io/job-title': fields.title } : {}),
        ...(fields.department
          ? { 'productiv.io/department': fields.department }
          : {}),
        ...(fields.manager ? { 'productiv.io/manager': fields.manager } : {}),
      },
    },
    spec: { profile: { displayName: NAMES[ref(name)] } },
    relations: fields.team
      ? [{ type: 'memberOf', targetRef: fields.team }]
      : [],
  };
}

/** A JSON answer as the backend gives it, errors in Backstage's shape. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A Backstage error body, as `ResponseError.fromResponse` reads it. */
export function errorBody(status: number, name: string, message: string) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/requests/x' },
    response: { statusCode: status },
  };
}

/**
 * Renders with the plugin's API, the catalog's presentation and entity
 * routes, and the signed-in `viewer`.
 */
export async function renderWith(
  ui: ReactElement,
  options: {
    api: Partial<ProductivHomeApi>;
    viewer?: string;
    fetch?: (url: string) => Promise<Response>;
    entities?: Entity[];
    route?: string;
    alerts?: Array<{ message: string }>;
    extra?: ReadonlyArray<readonly [any, any]>;
    /**
     * The people and groups the catalog pickers search (e.g. DIRECTORY);
     * their display names also name them wherever they are shown.
     */
    catalog?: Entity[];
  },
) {
  const entities = options.entities ?? [];
  const directory = catalogApiMock({ entities: options.catalog ?? [] });
  const catalogApi = {
    getEntitiesByRefs: async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(r =>
        entities.find(e => `user:default/${e.metadata.name}` === r),
      ),
    }),
    getEntities: directory.getEntities.bind(directory),
    queryEntities: directory.queryEntities.bind(directory),
  };
  const alertApi = {
    post: (a: { message: string }) => options.alerts?.push(a),
    alert$: () => ({ subscribe: () => ({ unsubscribe: () => {} }) }),
  };
  const apis = [
    [productivHomeApiRef, options.api],
    [
      entityPresentationApiRef,
      options.catalog
        ? directoryPresentationApi(options.catalog)
        : presentationApi,
    ],
    [catalogApiRef, catalogApi],
    [identityApiRef, mockApis.identity({ userEntityRef: options.viewer })],
    [discoveryApiRef, mockApis.discovery({ baseUrl: 'http://backstage' })],
    [
      fetchApiRef,
      {
        fetch: (url: string) =>
          options.fetch
            ? options.fetch(url)
            : Promise.reject(new Error('no fetch in this test')),
      },
    ],
    ...(options.alerts ? [[alertApiRef, alertApi] as const] : []),
    ...(options.extra ?? []),
  ] as const;
  return renderInTestApp(
    <TestApiProvider apis={apis as any}>{ui}</TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.route ? [options.route] : undefined,
    },
  );
}

/** A catalog User or Group of the pickers' directory. */
export function directoryEntity(
  kind: 'User' | 'Group',
  name: string,
  displayName: string,
  email?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName, ...(email ? { email } : {}) } },
  };
}

/** The people and groups the catalog pickers of the tests find. */
export const DIRECTORY: Entity[] = [
  directoryEntity('User', 'alex.morgan', 'Alex Morgan', 'alex@example.com'),
  directoryEntity('User', 'priya.shah', 'Priya Shah', 'priya@example.com'),
  directoryEntity(
    'User',
    'priya.sharma',
    'Priya Sharma',
    'psharma@example.com',
  ),
  directoryEntity('User', 'sofia.garcia', 'Sofia Garcia', 'sofia@example.com'),
  directoryEntity('Group', 'it', 'IT'),
  directoryEntity('Group', 'marketing', 'Marketing'),
];

/**
 * Display names as the catalog's presentation API gives them, for the
 * entities of `catalog` first, then the people of NAMES.
 */
export function directoryPresentationApi(
  catalog: Entity[],
): EntityPresentationApi {
  const titles = new Map<string, string>(Object.entries(NAMES));
  for (const e of catalog) {
    const profile = (e.spec?.profile ?? {}) as { displayName?: string };
    titles.set(
      `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`,
      profile.displayName ?? e.metadata.name,
    );
  }
  return {
    forEntity(entityOrRef) {
      const entityRef =
        typeof entityOrRef === 'string'
          ? entityOrRef
          : `${entityOrRef.kind.toLowerCase()}:default/${
              entityOrRef.metadata.name
            }`;
      const snapshot = {
        entityRef,
        primaryTitle: titles.get(entityRef) ?? 'Unknown entity',
      };
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}

/**
 * The serious and critical accessibility problems axe finds under `root`
 * (unlabelled inputs, broken ARIA); colour contrast needs a browser.
 */
export async function axeProblems(root: Element = document.body) {
  const { default: axe } = await import('axe-core');
  const result = await axe.run(root, {
    rules: { 'color-contrast': { enabled: false } },
  });
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id}: ${v.nodes.map(n => n.html).join(', ')}`);
}
