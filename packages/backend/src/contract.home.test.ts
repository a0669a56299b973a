import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import { provisioningWorkflowsInventoryServiceRef } from '@internal/plugin-provisioning-workflows-node';
import { demoUserEntities } from '@internal/sandbox';
import request from 'supertest';
import { pluginContract } from './__testUtils__/contract';
import { callAs, startHomeBackend } from './__testUtils__/homeBackend';
import { inProduction } from './__testUtils__/production';
import { testDatabaseFactory } from './__testUtils__/testDatabases';
import { until } from './__testUtils__/until';

/**
 * The contract of every Productiv Home route, on SQLite and PostgreSQL,
 * with NODE_ENV=production: each operation of the spec answers at least
 * one success and its failures (bad input and non-UUID ids 400, anonymous
 * 401, refused 403, unknown 404, conflicts 409, oversized 413), every
 * answer is one the spec declares, and every error body is Backstage's.
 */

jest.setTimeout(120_000);

const SUPER = 'alex.morgan';
const EMPLOYEE = 'emma.jones';
const OTHER = 'liam.patel';
const MANAGER = 'olivia.chen'; // Emma's and Liam's manager
const UNKNOWN_ID = '6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60';
/** License automation's changes to Emma: one she may restore, one past its window. */
const TAKEN = '0c6e1f9a-3b2d-4e8f-9a1c-5d7b2e4f6a80';
const TAKEN_LONG_AGO = '1d7f2a0b-4c3e-4f9a-8b2d-6e8c3f5a7b91';

/** License automation's refusal, as its client throws it. */
const refusal = (status: number, name: string, message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        headers: { 'content-type': 'application/json' },
      },
    ) as any,
  );
const ANONYMOUS = undefined;

const figma = {
  name: 'Figma',
  description: 'Design',
  category: 'Design',
  tiers: ['viewer', 'editor'],
  owners: ['user:default/sofia.garcia'],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }],
  },
  fulfillment: 'manual',
};
// Fulfilled by a ticket that the test connector refuses, so it fails.
const miro = {
  name: 'Miro',
  tiers: ['member'],
  approval: { required: 'no-one', exceptGroups: [], levels: [] },
  fulfillment: 'ticket',
};
const settings = {
  approvalMethod: 'slack',
  defaultApprovers: [{ type: 'manager' }],
  fallbackApprover: 'user:default/alex.morgan',
  reminderHours: [24],
  justificationRequired: true,
};
/** More than the 100kb a JSON body may have. */
const oversized = 'x'.repeat(150_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/**
 * A Home backend whose inventory says Emma holds Figma Editor (group
 * 00g1 of instance 0oa1), for the give-back route: the shared one's
 * inventory has no holdings.
 */
async function startHoldingBackend(databaseId: TestDatabaseId) {
  const figmaInstance = {
    id: '0oa1',
    appKey: 'figma',
    label: 'Figma',
    status: 'ACTIVE',
    groups: [{ id: '00g1', name: 'Figma editors' }],
    tiers: [{ tier: 'editor', groupId: '00g1', source: 'suggested' }],
    assignedUsers: 1,
  };
  const { server } = await startTestBackend({
    features: [
      productivHomePlugin,
      testDatabaseFactory(databases, databaseId),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      catalogServiceMock.factory({ entities: demoUserEntities() }),
      createServiceFactory({
        service: provisioningWorkflowsInventoryServiceRef,
        deps: {},
        factory: () => ({
          listApps: async () =>
            [
              { key: 'figma', name: 'Figma', instances: [figmaInstance] },
            ] as any,
          listAssignments: async () => [],
          listTakenBack: async (entityRef: string) =>
            entityRef === `user:default/${EMPLOYEE}`
              ? [
                  {
                    actionId: TAKEN,
                    runId: UNKNOWN_ID,
                    instanceId: '0oa1',
                    appName: 'Figma',
                    action: 'deprovision' as const,
                    fromTierName: 'Editor',
                    takenAt: '2026-11-20T09:00:00.000Z',
                    automation:
                      'Figma license automation, rule “No sign-in for 90 days”',
                    ruleName: 'No sign-in for 90 days',
                    restoreUntil: '2026-12-20T09:00:00.000Z',
                    restorable: true,
                  },
                ]
              : [],
          restoreTakenBack: async (
            actionId: string,
            { credentials }: { credentials: BackstageCredentials },
          ) => {
            const ref = (credentials.principal as { userEntityRef?: string })
              .userEntityRef;
            if (ref !== `user:default/${EMPLOYEE}`) {
              throw await refusal(
                403,
                'NotAllowedError',
                'Only the person it was taken from, or an admin of Figma, may restore this license',
              );
            }
            if (actionId === TAKEN_LONG_AGO) {
              throw await refusal(
                409,
                'ConflictError',
                'The 30-day restore window ended on October 20, 2026; request Figma Editor in Productiv Home: http://portal.example.com/productiv-home?tab=apps',
              );
            }
            return {
              id: UNKNOWN_ID,
              actionId,
              status: 'queued',
              tier: 'editor',
            } as any;
          },
          listHoldings: async (entityRef: string) =>
            entityRef === `user:default/${EMPLOYEE}`
              ? [
                  {
                    instanceId: '0oa1',
                    appKey: 'figma',
                    appName: 'Figma',
                    instanceLabel: 'Figma',
                    tier: 'editor',
                    groupId: '00g1',
                    assignedAt: '2026-01-05T09:00:00.000Z',
                  },
                ]
              : [],
          getPeerUsage: async (entityRef: string) => ({
            entityRef,
            teams: [],
            byTeam: [],
            byTitle: [],
            byDepartment: [],
          }),
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  return server;
}

describe.each(databases.eachSupportedId())(
  'the Productiv Home contract on %s',
  databaseId => {
    const contract = pluginContract(
      '@internal/plugin-productiv-home-backend',
      '/api/productiv-home',
    );
    let api: ReturnType<typeof callAs>;
    /** A call with another plugin's (service) credentials. */
    let asService: (method: 'get', path: string) => request.Test;
    inProduction();
    beforeAll(async () => {
      const { server } = await startHomeBackend(databases, databaseId);
      api = callAs(server, '/api/productiv-home', t => contract.checked(t));
      asService = (method, path) =>
        contract.checked(
          request(server)
            [method](`/api/productiv-home${path}`)
            .set('Authorization', mockCredentials.service.header()),
        );
    });
    /** Calls a route and returns the status, after the contract checks. */
    const status = async (...args: Parameters<typeof api>) =>
      (await api(...args)).status;

    it('answers the profile and the Home catalog routes', async () => {
      expect(await status('get', '/health')).toBe(200);
      expect(await status('get', '/health?verbose=true')).toBe(400);
      expect(await status('get', '/me', EMPLOYEE)).toBe(200);
      expect(await status('get', '/me', 'nobody.here')).toBe(404);
      expect(await status('get', '/me', ANONYMOUS)).toBe(401);

      expect(await status('put', '/apps/figma', SUPER, figma)).toBe(200);
      expect(await status('put', '/apps/miro', SUPER, miro)).toBe(200);
      expect(await status('put', '/apps/figma', EMPLOYEE, figma)).toBe(403);
      expect(await status('put', '/apps/figma', ANONYMOUS, figma)).toBe(401);
      const noTiers = await api('put', '/apps/figma', SUPER, {
        ...figma,
        tiers: [],
      });
      expect(noTiers.status).toBe(400);
      expect(noTiers.body.error.message).toContain(
        'at least one requestable tier is required',
      );
      expect(
        await status('put', '/apps/figma', SUPER, {
          ...figma,
          description: oversized,
        }),
      ).toBe(413);
      // An app's own escalation and expiry replace the settings'.
      const ownRules = await api('put', '/apps/figma', SUPER, {
        ...figma,
        escalation: { afterDays: 1, to: 'fallback' },
        expiry: { afterDays: 7 },
      });
      expect(ownRules.status).toBe(200);
      expect(ownRules.body).toMatchObject({
        escalation: { afterDays: 1, to: 'fallback' },
        expiry: { afterDays: 7 },
      });
      const badRule = await api('put', '/apps/figma', SUPER, {
        ...figma,
        expiry: { afterDays: -1 },
      });
      expect(badRule.status).toBe(400);
      expect(badRule.body.error.message).toContain('expiry.afterDays');
      expect(await status('put', '/apps/figma', SUPER, figma)).toBe(200);

      const apps = await api('get', '/apps', EMPLOYEE);
      expect(apps.body.items.map((a: any) => a.appKey)).toEqual([
        'figma',
        'miro',
      ]);
      expect(await status('get', '/apps?manageable=perhaps', SUPER)).toBe(400);
      expect(await status('get', '/apps', ANONYMOUS)).toBe(401);

      const catalog = await api('get', '/catalog', EMPLOYEE);
      expect(catalog.status).toBe(200);
      const unchanged = api('get', '/catalog', EMPLOYEE).set(
        'If-None-Match',
        catalog.headers.etag,
      );
      expect((await unchanged).status).toBe(304);
      expect(await status('get', '/catalog', ANONYMOUS)).toBe(401);
      expect((await api('get', '/catalog/peers', EMPLOYEE)).body.items).toEqual(
        [{ appKey: 'figma', team: 4, title: 0, department: 0 }],
      );
      expect(await status('get', '/catalog/peers', ANONYMOUS)).toBe(401);
      // Tier details and the caller's holdings, from the inventory.
      const tiers = await api('get', '/catalog/tiers', EMPLOYEE);
      expect(tiers.status).toBe(200);
      expect(
        tiers.body.items.find((a: any) => a.appKey === 'figma').tiers[0],
      ).toMatchObject({
        tier: expect.any(String),
        displayName: expect.any(String),
      });
      expect(await status('get', '/catalog/tiers', ANONYMOUS)).toBe(401);
      // Who a request would go to, before it is sent.
      const approvers = await api('get', '/catalog/figma/approvers', EMPLOYEE);
      expect(approvers.status).toBe(200);
      expect(typeof approvers.body.needsApproval).toBe('boolean');
      expect(
        await status('get', '/catalog/no-such-app/approvers', EMPLOYEE),
      ).toBe(404);
      expect(await status('get', '/catalog/figma/approvers', ANONYMOUS)).toBe(
        401,
      );
      expect((await api('get', '/me/access', EMPLOYEE)).status).toBe(200);
      expect(await status('get', '/me/access', ANONYMOUS)).toBe(401);
      expect(await status('get', '/catalog/candidates', SUPER)).toBe(200);
      expect(await status('get', '/catalog/candidates', EMPLOYEE)).toBe(403);
      expect(await status('get', '/catalog/candidates', ANONYMOUS)).toBe(401);
      expect(
        (await api('get', '/inventory/instances', SUPER)).body.items.map(
          (i: any) => i.id,
        ),
      ).toEqual(['0oa1', '0oa2']);
      // App owners may link their apps; others may not see the inventory.
      expect(await status('get', '/inventory/instances', 'sofia.garcia')).toBe(
        200,
      );
      expect(await status('get', '/inventory/instances', EMPLOYEE)).toBe(403);
      expect(await status('get', '/inventory/instances', ANONYMOUS)).toBe(401);

      // A query parameter that a route does not take is refused.
      for (const path of [
        '/me',
        '/catalog',
        '/catalog/peers',
        '/catalog/tiers',
        '/me/access',
        '/catalog/candidates',
        '/inventory/instances',
        '/connectors',
        '/settings',
        '/approvals',
      ]) {
        const answer = await api('get', `${path}?sort=name`, SUPER);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
        expect({ path, message: answer.body.error.message }).toEqual({
          path,
          message: "Unknown query parameter 'sort'",
        });
      }

      expect(await status('delete', '/apps/notion', SUPER)).toBe(404);
      expect(await status('delete', '/apps/figma', EMPLOYEE)).toBe(403);
      expect(await status('delete', '/apps/figma', ANONYMOUS)).toBe(401);
    });

    it('answers the settings and connector routes', async () => {
      expect(await status('get', '/settings', SUPER)).toBe(200);
      expect(await status('get', '/settings', EMPLOYEE)).toBe(403);
      expect(await status('get', '/settings', ANONYMOUS)).toBe(401);
      expect(await status('put', '/settings', SUPER, settings)).toBe(200);
      const bad = await api('put', '/settings', SUPER, {
        ...settings,
        reminderHours: [0],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('reminderHours.0');
      expect(await status('put', '/settings', EMPLOYEE, settings)).toBe(403);
      expect(await status('put', '/settings', ANONYMOUS, settings)).toBe(401);

      // Escalation, expiry and audit-trail tickets: stored, read back, checked.
      const overdue = {
        ...settings,
        escalation: { afterDays: 2.5, to: 'manager' },
        expiry: { afterDays: 14 },
        auditTrailTickets: true,
      };
      expect(await status('put', '/settings', SUPER, overdue)).toBe(200);
      expect((await api('get', '/settings', SUPER)).body).toMatchObject({
        escalation: { afterDays: 2.5, to: 'manager' },
        expiry: { afterDays: 14 },
        auditTrailTickets: true,
      });
      const zeroDays = await api('put', '/settings', SUPER, {
        ...overdue,
        escalation: { afterDays: 0, to: 'fallback' },
      });
      expect(zeroDays.status).toBe(400);
      expect(zeroDays.body.error.message).toContain('escalation.afterDays');
      const unknownTarget = await api('put', '/settings', SUPER, {
        ...overdue,
        escalation: { afterDays: 3, to: 'ceo' },
      });
      expect(unknownTarget.status).toBe(400);
      expect(unknownTarget.body.error.message).toContain('escalation.to');
      expect(
        (
          await api('put', '/settings', SUPER, {
            ...overdue,
            expiry: { afterDays: 366 },
          })
        ).status,
      ).toBe(400);
      expect(await status('put', '/settings', SUPER, settings)).toBe(200);

      // Other plugins read how Home reaches approvers; of the users, admins.
      const channels = await asService('get', '/settings/channels');
      expect(channels.status).toBe(200);
      expect(channels.body).toEqual({ approvalMethod: 'slack' });
      expect(
        (await api('get', '/settings/channels', SUPER)).body.approvalMethod,
      ).toBe('slack');
      expect(await status('get', '/settings/channels', EMPLOYEE)).toBe(403);
      expect(await status('get', '/settings/channels', ANONYMOUS)).toBe(401);
      expect(
        (await asService('get', '/settings/channels?method=slack')).status,
      ).toBe(400);

      expect((await api('get', '/connectors', SUPER)).body.items).toEqual([
        { id: 'zendesk', role: 'ticketing', active: true, testable: true },
      ]);
      expect(await status('get', '/connectors', EMPLOYEE)).toBe(403);
      expect(await status('get', '/connectors', ANONYMOUS)).toBe(401);
      const tested = await api('post', '/connectors/zendesk/test', SUPER);
      expect(tested.body).toMatchObject({ ok: true, id: 'zendesk' });
      expect(await status('post', '/connectors/okta/test', SUPER)).toBe(404);
      expect(await status('post', '/connectors/zendesk/test', EMPLOYEE)).toBe(
        403,
      );
      expect(await status('post', '/connectors/zendesk/test', ANONYMOUS)).toBe(
        401,
      );
    });

    it('answers the request routes through a request life', async () => {
      const ask = {
        appKey: 'figma',
        tier: 'editor',
        justification: 'Specs',
        accessDays: 90,
      };
      const created = await api('post', '/requests', EMPLOYEE, ask);
      expect(created.status).toBe(201);
      expect(created.body.accessDays).toBe(90);
      const id = created.body.id;
      expect(await status('post', '/requests', EMPLOYEE, ask)).toBe(409);
      // The tier's seats, for those who may read the request.
      expect(await status('get', `/requests/${id}/seats`, EMPLOYEE)).toBe(200);
      expect(
        await status(
          'get',
          '/requests/00000000-0000-4000-8000-000000000000/seats',
          EMPLOYEE,
        ),
      ).toBe(404);
      expect(await status('get', `/requests/${id}/seats`, ANONYMOUS)).toBe(401);
      expect(
        await status('post', '/requests', EMPLOYEE, {
          appKey: 'figma',
          tier: 'editor',
        }),
      ).toBe(400); // the settings require a justification
      expect(
        await status('post', '/requests', EMPLOYEE, { ...ask, appKey: 'x' }),
      ).toBe(404);
      expect(
        await status('post', '/requests', EMPLOYEE, {
          ...ask,
          justification: oversized,
        }),
      ).toBe(413);
      expect(await status('post', '/requests', ANONYMOUS, ask)).toBe(401);
      // A duration: whole days from 1 to 3650, stored and answered.
      for (const accessDays of [0, 4000, 1.5]) {
        expect(
          await status('post', '/requests', EMPLOYEE, {
            ...ask,
            tier: 'viewer',
            accessDays,
          }),
        ).toBe(400);
      }

      const intake = { name: 'Notion', reason: 'Team wiki' };
      expect(await status('post', '/requests/intake', OTHER, intake)).toBe(201);
      expect(
        await status('post', '/requests/intake', OTHER, { name: ' ' }),
      ).toBe(400);
      expect(await status('post', '/requests/intake', OTHER, intake)).toBe(409);
      expect(await status('post', '/requests/intake', ANONYMOUS, intake)).toBe(
        401,
      );

      expect(
        (await api('get', '/requests', EMPLOYEE)).body.items.map(
          (r: any) => r.id,
        ),
      ).toEqual([id]);
      expect(await status('get', '/requests?status=lost', EMPLOYEE)).toBe(400);
      expect(await status('get', '/requests?cursor=page-2', EMPLOYEE)).toBe(
        400,
      );
      expect(await status('get', '/requests', ANONYMOUS)).toBe(401);
      // A person's Access card: themself, their manager and the admins.
      const access = (who: string) =>
        `/people/access?entityRef=user:default/${who}`;
      const own = await api('get', access(EMPLOYEE), EMPLOYEE);
      expect(own.status).toBe(200);
      expect(own.body.pending).toEqual([
        expect.objectContaining({
          id,
          appName: 'Figma',
          tierName: 'Editor',
          status: 'pending_approval',
          waitingOn: [
            { entityRef: `user:default/${MANAGER}`, name: 'Olivia Chen' },
          ],
        }),
      ]);
      // Nothing held in this inventory: an empty list, not an absent one.
      expect(own.body.holdings).toEqual([]);
      expect(await status('get', access(EMPLOYEE), MANAGER)).toBe(200);
      expect(await status('get', access(EMPLOYEE), SUPER)).toBe(200);
      expect(await status('get', access(EMPLOYEE), OTHER)).toBe(403);
      expect(
        await status('get', '/people/access?entityRef=emma', EMPLOYEE),
      ).toBe(400);
      expect(await status('get', access(EMPLOYEE), ANONYMOUS)).toBe(401);
      expect(
        (await api('get', '/approvals', MANAGER)).body.items.map(
          (r: any) => r.id,
        ),
      ).toContain(id);
      expect(await status('get', '/approvals', ANONYMOUS)).toBe(401);

      expect(await status('get', `/requests/${id}`, EMPLOYEE)).toBe(200);
      expect(await status('get', `/requests/${id}`, OTHER)).toBe(404);
      expect(await status('get', `/requests/${UNKNOWN_ID}`, SUPER)).toBe(404);
      expect(await status('get', `/requests/${id}`, ANONYMOUS)).toBe(401);

      const approve = { decision: 'approved' };
      const decide = (who?: string, body: object = approve, on = id) =>
        status('post', `/requests/${on}/decision`, who, body);
      expect(await decide(EMPLOYEE)).toBe(403); // one's own request
      expect(await decide(MANAGER, { decision: 'maybe' })).toBe(400);
      expect(await decide(MANAGER, approve, UNKNOWN_ID)).toBe(404);
      expect(await decide(ANONYMOUS)).toBe(401);
      expect(await decide(MANAGER)).toBe(200);
      // Decided already: nothing is left for an admin to decide either.
      expect(await decide(SUPER)).toBe(409);

      // Cancelling: the requester's, while it is pending.
      const viewer = await api('post', '/requests', EMPLOYEE, {
        ...ask,
        tier: 'viewer',
      });
      const cancel = (who?: string, on = viewer.body.id) =>
        status('post', `/requests/${on}/cancel`, who);
      expect(await cancel(MANAGER)).toBe(403);
      expect(await cancel(EMPLOYEE, UNKNOWN_ID)).toBe(404);
      expect(await cancel(ANONYMOUS)).toBe(401);
      expect(await cancel(EMPLOYEE)).toBe(200);
      expect(await cancel(EMPLOYEE)).toBe(409);

      // Retrying: a failed request, by an admin.
      const failing = await api('post', '/requests', OTHER, {
        appKey: 'miro',
        tier: 'member',
        justification: 'Workshops',
      });
      const failed = await until(
        () => api('get', `/requests/${failing.body.id}`, SUPER),
        r => r.body.status === 'failed',
      );
      expect(failed.body.fulfillment.failureReason).toBe('The desk refused it');
      const retry = (who?: string, on = failing.body.id) =>
        status('post', `/requests/${on}/retry`, who);
      expect(await retry(OTHER)).toBe(403);
      expect(await retry(SUPER, UNKNOWN_ID)).toBe(404);
      expect(await retry(ANONYMOUS)).toBe(401);
      expect(await retry(SUPER)).toBe(200);
      expect(await retry(SUPER, id)).toBe(409); // fulfilled, not failed

      // Ids that are not UUIDs, on every route that takes one.
      for (const [method, path] of [
        ['get', '/requests/figma'],
        ['post', '/requests/figma/decision'],
        ['post', '/requests/figma/cancel'],
        ['post', '/requests/figma/retry'],
      ] as const) {
        const answer = await api(method, path, SUPER, approve);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
        expect(answer.body.error.message).toBe(
          'Invalid request: id: must be a request id (a UUID such as 6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60)',
        );
      }

      expect(await status('delete', '/apps/figma', SUPER)).toBe(204);
    });

    it('answers the give-back route', async () => {
      // The shared backend's inventory: Emma holds nothing.
      const nothing = await api('post', '/requests/return', EMPLOYEE, {
        appKey: 'miro',
      });
      expect(nothing.status).toBe(409);
      expect(nothing.body.error.message).toBe(
        'You do not have Miro; there is nothing to give back',
      );
      const holding = callAs(
        await startHoldingBackend(databaseId),
        '/api/productiv-home',
        t => contract.checked(t),
      );
      expect(
        (
          await holding('put', '/apps/figma', SUPER, {
            ...figma,
            okta: {
              instanceId: '0oa1',
              tiers: [
                { tier: 'viewer', grant: 'ticket' },
                { tier: 'editor', grant: 'okta-group', groupId: '00g1' },
              ],
            },
          })
        ).status,
      ).toBe(200);
      const back = (who?: string, body: object = { appKey: 'figma' }) =>
        holding('post', '/requests/return', who, body);
      const given = await back(EMPLOYEE);
      expect(given.status).toBe(201);
      // Figma is fulfilled by hand: the return is done at once.
      expect(given.body).toMatchObject({
        kind: 'return',
        tier: 'editor',
        status: 'fulfilled',
      });
      expect((await back(EMPLOYEE)).status).toBe(409); // given back already
      expect((await back(EMPLOYEE, { appKey: 'notion' })).status).toBe(404);
      expect((await back(EMPLOYEE, { tier: 'editor' })).status).toBe(400);
      expect(
        (await back(EMPLOYEE, { appKey: 'figma', justification: oversized }))
          .status,
      ).toBe(413);
      expect((await back(ANONYMOUS)).status).toBe(401);
    });

    it('answers the extension of time-bound access', async () => {
      // Canva lasts 7 days unless extended; no approval, fulfilled by hand.
      expect(
        await status('put', '/apps/canva', SUPER, {
          name: 'Canva',
          tiers: ['pro'],
          approval: { required: 'no-one', exceptGroups: [], levels: [] },
          fulfillment: 'manual',
          duration: { defaultDays: 7, maxDays: 30 },
        }),
      ).toBe(200);
      const above = await api('post', '/requests', EMPLOYEE, {
        appKey: 'canva',
        tier: 'pro',
        justification: 'Slides',
        accessDays: 31,
      });
      expect(above.status).toBe(400);
      expect(above.body.error.message).toBe(
        'accessDays: at most 30 days of access to Canva can be asked for; choose 30 days or fewer',
      );
      const asked = await api('post', '/requests', EMPLOYEE, {
        appKey: 'canva',
        tier: 'pro',
        justification: 'Slides',
      });
      expect(asked.status).toBe(201);
      expect(asked.body.accessDays).toBe(7);
      const granted = await until(
        () => api('get', `/requests/${asked.body.id}`, EMPLOYEE),
        r => r.body.status === 'fulfilled',
      );
      expect(granted.body.expiresAt).toEqual(expect.any(String));
      const extend = (who?: string, body: object = { accessDays: 7 }) =>
        status('post', `/requests/${asked.body.id}/extend`, who, body);
      expect(await extend(OTHER)).toBe(404); // not theirs
      expect(await extend(EMPLOYEE, { accessDays: 0 })).toBe(400);
      expect(await extend(EMPLOYEE, { accessDays: 31 })).toBe(400);
      expect(await extend(ANONYMOUS)).toBe(401);
      expect(
        await status('post', `/requests/${asked.body.id}/extend`, EMPLOYEE, {
          accessDays: 7,
          justification: oversized,
        }),
      ).toBe(413);
      const extension = await api(
        'post',
        `/requests/${asked.body.id}/extend`,
        EMPLOYEE,
        { accessDays: 7, justification: 'One more week' },
      );
      expect(extension.status).toBe(201);
      expect(extension.body).toMatchObject({
        kind: 'extend',
        grantId: asked.body.id,
      });
      // No approval needed: the expiry moves by 7 days.
      await until(
        () => api('get', `/requests/${extension.body.id}`, EMPLOYEE),
        r => r.body.status === 'fulfilled',
      );
      const moved = await api('get', `/requests/${asked.body.id}`, EMPLOYEE);
      expect(
        Date.parse(moved.body.expiresAt) - Date.parse(granted.body.expiresAt),
      ).toBe(7 * 24 * 3600 * 1000);
      expect(
        await status('post', '/requests/figma/extend', EMPLOYEE, {
          accessDays: 7,
        }),
      ).toBe(400);
      expect(await status('delete', '/apps/canva', SUPER)).toBe(204);
    });

    it('answers the taken-back routes of My access', async () => {
      // The shared backend's inventory cannot list them: nothing shows.
      const none = await api('get', '/me/taken-back', EMPLOYEE);
      expect(none.status).toBe(200);
      expect(none.body.items).toEqual([]);
      expect(await status('get', '/me/taken-back', ANONYMOUS)).toBe(401);
      expect(await status('get', '/me/taken-back?sort=app', EMPLOYEE)).toBe(
        400,
      );
      const holding = callAs(
        await startHoldingBackend(databaseId),
        '/api/productiv-home',
        t => contract.checked(t),
      );
      const listed = await holding('get', '/me/taken-back', EMPLOYEE);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ actionId: TAKEN, restorable: true }),
      ]);
      const restore = (who?: string, id = TAKEN) =>
        holding('post', `/me/taken-back/${id}/restore`, who);
      const restored = await restore(EMPLOYEE);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({
        actionId: TAKEN,
        status: 'queued',
      });
      const late = await restore(EMPLOYEE, TAKEN_LONG_AGO);
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(
        /^The 30-day restore window ended .*; request Figma Editor in Productiv Home: /,
      );
      expect((await restore(SUPER)).status).toBe(403);
      expect((await restore(EMPLOYEE, 'action-1')).status).toBe(400);
      expect((await restore(ANONYMOUS)).status).toBe(401);
    });

    it('answers the service-only IT change routes', async () => {
      const server = await startHomeBackend(databases, databaseId);
      /** A call with provisioning workflows' (or `subject`'s) service credentials. */
      const asPlugin = (
        method: 'get' | 'post',
        path: string,
        body?: object,
        subject = 'plugin:provisioning-workflows',
      ) => {
        const test = contract.checked(
          request(server.server)
            [method](`/api/productiv-home${path}`)
            .set(
              'Authorization',
              mockCredentials.service.header({
                onBehalfOf: mockCredentials.service(subject),
                targetPluginId: 'productiv-home',
              }),
            ),
        );
        return body ? test.send(body) : test;
      };
      const change = {
        idempotencyKey: 'contract-action-1',
        personRef: `user:default/${EMPLOYEE}`,
        oktaAppId: '0oaMiro',
        appName: 'Miro',
        change: 'remove',
        fromTier: 'member',
        reason: 'Rule "No sign-in for 90 days" of the Miro workflow',
      };
      const created = await asPlugin('post', '/it-changes', change);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'open' });
      const again = await asPlugin('post', '/it-changes', change);
      expect(again.status).toBe(200);
      expect(again.body.requestId).toBe(created.body.requestId);
      expect(
        (await asPlugin('post', '/it-changes', { ...change, change: 'move' }))
          .status,
      ).toBe(400);
      expect(
        (
          await asPlugin('post', '/it-changes', {
            ...change,
            idempotencyKey: 'contract-action-2',
            personRef: undefined,
            email: 'nobody@acme.example.com',
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await asPlugin('post', '/it-changes', {
            ...change,
            reason: oversized,
          })
        ).status,
      ).toBe(413);
      // Users and other plugins may not hand changes to IT.
      expect(
        (
          await asPlugin(
            'post',
            '/it-changes',
            { ...change, idempotencyKey: 'other' },
            'plugin:catalog',
          )
        ).status,
      ).toBe(403);
      const asUser = (who?: string) =>
        callAs(server.server, '/api/productiv-home', t => contract.checked(t))(
          'post',
          '/it-changes',
          who,
          change,
        );
      expect((await asUser(SUPER)).status).toBe(403);
      expect((await asUser(ANONYMOUS)).status).toBe(401);

      const path = `/it-changes/${change.idempotencyKey}`;
      const where = await asPlugin('get', path);
      expect(where.status).toBe(200);
      expect(where.body.requestId).toBe(created.body.requestId);
      expect((await asPlugin('get', '/it-changes/unknown-key')).status).toBe(
        404,
      );
      expect(
        (await asPlugin('get', path, undefined, 'plugin:catalog')).status,
      ).toBe(403);
      const getAs = callAs(server.server, '/api/productiv-home', t =>
        contract.checked(t),
      );
      expect((await getAs('get', path, EMPLOYEE)).status).toBe(403);
      expect((await getAs('get', path, ANONYMOUS)).status).toBe(401);
    });

    it('covered every operation of the spec with a 2xx and a 4xx answer', () => {
      expect(contract.untested()).toEqual([]);
      expect(contract.checks()).toBeGreaterThan(90);
    });
  },
);
