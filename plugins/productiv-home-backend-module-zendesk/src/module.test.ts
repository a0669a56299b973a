import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested through the real Productiv Home backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import productivHomePlugin from '@internal/plugin-productiv-home-backend';
import {
  demoTicketApp,
  demoUserRef as ref,
  ProductivHomeTestApi,
  recordingAuditor,
  startProductivHomeTestBackend,
} from '@internal/plugin-productiv-home-node/testUtils';
import {
  clearProxyEnvironment,
  demoUserEntities,
  Sandbox,
  startSandbox,
} from '@internal/sandbox';
import { JobStore } from '@internal/durable-jobs';
import { Knex } from 'knex';
import { createClient } from 'node-zendesk';
import { createHmac } from 'node:crypto';
import { productivHomeModuleZendesk } from './module';

jest.setTimeout(120_000);

const SECRET = 'zendesk-webhook-secret';
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'Zendesk tickets followed by the signed webhook, through the plugin on %s',
  databaseId => {
    let sandbox: Sandbox;
    let base: string;
    let api: ProductivHomeTestApi;
    let knex: Knex;
    const auditor = recordingAuditor();
    const webhook = () => `${base}/api/productiv-home/zendesk/webhook`;

    beforeAll(async () => {
      clearProxyEnvironment();
      sandbox = await startSandbox({ activity: false });
      knex = await databases.init(databaseId);
      ({ baseUrl: base, api } = await startProductivHomeTestBackend({
        features: [
          productivHomePlugin,
          productivHomeModuleZendesk,
          catalogServiceMock.factory({ entities: demoUserEntities() }),
          mockServices.database.factory({ knex }),
          auditor.factory,
        ],
        config: {
          connectors: {
            zendesk: {
              url: sandbox.urls.zendesk,
              email: sandbox.credentials.zendesk.email,
              apiToken: sandbox.credentials.zendesk.apiToken,
              webhookSigningSecret: SECRET,
            },
          },
        },
      }));
      // Zendesk's trigger posts to the backend, signed with the secret.
      sandbox.state.helpdesk.options.webhookUrl = webhook();
      sandbox.state.helpdesk.options.webhookSecret = SECRET;
      await api(ref('alex.morgan'), 'PUT', '/apps/miro', demoTicketApp());
    });
    afterAll(() => sandbox.stop());

    /** IT, in Zendesk, through the real SDK. */
    const itAgent = () =>
      createClient({
        username: sandbox.credentials.zendesk.email,
        token: sandbox.credentials.zendesk.apiToken,
        endpointUri: sandbox.urls.zendesk,
        throwOriginalException: true,
      } as any);

    async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean) {
      for (let i = 0; i < 400; i++) {
        const v = await read();
        if (ok(v)) return v;
        await new Promise(r => setTimeout(r, 25));
      }
      throw new Error('timed out');
    }

    /** A request by Liam for Miro, once its Zendesk ticket is open. */
    async function ticketedRequest() {
      const request = await api(ref('liam.patel'), 'POST', '/requests', {
        appKey: 'miro',
        tier: 'member',
      });
      const ticketed = await until(
        () => api(ref('liam.patel'), 'GET', `/requests/${request.id}`),
        r => Boolean(r.fulfillment?.externalId),
      );
      return { id: request.id, ticketId: ticketed.fulfillment.externalId };
    }
    const read = (id: string) =>
      api(ref('liam.patel'), 'GET', `/requests/${id}`);
    const countOf = (r: { history: Array<{ type: string }> }, type: string) =>
      r.history.filter(e => e.type === type).length;

    const signed = (
      body: string,
      options: { secret?: string; at?: Date } = {},
    ) => {
      const timestamp = (options.at ?? new Date())
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      return {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature-timestamp': timestamp,
        'x-zendesk-webhook-signature': createHmac(
          'sha256',
          options.secret ?? SECRET,
        )
          .update(timestamp + body)
          .digest('base64'),
      };
    };
    const post = (body: string, headers: Record<string, string>) =>
      fetch(webhook(), { method: 'POST', headers, body });

    it('fulfils the request within 10 s of IT solving the ticket, through the webhook (polling waits a minute)', async () => {
      const { id, ticketId } = await ticketedRequest();
      expect((await read(id)).status).toBe('fulfilling');

      const started = Date.now();
      await itAgent().tickets.update(Number(ticketId), {
        ticket: { status: 'solved', comment: { body: 'Granted' } },
      } as any);
      const done = await until(
        () => read(id),
        r => r.status !== 'fulfilling',
      );
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `[Zendesk webhook, ${databaseId}] ticket ${ticketId} solved -> request fulfilled in ${seconds.toFixed(
          2,
        )} s\n`,
      );
      expect(seconds).toBeLessThan(10);
      expect(done.status).toBe('fulfilled');
      expect(done.fulfillment).toMatchObject({
        provider: 'zendesk',
        externalId: ticketId,
      });
      expect(countOf(done, 'fulfilled')).toBe(1);
      // The webhook did it: it was answered 204, and no poll ran.
      expect(sandbox.state.helpdesk.webhookDeliveries.at(-1)).toMatchObject({
        url: webhook(),
        status: 204,
        ticketId: Number(ticketId),
        ticketStatus: 'solved',
      });
      const [{ n }] = await knex('home_jobs')
        .where({ type: 'ticket-check' })
        .count('* as n');
      expect(Number(n)).toBe(0);
    });

    it('refuses forged, stale, replayed and unreadable deliveries, audited, changing nothing', async () => {
      // The ticket is solved in Zendesk, but no webhook came through.
      sandbox.state.helpdesk.options.webhookUrl = undefined;
      const { id, ticketId } = await ticketedRequest();
      await itAgent().tickets.update(Number(ticketId), {
        ticket: { status: 'solved' },
      } as any);
      const body = JSON.stringify({
        ticket: { id: ticketId, status: 'Solved' },
      });
      auditor.refusals.splice(0);

      const refusals: Array<[string, Response, number, string]> = [
        [
          'unsigned',
          await post(body, { 'content-type': 'application/json' }),
          401,
          'bad signature',
        ],
        [
          'forged',
          await post(body, signed(body, { secret: 'a-guess' })),
          401,
          'bad signature',
        ],
        [
          'stale',
          await post(
            body,
            signed(body, { at: new Date(Date.now() - 6 * 60_000) }),
          ),
          401,
          'stale delivery',
        ],
        [
          'from the future',
          await post(
            body,
            signed(body, { at: new Date(Date.now() + 6 * 60_000) }),
          ),
          401,
          'stale delivery',
        ],
        [
          'not JSON',
          await post('{"ticket":', signed('{"ticket":')),
          400,
          'not JSON',
        ],
        ['no ticket', await post('{}', signed('{}')), 400, 'no ticket'],
      ];
      for (const [what, answer, status, reason] of refusals) {
        expect({ what, status: answer.status }).toEqual({ what, status });
        const error = (await answer.json()).error;
        expect(error.message).toMatch(new RegExp(`^${reason}: `));
      }
      // A signature for another body does not pass either.
      const other = JSON.stringify({ ticket: { id: '1' } });
      expect((await post(body, signed(other))).status).toBe(401);
      expect(auditor.refusals).toEqual([
        'zendesk-webhook-refused: bad signature',
        'zendesk-webhook-refused: bad signature',
        'zendesk-webhook-refused: stale delivery',
        'zendesk-webhook-refused: stale delivery',
        'zendesk-webhook-refused: not JSON',
        'zendesk-webhook-refused: no ticket',
        'zendesk-webhook-refused: bad signature',
      ]);
      expect((await read(id)).status).toBe('fulfilling');

      // Signed and fresh: taken once; the same delivery again is a replay.
      const headers = signed(body);
      expect((await post(body, headers)).status).toBe(204);
      const done = await read(id);
      expect(done.status).toBe('fulfilled');
      const replayed = await post(body, headers);
      expect(replayed.status).toBe(409);
      expect((await replayed.json()).error).toEqual({
        name: 'ConflictError',
        message: 'replayed delivery: this delivery was already handled',
      });
      expect(auditor.refusals.at(-1)).toBe(
        'zendesk-webhook-refused: replayed delivery',
      );
      expect(countOf(await read(id), 'fulfilled')).toBe(1);
      // Replays are refused from the database, not from memory.
      const [{ n }] = await knex('home_zendesk_webhook_deliveries').count(
        '* as n',
      );
      expect(Number(n)).toBeGreaterThanOrEqual(1);
    });

    it('fulfils once when deliveries and a poll report the same solved ticket at the same time', async () => {
      sandbox.state.helpdesk.options.webhookUrl = undefined;
      const { id, ticketId } = await ticketedRequest();
      await itAgent().tickets.update(Number(ticketId), {
        ticket: { status: 'solved' },
      } as any);
      // Zendesk is slow to show the ticket, so that the poll and two
      // triggers' deliveries (a second apart) all read it at the same time.
      sandbox.state.faults.set('zendesk', {
        delayRate: 1,
        delayMs: 1000,
        paths: [`/tickets/${ticketId}.json`],
      });
      // The poll's check of this ticket, as the plugin's ticket-checks task
      // queues it (the task itself first runs a minute after start).
      const jobs = await JobStore.create({
        knex,
        table: 'home_jobs',
        skipMigrations: true,
      });
      await jobs.enqueue([
        {
          type: 'ticket-check',
          key: `ticket-check:${id}:test`,
          payload: { requestId: id, provider: 'zendesk', externalId: ticketId },
          maxAttempts: 3,
        },
      ]);
      await until(
        () => knex('home_jobs').where({ type: 'ticket-check' }),
        rows => rows.some(j => j.status === 'running'),
      );
      const body = JSON.stringify({ ticket: { id: ticketId } });
      const now = Date.now();
      const [first, second] = await Promise.all([
        post(body, signed(body, { at: new Date(now) })),
        post(body, signed(body, { at: new Date(now - 1000) })),
      ]);
      sandbox.state.faults.reset();
      expect([first.status, second.status]).toEqual([204, 204]);
      // The poll's check ends well too (a lost race is no failure).
      await until(
        () => knex('home_jobs').where({ type: 'ticket-check' }),
        rows => rows.every(j => j.status === 'succeeded'),
      );
      const done = await read(id);
      expect(done.status).toBe('fulfilled');
      expect(countOf(done, 'fulfilled')).toBe(1);
    });
  },
);
