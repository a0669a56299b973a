import { TestDatabases } from '@backstage/backend-test-utils';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyDatabaseMigrations } from '../../database/migrations';
import { DAY_MS } from '../../database/operations/grants/types';
import {
  KillTestChildren,
  killTestDatabases,
  waitFor,
} from '../requests/__testUtils__/killTest';
import { FULFILL_JOB } from '../requests/requestJobs';
import { GRANT_JOBS } from './GrantExpiry';
import { grantHarness, timeBoundFigma } from './__testUtils__/grantHarness';

jest.setTimeout(180_000);

const LEASE_MS = 1500;

type Write = {
  kind: string;
  target: string | null;
  login: string | null;
  changed: boolean;
};
type OktaGroup = { id: string; name: string; members: string[] };

/**
 * A 7-day grant reaches its expiry; the backend that removes it is killed
 * (SIGKILL) while its Okta call is in flight, and a backend started on the
 * same database finishes the job. Okta sees exactly one effective removal,
 * one removal request exists, and the grant ends removed.
 */
describe('the removal at expiry survives the death of the backend making it', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  const children = new KillTestChildren();
  let tmp: string;
  let sandbox: Sandbox;

  beforeAll(() => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    tmp = mkdtempSync(path.join(tmpdir(), 'ph-expiry-kill-'));
  });
  beforeEach(async () => {
    sandbox = await startSandbox({ activity: false });
  });
  afterEach(() => sandbox.stop());
  afterAll(() => {
    children.killAll();
    rmSync(tmp, { recursive: true, force: true });
  });

  const inspect = async <T>(p: string): Promise<T> =>
    (await fetch(`${sandbox.urls.inspector}/api/okta/${p}`)).json();

  it.each(killTestDatabases(databases, () => tmp))(
    'on %s',
    async (name, open) => {
      const { knex, config } = await open();
      await applyDatabaseMigrations(knex);
      const t0 = Date.parse('2026-12-01T09:00:00Z');
      const okta = {
        orgUrl: sandbox.urls.okta,
        token: sandbox.credentials.okta.token,
      };
      const h = await grantHarness({
        knex,
        okta,
        inspector: sandbox.urls.inspector,
        now: () => t0,
      });
      const groups = await inspect<OktaGroup[]>('groups');
      const editors = groups.find(g => g.name === 'Figma Editor')!;
      const viewers = groups.find(g => g.name === 'Figma Viewer')!;
      const apps = await inspect<Array<{ id: string; label: string }>>('apps');
      await h.stores.apps.putApp(
        timeBoundFigma(
          { viewer: viewers.id, editor: editors.id },
          apps.find(a => a.label === 'Figma')!.id,
        ),
        'user:default/alex.morgan',
        t0,
      );
      const holder = h.users.find(
        u =>
          u.metadata.annotations['productiv.io/manager'] &&
          ![...editors.members, ...viewers.members].includes(
            (u.spec as any).profile.email,
          ),
      )!;
      const email = (u => (u.spec as any).profile.email as string)(holder);
      const ref = `user:default/${holder.metadata.name}`;

      // The grant, in this process: 7 days of Figma Editor.
      const asked = await h.useCases.submit(
        { appKey: 'figma', tier: 'editor', accessDays: 7 },
        { requester: ref },
      );
      await h.useCases.decide(
        asked.id,
        { decision: 'approved' },
        { actor: asked.approvals[0].approver },
      );
      await h.drain();
      const granted = await h.stores.requests.get(asked.id);
      expect(granted.expiresAt).toBe(new Date(t0 + 7 * DAY_MS).toISOString());
      const writes = async () =>
        (await inspect<Write[]>('writes')).filter(
          w => w.login === email && w.target === 'Figma Editor' && w.changed,
        );
      expect((await writes()).map(w => w.kind)).toEqual(['group.user.add']);

      // Okta holds the removal for 3 seconds: the first backend dies with it in flight.
      sandbox.state.faults.set('okta', {
        delayRate: 1,
        delayMs: 3000,
        paths: [`/groups/${editors.id}/users/`],
      });
      const env = (worker: string) => ({
        PH_KNEX: JSON.stringify(config),
        PH_NOW_MS: String(t0 + 7 * DAY_MS + 60_000),
        PH_OKTA_URL: okta.orgUrl,
        PH_OKTA_TOKEN: okta.token,
        PH_INSPECTOR: sandbox.urls.inspector,
        PH_WORKER: worker,
        PH_LEASE_MS: String(LEASE_MS),
      });
      const script = path.join(__dirname, '__testUtils__/expiryWorker.ts');
      const first = await children.start(script, env('first'));
      await waitFor(
        'the removal in flight',
        async () => sandbox.state.faults.stats('okta').delayed >= 1,
      );
      const removal = (await h.stores.grants.get(asked.id))!.removalRequestId!;
      const fulfillJob = async () =>
        (await h.jobs.list({ type: FULFILL_JOB, limit: 50 })).items.find(
          j => (j.payload as { requestId: string }).requestId === removal,
        )!;
      expect(await fulfillJob()).toMatchObject({
        status: 'running',
        lockedBy: 'first',
      });
      await children.kill(first);
      sandbox.state.faults.reset();

      // The second backend takes the job over once the lease ends.
      const second = await children.start(script, env('second'));
      await waitFor(
        'the grant removed',
        async () => (await h.stores.grants.get(asked.id))?.status === 'removed',
      );
      // Nothing more happens, lease ends and sweeps included.
      await new Promise(r => setTimeout(r, 2 * LEASE_MS));
      await children.kill(second);

      expect((await writes()).map(w => w.kind)).toEqual([
        'group.user.add',
        'group.user.remove',
      ]);
      expect(
        (await inspect<OktaGroup[]>('groups'))
          .find(g => g.name === 'Figma Editor')!
          .members.includes(email),
      ).toBe(false);
      const removals = await knex('requests')
        .where({ grant_id: asked.id, kind: 'expire' })
        .pluck('id');
      expect(removals).toEqual([removal]);
      expect(await h.stores.requests.get(removal)).toMatchObject({
        status: 'fulfilled',
        kind: 'expire',
      });
      expect(await fulfillJob()).toMatchObject({
        status: 'succeeded',
        attempts: 2,
      });
      const expireJobs = (
        await h.jobs.list({ type: GRANT_JOBS.expire, limit: 10 })
      ).items;
      expect(expireJobs.map(j => [j.status, j.attempts])).toEqual([
        ['succeeded', 1],
      ]);
      process.stdout.write(`[expiry kill, ${name}] one removal in Okta\n`);
      if (name === 'SQLite file') await knex.destroy();
    },
  );
});
