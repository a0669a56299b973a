import { AuditorService } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { createContractChecker } from '@internal/openapi-router';
import { ApprovalDecisions } from '@internal/plugin-productiv-home-node';
import { Sandbox, startSandbox } from '@internal/sandbox';
import express from 'express';
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { EmailApprovalChannel } from './EmailChannels';
import { EmailSender } from './EmailSender';
import { EmailStore } from './EmailStore';
import { createEmailRouter } from './router';

jest.setTimeout(60_000);

const HOUR = 3600 * 1000;
/** What a browser asks for, and what a program does (fetch's default). */
const PERSON = 'text/html,application/xhtml+xml,*/*;q=0.8';
const PROGRAM = '*/*';

/**
 * The link pages with an injected clock, behind Backstage's error
 * middleware, on SQLite and PostgreSQL. Everything here is refused or fails
 * before a decision is recorded, so the plugin is not involved: a call to
 * `decide` is recorded, and the tests check there was none (the decisions
 * themselves are tested through the plugin in module.test.ts). Every answer
 * is checked against src/schema/openapi.yaml.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('e-mail link pages on %s', id => {
  const contract = createContractChecker(
    parse(readFileSync(path.join(__dirname, 'schema/openapi.yaml'), 'utf8')),
  );
  let sandbox: Sandbox;
  let server: Server;
  let base: string;
  let store: EmailStore;
  let channel: EmailApprovalChannel;
  let clock = Date.parse('2026-11-24T09:00:00Z');
  const decided: unknown[] = [];
  let decide: ApprovalDecisions['decide'];
  const audit: Array<{ eventId: string; severity?: string; meta: any }> = [];
  const auditor: AuditorService = {
    createEvent: async options => ({
      success: async () =>
        void audit.push({
          eventId: `${options.eventId} ok`,
          severity: options.severityLevel,
          meta: options.meta,
        }),
      fail: async () =>
        void audit.push({
          eventId: options.eventId,
          severity: options.severityLevel,
          meta: options.meta,
        }),
    }),
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
    store = await EmailStore.create(await databases.init(id));
    const app = express().use(
      createEmailRouter({
        store,
        auditor,
        logger: mockServices.logger.mock(),
        decisions: () => ({
          decide: input => {
            decided.push(input);
            return decide(input);
          },
        }),
        now: () => clock,
      }),
    );
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.rootLogger(),
      }).error(),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise(r => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    channel = new EmailApprovalChannel({
      sender: EmailSender.fromConfig(
        new ConfigReader({
          connectors: {
            email: {
              smtp: { host: sandbox.smtp.host, port: sandbox.smtp.port },
              from: 'productiv@acme.example.com',
            },
          },
        }),
        store,
      ),
      store,
      baseUrl: async () => base,
      linkHours: 72,
      now: () => clock,
    });
  });
  afterAll(async () => {
    await new Promise(r => server.close(r));
    await sandbox.stop();
  });
  beforeEach(() => {
    decided.splice(0);
    audit.splice(0);
    decide = async () => {
      throw new Error('not expected to decide');
    };
  });

  /** Asks by e-mail; returns the two links of the mail. */
  const ask = async (requestId: string, requesterName = 'Emma Jones') => {
    await channel.requestApproval(
      {
        requestId,
        level: 1,
        approverRef: 'user:default/olivia.chen',
        approverEmail: 'olivia.chen@acme.example.com',
        requesterRef: 'user:default/emma.jones',
        requesterName,
        appName: 'Figma',
        tier: 'editor',
        link: 'http://portal.example.com/productiv-home',
      },
      {
        logger: mockServices.logger.mock(),
        idempotencyKey: `ask:${requestId}:${id}`,
      },
    );
    const mail = sandbox.state.inbox.splice(0).at(-1);
    const [approve, deny] = mail!.links.filter(l =>
      l.includes('/email/decide/'),
    );
    return { approve, deny };
  };

  /** An answer, once checked against the spec. */
  const answer = async (method: string, res: Response) => {
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0];
    const text = await res.text();
    const body = /json/.test(contentType) ? JSON.parse(text) : text;
    contract.check({
      method,
      path: new URL(res.url).pathname,
      status: res.status,
      contentType,
      body,
    });
    return { status: res.status, contentType, body, headers: res.headers };
  };
  const get = async (url: string, accept = PERSON) =>
    answer('GET', await fetch(url, { headers: { accept } }));
  const post = async (
    url: string,
    form: Record<string, string> = {},
    accept = PERSON,
  ) =>
    answer(
      'POST',
      await fetch(url, {
        method: 'POST',
        headers: {
          accept,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      }),
    );
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  /** Backstage's error body, as programs get it. */
  const errorBody = (name: string, message: string, method: string) => ({
    error: { name, message },
    request: { method, url: expect.stringMatching(/^\/email\//) },
    response: { statusCode: expect.any(Number) },
  });

  it('shows a confirmation page that changes nothing, escaped and not frameable', async () => {
    const { approve } = await ask('req-page', '<script>alert(1)</script>');
    const res = await get(approve);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'none'",
    );
    const html = res.body;
    expect(html).toContain('Approve this request?');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; asks for');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<form method="post">');
    expect(html).toContain(
      `<input type="hidden" name="token" value="${tokenOf(approve)}">`,
    );
    expect(html).toContain(
      '<input type="hidden" name="decision" value="approved">',
    );
    // Mail scanners open it as often as they like, as people or programs.
    expect((await get(approve, PROGRAM)).status).toBe(200);
    expect(await store.peek(tokenOf(approve))).toMatchObject({
      usedAtMs: undefined,
      revokedAtMs: undefined,
    });
    expect(decided).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('refuses an expired link, audited, and changes nothing', async () => {
    const { approve } = await ask('req-expiry');
    clock += 72 * HOUR;
    const shown = await get(approve);
    expect(shown.status).toBe(410);
    expect(shown.contentType).toBe('text/html');
    expect(shown.body).toContain('This link has expired.');
    const posted = await post(approve, { token: tokenOf(approve) }, PROGRAM);
    expect(posted.status).toBe(410);
    expect(posted.body).toEqual(
      errorBody(
        'GoneError',
        'This link has expired. Open the request in the portal to decide there.',
        'POST',
      ),
    );
    expect(decided).toEqual([]);
    expect(audit).toEqual([
      {
        eventId: 'email-link-refused',
        severity: 'low',
        meta: expect.objectContaining({
          reason: 'expired',
          method: 'GET',
          path: '/email/decide/:token',
          requestId: 'req-expiry',
          decision: 'approved',
        }),
      },
      {
        eventId: 'email-link-refused',
        severity: 'medium',
        meta: expect.objectContaining({ reason: 'expired', method: 'POST' }),
      },
    ]);
    // The token was not used up: an hour earlier it still works.
    clock -= HOUR;
    expect((await get(approve)).status).toBe(200);
    expect((await store.peek(tokenOf(approve)))?.usedAtMs).toBeUndefined();
  });

  it('refuses a link posted for the other decision or another request', async () => {
    const { approve, deny } = await ask('req-mismatch');
    const other = await ask('req-other');
    const attempts = [
      // The Approve link's token with the Deny form.
      post(approve, { token: tokenOf(approve), decision: 'denied' }),
      // The Approve link for another request.
      post(approve, { requestId: 'req-other', decision: 'approved' }),
      // Another request's token in the form, from a program.
      post(approve, { token: tokenOf(other.approve) }, PROGRAM),
    ];
    const [first, second, third] = await Promise.all(attempts);
    for (const res of [first, second, third]) expect(res.status).toBe(400);
    expect(first.body).toContain('This link cannot be used for that.');
    expect(third.body).toEqual(
      errorBody(
        'InputError',
        'This link cannot be used for that. Use the link from the e-mail for what you want to do.',
        'POST',
      ),
    );
    expect(decided).toEqual([]);
    expect(audit.map(a => `${a.eventId}: ${a.meta.reason}`)).toEqual([
      'email-link-refused: mismatch',
      'email-link-refused: mismatch',
      'email-link-refused: mismatch',
    ]);
    for (const url of [approve, deny, other.approve]) {
      expect(await store.peek(tokenOf(url))).toMatchObject({
        usedAtMs: undefined,
        revokedAtMs: undefined,
      });
    }
  });

  it('gives the link back when recording the decision fails for a passing reason', async () => {
    const { approve } = await ask('req-flaky');
    decide = async () => {
      throw new Error('connection to the database lost');
    };
    const failed = await post(approve, { comment: 'Go ahead' });
    expect(failed.status).toBe(503);
    expect(failed.body).toContain('The link still works');
    expect(decided).toEqual([
      {
        requestId: 'req-flaky',
        approverRef: 'user:default/olivia.chen',
        decision: 'approved',
        comment: 'Go ahead',
        level: 1,
        via: 'email',
      },
    ]);
    expect(audit.map(a => `${a.eventId}: ${a.meta.reason}`)).toEqual([
      'email-decision: error',
    ]);
    expect((await store.peek(tokenOf(approve)))?.usedAtMs).toBeUndefined();
    expect((await post(approve, {}, PROGRAM)).body).toEqual(
      errorBody(
        'ServiceUnavailableError',
        'Your decision could not be recorded just now. The link still works: try again in a moment.',
        'POST',
      ),
    );
    expect((await get(approve)).status).toBe(200);
  });

  it('ends the links of a request with nothing left to decide', async () => {
    const { approve, deny } = await ask('req-decided');
    decide = async () => {
      throw new ConflictError('Request req-decided was decided in the portal');
    };
    const page = await post(approve);
    expect(page.status).toBe(409);
    expect(page.body).toContain('Nothing to decide');
    expect(page.body).toContain(
      'Request req-decided was decided in the portal',
    );
    const program = await post(deny, {}, PROGRAM);
    expect(program.status).toBe(410); // the pair died with the first
    expect(program.body.error.name).toBe('GoneError');
  });

  it('refuses made-up tokens, the wrong kind of link and oversized forms', async () => {
    const { approve } = await ask('req-kind');
    const done = approve.replace('/email/decide/', '/email/done/');
    const answers = [
      await get(`${base}/email/decide/made-up`),
      await post(`${base}/email/decide/made-up`, {}, PROGRAM),
      await get(done, PROGRAM),
      await post(done),
    ];
    expect(answers.map(a => [a.status, a.contentType])).toEqual([
      [404, 'text/html'],
      [404, 'application/json'],
      [404, 'application/json'],
      [404, 'text/html'],
    ]);
    expect(answers[1].body).toEqual(
      errorBody('NotFoundError', 'This link is not valid.', 'POST'),
    );
    expect(audit.map(a => a.meta.reason)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
    const comment = 'x'.repeat(20_000);
    const tooLarge = await post(approve, { comment }, PROGRAM);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.name).toBe('PayloadTooLargeError');
    expect((await post(approve, { comment })).contentType).toBe('text/html');
    expect(decided).toEqual([]);
    expect((await store.peek(tokenOf(approve)))?.usedAtMs).toBeUndefined();
  });

  it('decides once, from the form of the page', async () => {
    const { approve } = await ask('req-once');
    decide = async () => ({ status: 'fulfilling' });
    const page = await post(approve, { comment: 'Enjoy' }, PROGRAM);
    expect(page.status).toBe(200);
    expect(page.body).toContain('The request is now fulfilling.');
    expect((await post(approve, {}, PROGRAM)).body.error.message).toBe(
      'This link has already been used.',
    );
    expect(decided).toHaveLength(1);
  });

  it('answered only what the spec declares, with a refusal on every route', () => {
    // The IT links' pages are answered through the plugin (module.test.ts).
    expect(contract.untested(['4'])).toEqual([]);
    expect(contract.untested(['2'])).toEqual([
      'GET /email/done/{token}: no 2xx',
      'POST /email/done/{token}: no 2xx',
    ]);
  });
});
