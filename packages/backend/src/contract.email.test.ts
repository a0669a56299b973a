import { TestDatabases } from '@backstage/backend-test-utils';
import productivHomeModuleEmail from '@internal/plugin-productiv-home-backend-module-email';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { Server } from 'node:http';
import request from 'supertest';
import { pluginContract } from './__testUtils__/contract';
import { callAs, startHomeBackend } from './__testUtils__/homeBackend';
import { inProduction } from './__testUtils__/production';
import { until } from './__testUtils__/until';

/**
 * The contract of the e-mail module's link pages, through the real plugin
 * and module on SQLite and PostgreSQL with NODE_ENV=production: a GET shows
 * a page and changes nothing, the page's POST acts once; unknown links 404,
 * used or revoked ones 410, a form for something else 400, an oversized
 * form 413. People (browsers) get pages, programs Backstage's error body,
 * with the same status; every answer is one the module's spec declares.
 * Expired links, 409 and 503 are driven with a clock in the module's
 * router.test.ts.
 */

jest.setTimeout(120_000);

const PERSON = 'text/html,application/xhtml+xml,*/*;q=0.8';
const PROGRAM = 'application/json';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the e-mail links contract on %s',
  databaseId => {
    const contract = pluginContract(
      '@internal/plugin-productiv-home-backend-module-email',
      '/api/productiv-home',
    );
    let sandbox: Sandbox;
    let server: Server;
    let home: ReturnType<typeof callAs>;
    inProduction();
    beforeAll(async () => {
      sandbox = await startSandbox({ activity: false });
      ({ server } = await startHomeBackend(databases, databaseId, {
        modules: [productivHomeModuleEmail],
        connectors: {
          email: {
            smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
            from: 'Productiv <productiv@acme.example.com>',
            itAddress: 'it-desk@acme.example.com',
          },
        },
      }));
      home = callAs(server, '/api/productiv-home', t => t);
      await home('put', '/settings', 'alex.morgan', {
        approvalMethod: 'email',
        defaultApprovers: [{ type: 'manager' }],
        reminderHours: [24],
        justificationRequired: false,
      });
    });
    afterAll(() => sandbox.stop());

    /** The paths of the links in the next mail to `to` about `subject`. */
    const linksTo = async (to: string, subject: RegExp) => {
      const mail = await until(
        async () =>
          sandbox.state.inbox.find(
            m => m.to.includes(to) && subject.test(m.subject),
          ),
        found => Boolean(found),
      );
      return mail!.links
        .filter(l => l.includes('/email/'))
        .map(l => new URL(l).pathname);
    };
    const get = (path: string, accept = PERSON) =>
      contract.checked(request(server).get(path).set('Accept', accept));
    const post = (path: string, form: object = {}, accept = PERSON) =>
      contract.checked(
        request(server)
          .post(path)
          .set('Accept', accept)
          .type('form')
          .send(form),
      );
    const statusOf = async (id: string) =>
      (await home('get', `/requests/${id}`, 'alex.morgan')).body.status;

    it('answers the Approve and Deny links', async () => {
      await home('put', '/apps/figma', 'alex.morgan', {
        name: 'Figma',
        tiers: ['editor'],
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }],
        },
        fulfillment: 'manual',
      });
      const created = await home('post', '/requests', 'emma.jones', {
        appKey: 'figma',
        tier: 'editor',
      });
      const [approve, deny] = await linksTo(
        'olivia.chen@acme.example.com',
        /^Approve Figma/,
      );
      const page = await get(approve);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Approve this request?');
      expect((await get(approve, PROGRAM)).type).toBe('text/html');

      const forged = approve.replace(/[^/]+$/, 'forged');
      expect((await get(forged)).status).toBe(404);
      const unknown = await post(forged, {}, PROGRAM);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({
        name: 'NotFoundError',
        message: 'This link is not valid.',
      });
      const mismatch = { decision: 'denied' };
      expect((await post(approve, mismatch)).type).toBe('text/html');
      expect((await post(approve, mismatch, PROGRAM)).body.error.name).toBe(
        'InputError',
      );
      const big = await post(approve, { comment: 'x'.repeat(20_000) }, PROGRAM);
      expect(big.status).toBe(413);
      expect(await statusOf(created.body.id)).toBe('pending_approval');

      const fields = Object.fromEntries(
        [
          ...page.text.matchAll(
            /<input type="hidden" name="(\w+)" value="([^"]*)">/g,
          ),
        ].map(m => [m[1], m[2]]),
      );
      const decided = await post(approve, { ...fields, comment: 'Enjoy' });
      expect(decided.status).toBe(200);
      expect(decided.text).toContain('Thank you.');
      expect(await statusOf(created.body.id)).toBe('fulfilled');
      const used = await post(approve, fields, PROGRAM);
      expect(used.status).toBe(410);
      expect(used.body.error).toEqual({
        name: 'GoneError',
        message: 'This link has already been used.',
      });
      const revoked = await get(deny);
      expect(revoked.status).toBe(410);
      expect(revoked.text).toContain('This link no longer works');
    });

    it('answers the Mark as done link of IT', async () => {
      await home('put', '/apps/miro', 'alex.morgan', {
        name: 'Miro',
        tiers: ['member'],
        approval: { required: 'no-one', exceptGroups: [], levels: [] },
        fulfillment: 'ticket',
      });
      const created = await home('post', '/requests', 'liam.patel', {
        appKey: 'miro',
        tier: 'member',
      });
      const [done] = await linksTo('it-desk@acme.example.com', /Miro/);
      expect((await get(done, PROGRAM)).status).toBe(200);
      expect(await statusOf(created.body.id)).toBe('fulfilling');
      const forged = done.replace(/[^/]+$/, 'forged');
      expect((await get(forged, PROGRAM)).status).toBe(404);
      expect((await post(forged)).status).toBe(404);
      expect((await post(done, { token: 'another' })).status).toBe(400);
      expect((await post(done)).status).toBe(200);
      expect(await statusOf(created.body.id)).toBe('fulfilled');
      const again = await post(done, {}, PROGRAM);
      expect(again.status).toBe(410);
      expect(again.body.error.name).toBe('GoneError');
    });

    it('answered only what the spec declares, a 2xx and a 4xx on every route', () => {
      expect(contract.untested()).toEqual([]);
    });
  },
);
