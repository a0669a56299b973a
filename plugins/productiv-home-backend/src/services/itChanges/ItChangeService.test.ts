import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { JobStore } from '@internal/durable-jobs';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { applyDatabaseMigrations } from '../../database/migrations';
import { ProductivHomeDatabase } from '../../database/ProductivHomeDatabase';
import { FULFILL_JOB } from '../requests/requestJobs';
import { ItChangeService } from './ItChangeService';
import { ItChangeInput } from './types';

jest.setTimeout(60_000);

const BENJAMIN = 'user:default/benjamin.moore';
const PW = mockCredentials.service('plugin:provisioning-workflows');

const tableau: HomeApp = {
  appKey: 'tableau',
  name: 'Tableau',
  description: 'Dashboards',
  category: 'Analytics',
  tiers: ['viewer', 'explorer'],
  owners: [],
  approval: { required: 'no-one', exceptGroups: [], levels: [] },
  fulfillment: 'automatic',
  okta: {
    instanceId: '0oaTableau',
    tiers: [{ tier: 'viewer', grant: 'okta-group', groupId: '00gViewer' }],
  },
};

const figmaRemoval: ItChangeInput = {
  idempotencyKey: 'action-1',
  email: 'benjamin.moore@acme.example.com',
  oktaAppId: '0oaFigma',
  appName: 'Figma',
  instanceLabel: 'Figma (Design)',
  change: 'remove',
  fromTier: 'editor',
  fromTierName: 'Editor',
  reason: 'Workflow "Figma seats", rule "No sign-in for 90 days"',
  link: 'https://portal.example.com/provisioning-workflows/runs/r1',
};

describe('changes handed to IT', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(id: TestDatabaseId) {
    const knex = await databases.init(id);
    await applyDatabaseMigrations(knex);
    const jobs = await JobStore.create({ knex, table: 'home_jobs' });
    const stores = ProductivHomeDatabase.stores(knex, jobs);
    await stores.apps.putApp(tableau, 'user:default/alex.morgan', 1);
    const audited: Array<{ meta: object; outcome?: string }> = [];
    const service = new ItChangeService({
      itChanges: stores.itChanges,
      requests: stores.requests,
      apps: stores.apps,
      people: {
        refByEmail: async email =>
          email === figmaRemoval.email ? BENJAMIN : undefined,
      },
      auditor: {
        createEvent: async ({ meta }: any) => {
          const event: { meta: object; outcome?: string } = { meta };
          audited.push(event);
          return {
            success: async () => {
              event.outcome = 'success';
            },
            fail: async () => {
              event.outcome = 'fail';
            },
          };
        },
      } as any,
      now: () => Date.parse('2026-12-10T09:00:00.000Z'),
    });
    const fulfillJobs = async () =>
      (await jobs.list({ type: FULFILL_JOB, limit: 100 })).items.map(
        j => (j.payload as { requestId: string }).requestId,
      );
    return { service, stores, fulfillJobs, audited, knex };
  }

  it.each(databases.eachSupportedId())(
    'makes one reclaim request per key, straight to the ticket path, for an app Home does not offer (%p)',
    async id => {
      const { service, stores, fulfillJobs, audited } = await setup(id);
      const first = await service.submit(figmaRemoval, { credentials: PW });
      expect(first).toMatchObject({ status: 'open', created: true });

      const request = await stores.requests.get(first.requestId);
      expect(request).toMatchObject({
        requester: BENJAMIN,
        appKey: 'reclaim:figma',
        tier: 'editor',
        kind: 'reclaim',
        status: 'fulfilling',
        approvals: [],
      });
      expect(request.justification).toBe(
        'A reclaim decided by a provisioning workflow, which Okta cannot make: Workflow "Figma seats", rule "No sign-in for 90 days" (run results: https://portal.example.com/provisioning-workflows/runs/r1)',
      );
      expect(request.history.map(e => [e.actor, e.type, e.comment])).toEqual([
        [
          'plugin:provisioning-workflows',
          'submitted',
          'Figma Editor removed by license automation',
        ],
        [
          'system',
          'approved',
          'No approval needed: license automation decided it (Workflow "Figma seats", rule "No sign-in for 90 days")',
        ],
        ['system', 'fulfilling', 'ticket'],
      ]);
      expect(await fulfillJobs()).toEqual([first.requestId]);

      // The same key again, one after the other and side by side: the
      // same request, no second fulfill job (no second ticket).
      const again = await service.submit(figmaRemoval, { credentials: PW });
      expect(again).toMatchObject({
        requestId: first.requestId,
        created: false,
      });
      const raced = await Promise.all([
        service.submit(
          { ...figmaRemoval, idempotencyKey: 'action-2', fromTier: 'viewer' },
          { credentials: PW },
        ),
        service.submit(
          { ...figmaRemoval, idempotencyKey: 'action-2', fromTier: 'viewer' },
          { credentials: PW },
        ),
      ]);
      expect(raced[0].requestId).toBe(raced[1].requestId);
      expect(raced.map(r => r.created).sort()).toEqual([false, true]);
      expect((await fulfillJobs()).sort()).toEqual(
        [first.requestId, raced[0].requestId].sort(),
      );
      expect(audited.map(a => a.outcome)).toEqual([
        'success',
        'success',
        'success',
        'success',
      ]);
      expect(audited[0].meta).toMatchObject({
        idempotencyKey: 'action-1',
        caller: 'plugin:provisioning-workflows',
        change: 'remove',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'names a downgrade of an app Home offers by its catalog key, and answers its status as the ticket goes (%p)',
    async id => {
      const { service, stores } = await setup(id);
      const { requestId } = await service.submit(
        {
          idempotencyKey: 'action-3',
          personRef: BENJAMIN,
          oktaAppId: '0oaTableau',
          appName: 'Tableau Cloud',
          change: 'downgrade',
          fromTier: 'explorer',
          toTier: 'viewer',
          reason: 'Workflow "Tableau", rule "Fewer than 3 sign-ins in 30 days"',
        },
        { credentials: PW },
      );
      const request = await stores.requests.get(requestId);
      expect(request).toMatchObject({
        appKey: 'tableau',
        tier: 'viewer',
        fromTier: 'explorer',
        kind: 'reclaim',
      });
      expect(request.history[0].comment).toBe(
        'Tableau Explorer downgraded to Viewer by license automation',
      );
      const status = () => service.status('action-3', { credentials: PW });
      expect(await status()).toMatchObject({ status: 'open' });

      await stores.requests.transition(
        requestId,
        request.version,
        {
          status: 'fulfilling',
          fulfillment: { provider: 'email', externalId: '<m1@x>' },
          events: [],
        },
        2,
      );
      expect(await status()).toEqual({
        idempotencyKey: 'action-3',
        requestId,
        status: 'open',
        ticket: { provider: 'email', externalId: '<m1@x>' },
      });
      const ticketed = await stores.requests.get(requestId);
      await stores.requests.transition(
        requestId,
        ticketed.version,
        {
          status: 'failed',
          fulfillment: { failureReason: 'IT rejected it: seat in use' },
          events: [],
        },
        3,
      );
      expect(await status()).toMatchObject({
        status: 'failed',
        reason: 'IT rejected it: seat in use',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses other callers, unknown people, a downgrade without a target and a second open request (%p)',
    async id => {
      const { service, audited } = await setup(id);
      const other = mockCredentials.service('plugin:catalog');
      await expect(
        service.submit(figmaRemoval, { credentials: other }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await service.submit(figmaRemoval, { credentials: PW });
      await expect(
        service.status('action-1', { credentials: other }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        service.status('no-such-key', { credentials: PW }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        service.submit(
          { ...figmaRemoval, idempotencyKey: 'k2', email: 'who@x.example' },
          { credentials: PW },
        ),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        service.submit(
          { ...figmaRemoval, idempotencyKey: 'k3', change: 'downgrade' },
          { credentials: PW },
        ),
      ).rejects.toMatchObject({ name: 'InputError' });
      // Another key for the same person, app and tier while the first is open.
      await expect(
        service.submit(
          { ...figmaRemoval, idempotencyKey: 'k4' },
          { credentials: PW },
        ),
      ).rejects.toThrow(
        /has an open request for Figma Editor \(request .+\); it must end before IT is asked/,
      );
      // The other plugin's refusal, the unknown person, the bad downgrade
      // and the second open request.
      expect(audited.filter(a => a.outcome === 'fail')).toHaveLength(4);
      expect(audited[0].meta).toMatchObject({ caller: 'plugin:catalog' });
    },
  );
});
