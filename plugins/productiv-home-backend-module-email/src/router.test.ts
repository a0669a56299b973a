import { AuditorService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ApprovalDecisions } from '@internal/plugin-productiv-home-node';
import { Sandbox, startSandbox } from '@internal/sandbox';
import express from 'express';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EmailApprovalChannel } from './EmailChannels';
import { EmailSender } from './EmailSender';
import { EmailStore } from './EmailStore';
import { createEmailRouter } from './router';

jest.setTimeout(60_000);

const HOUR = 3600 * 1000;

/**
 * The link pages with an injected clock. Everything here is refused or
 * fails before a decision is recorded, so the plugin is not involved: a
 * call to `decide` is recorded, and the tests check there was none (the
 * decisions themselves are tested through the plugin in module.test.ts).
 */
describe('e-mail link pages', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
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
    store = await EmailStore.create(await databases.init('SQLITE_3'));
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
        idempotencyKey: `ask:${requestId}`,
      },
    );
    const mail = sandbox.state.inbox.splice(0).at(-1);
    const [approve, deny] = mail!.links.filter(l =>
      l.includes('/email/decide/'),
    );
    return { approve, deny };
  };
  const post = (url: string, form: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

  it('shows a confirmation page that changes nothing, escaped and not frameable', async () => {
    const { approve } = await ask('req-page', '<script>alert(1)</script>');
    const res = await fetch(approve);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'none'",
    );
    const html = await res.text();
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
    // Mail scanners open it as often as they like.
    expect((await fetch(approve)).status).toBe(200);
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
    const shown = await fetch(approve);
    expect(shown.status).toBe(410);
    expect(await shown.text()).toContain('This link has expired.');
    const posted = await post(approve, { token: tokenOf(approve) });
    expect(posted.status).toBe(410);
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
    expect((await fetch(approve)).status).toBe(200);
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
      // Another request's token in the form.
      post(approve, { token: tokenOf(other.approve) }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This link cannot be used for that.');
    }
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
    expect(await failed.text()).toContain('The link still works');
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
    expect((await fetch(approve)).status).toBe(200);
  });

  it('refuses made-up tokens and the wrong kind of link', async () => {
    const { approve } = await ask('req-kind');
    const done = approve.replace('/email/decide/', '/email/done/');
    for (const res of [
      await fetch(`${base}/email/decide/made-up`),
      await post(`${base}/email/decide/made-up`),
      await fetch(done),
      await post(done),
    ]) {
      expect(res.status).toBe(404);
    }
    expect(audit.map(a => a.meta.reason)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect((await store.peek(tokenOf(approve)))?.usedAtMs).toBeUndefined();
  });
});
