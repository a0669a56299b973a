import { TestDatabases } from '@backstage/backend-test-utils';
import {
  faultShare,
  injectChannelFaults,
  syntheticPeople,
} from './__testUtils__/faultLoad';
import { homeChannelsPortal } from './__testUtils__/homeChannelsPortal';

/**
 * The fault test for approvals: 100 approval messages in Slack and
 * 100 by e-mail (50 requests each, two approvers per request), while 20% of
 * the sandbox's Slack calls fail (429 with Retry-After, 500, and answers
 * slower than the client's timeout, whose post lands after the client gave
 * up) and 20% of its mails are refused with a transient 451. Every approver
 * is asked about every request exactly once: one direct message tagged with
 * the approval job's key, one mail with the request's links.
 */

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const APPROVERS = ['olivia.chen', 'liam.patel'];
/** Requests per channel; each asks both approvers. */
const REQUESTS = 50;
const JOBS_TASK = 'productiv-home:jobs';
const wait = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(databases.eachSupportedId())(
  'approval messages under Slack and SMTP faults (%s)',
  databaseId => {
    const portal = homeChannelsPortal(databases, databaseId, 'email', {
      productivHome: {
        jobs: {
          concurrency: 16,
          retry: { firstDelaySeconds: 1, maxDelaySeconds: 4 },
        },
      },
      slack: { timeoutSeconds: 2 },
      people: sandbox => [
        ...syntheticPeople(sandbox, { prefix: 'slackasker', count: REQUESTS }),
        ...syntheticPeople(sandbox, { prefix: 'mailasker', count: REQUESTS }),
      ],
    });
    const { api, scheduler } = portal;

    const settings = (approvalMethod: 'slack' | 'email') => ({
      approvalMethod,
      defaultApprovers: [{ type: 'manager' }],
      reminderHours: [],
      justificationRequired: false,
    });

    beforeAll(async () => {
      for (const [appKey, name] of [
        ['miro', 'Miro'],
        ['loom', 'Loom'],
      ]) {
        await api(ADMIN, 'PUT', `/apps/${appKey}`, {
          name,
          tiers: ['member'],
          approval: {
            required: 'everyone',
            exceptGroups: [],
            levels: [{ type: 'users', users: APPROVERS.map(ref) }],
          },
          fulfillment: 'manual',
        });
      }
    });
    afterEach(() => portal.sandbox().state.faults.reset());

    /** One request of Miro or Loom per synthetic person, ten at a time. */
    async function submitAll(prefix: string, appKey: string) {
      const ids: string[] = [];
      for (let n = 0; n < REQUESTS; n += 10) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(10, REQUESTS - n) }, (_, i) =>
            api(ref(`${prefix}.${n + i}`), 'POST', '/requests', {
              appKey,
              tier: 'member',
              justification: 'Workshops with the design team',
            }),
          ),
        );
        ids.push(...batch.map(r => r.id as string));
      }
      return ids;
    }

    /**
     * Runs the jobs (every replica does every few seconds; here, the test)
     * until no approval job of these requests is left to run; returns the
     * jobs.
     */
    async function drain(requestIds: string[]) {
      const knex = portal.homeDatabase();
      const keys = requestIds.flatMap(id =>
        APPROVERS.map(a => `approval-request:${id}:1:${ref(a)}`),
      );
      const deadline = Date.now() + 90_000;
      for (;;) {
        await scheduler.triggerTask(JOBS_TASK);
        const jobs: Array<{ key: string; status: string; attempts: number }> =
          await knex('home_jobs')
            .whereIn('key', keys)
            .select('key', 'status', 'attempts');
        const open = jobs.filter(
          j => j.status === 'queued' || j.status === 'running',
        );
        if (jobs.length === keys.length && !open.length) return jobs;
        if (Date.now() > deadline) {
          throw new Error(
            `${open.length} of ${keys.length} approval jobs still to run`,
          );
        }
        await wait(250);
      }
    }

    it('asks each approver about each request in Slack exactly once', async () => {
      await api(ADMIN, 'PUT', '/settings', settings('slack'));
      const sandbox = portal.sandbox();
      // A slow post lands a second after the client gave up (2 s): later
      // than a quick retry (from 0.5 s), sooner than the retry may look
      // for the message (4 s after the post was sent).
      injectChannelFaults(sandbox, { slackDelayMs: 3000 });
      const started = Date.now();
      const ids = await submitAll('slackasker', 'miro');
      const jobs = await drain(ids);
      const elapsed = Date.now() - started;
      expect(jobs.filter(j => j.status !== 'succeeded')).toEqual([]);
      // Posts that lost their answer have landed by now; none may follow.
      await wait(3000);
      await scheduler.triggerTask(JOBS_TASK);

      const ws = sandbox.state.workspace;
      const slackId = (name: string) =>
        ws.users.find(u => u.email === `${name}@acme.example.com`)!.id;
      for (const id of ids) {
        for (const approver of APPROVERS) {
          const key = `approval-request:${id}:1:${ref(approver)}`;
          const posted = ws.messages.filter(
            m => m.metadata?.event_payload?.key === key,
          );
          expect(posted).toHaveLength(1);
          expect(posted[0].recipient).toBe(slackId(approver));
        }
      }
      const asked = ws.messages.filter(m => / asks for Miro/.test(m.text));
      expect(asked).toHaveLength(REQUESTS * APPROVERS.length);

      expect(faultShare(sandbox, 'slack')).toBeGreaterThan(0.12);
      const stats = sandbox.state.faults.stats('slack');
      expect(stats.delayed).toBeGreaterThan(0);
      const retried = jobs.filter(j => j.attempts > 1).length;
      expect(retried).toBeGreaterThan(0);
      // eslint-disable-next-line no-console
      console.log(
        `${
          asked.length
        } Slack approval messages in ${elapsed} ms, ${retried} retried; Slack ${JSON.stringify(
          stats,
        )}`,
      );
      expect(elapsed).toBeLessThan(60_000);
    });

    it('mails each approver about each request exactly once', async () => {
      await api(ADMIN, 'PUT', '/settings', settings('email'));
      const sandbox = portal.sandbox();
      injectChannelFaults(sandbox);
      const started = Date.now();
      const ids = await submitAll('mailasker', 'loom');
      const jobs = await drain(ids);
      const elapsed = Date.now() - started;
      expect(jobs.filter(j => j.status !== 'succeeded')).toEqual([]);
      await wait(500);
      await scheduler.triggerTask(JOBS_TASK);

      const mails = sandbox.state.inbox.filter(m =>
        /^Approve Loom/.test(m.subject),
      );
      for (const id of ids) {
        for (const approver of APPROVERS) {
          const to = `${approver}@acme.example.com`;
          const asked = mails.filter(
            m =>
              m.to.includes(to) &&
              m.links.some(l => l.endsWith(`request=${id}`)),
          );
          expect(asked).toHaveLength(1);
        }
      }
      expect(mails).toHaveLength(REQUESTS * APPROVERS.length);
      const messageIds = sandbox.state.inbox.map(m => m.messageId);
      expect(new Set(messageIds).size).toBe(messageIds.length);

      expect(faultShare(sandbox, 'smtp')).toBeGreaterThan(0.12);
      const retried = jobs.filter(j => j.attempts > 1).length;
      expect(retried).toBeGreaterThan(0);
      // eslint-disable-next-line no-console
      console.log(
        `${
          mails.length
        } approval mails in ${elapsed} ms, ${retried} retried; SMTP ${JSON.stringify(
          sandbox.state.faults.stats('smtp'),
        )}`,
      );
      expect(elapsed).toBeLessThan(60_000);
    });
  },
);
