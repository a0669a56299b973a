import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  homeChannelsPortal,
  MISSING_GROUP,
} from './__testUtils__/homeChannelsPortal';

/**
 * Escalation, expiry and the admins' channel, end to end on each database
 * through the real Slack SDK against the sandbox: an approval nobody
 * decided within its service level reaches the fallback approver in Slack
 * (once, however often the task runs), a request pending past its limit is
 * closed with messages to the requester and the approver, and the admins'
 * channel hears of each escalation, new-app request, fallback approver and
 * failed fulfillment exactly once.
 */

jest.setTimeout(120_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
/** A service level of about 1.7 s, so that the test need not wait days. */
const SOON_DAYS = 0.00002;
const TASK = 'productiv-home:overdue-requests';
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'overdue requests and admin notices, on %p',
  (databaseId: TestDatabaseId) => {
    const portal = homeChannelsPortal(databases, databaseId);
    const { api, until, dmsTo, adminMessages, scheduler } = portal;
    const wait = (ms: number) => new Promise(r => setTimeout(r, ms));

    beforeAll(async () => {
      const groups: Array<{ id: string; name: string }> = await fetch(
        `${portal.sandbox().urls.inspector}/api/okta/groups`,
      ).then(r => r.json());
      const group = (name: string) => groups.find(g => g.name === name)!.id;
      await api(ADMIN, 'PUT', '/settings', {
        approvalMethod: 'slack',
        defaultApprovers: [{ type: 'manager' }],
        fallbackApprover: ADMIN,
        reminderHours: [],
        justificationRequired: false,
        escalation: { afterDays: SOON_DAYS, to: 'fallback' },
        expiry: { afterDays: 30 },
      });
      const manager = {
        required: 'everyone',
        exceptGroups: [],
        levels: [{ type: 'manager' }],
      };
      await api(ADMIN, 'PUT', '/apps/figma', {
        name: 'Figma',
        tiers: ['viewer', 'editor'],
        approval: manager,
        fulfillment: 'automatic',
        okta: {
          instanceId: '0oaFigma',
          tiers: ['viewer', 'editor'].map(tier => ({
            tier,
            grant: 'okta-group',
            groupId: group(`Figma ${tier[0].toUpperCase()}${tier.slice(1)}`),
          })),
        },
      });
      // Miro's own limits: expires soon, escalates never in this test.
      await api(ADMIN, 'PUT', '/apps/miro', {
        name: 'Miro',
        tiers: ['member'],
        approval: manager,
        fulfillment: 'manual',
        escalation: { afterDays: 100, to: 'manager' },
        expiry: { afterDays: SOON_DAYS },
      });
      await api(ADMIN, 'PUT', '/apps/notion', {
        name: 'Notion',
        tiers: ['member'],
        approval: { required: 'no-one', exceptGroups: [], levels: [] },
        fulfillment: 'automatic',
        okta: {
          instanceId: '0oaNotion',
          tiers: [
            { tier: 'member', grant: 'okta-group', groupId: MISSING_GROUP },
          ],
        },
      });
    });

    it('escalates an overdue approval to the fallback approver in Slack, once, and the admins hear of it once', async () => {
      const r = await api(ref('emma.jones'), 'POST', '/requests', {
        appKey: 'figma',
        tier: 'editor',
      });
      await until(
        () => dmsTo('olivia.chen'),
        m => m.some(x => /Emma Jones asks for Figma Editor/.test(x.text)),
      );
      expect(dmsTo('alex.morgan')).toEqual([]);
      await wait(2000);
      await scheduler.triggerTask(TASK);
      await scheduler.triggerTask(TASK);
      const asked = await until(
        () => dmsTo('alex.morgan'),
        m => m.length > 0,
      );
      const escalated = await api(ADMIN, 'GET', `/requests/${r.id}`);
      expect(
        escalated.history.filter((h: any) => h.type === 'escalated'),
      ).toEqual([expect.objectContaining({ level: 1, comment: ADMIN })]);
      expect(escalated.approvals).toContainEqual(
        expect.objectContaining({ approver: ADMIN, viaEscalation: true }),
      );
      await until(
        () => adminMessages(),
        m => m.some(x => /escalated/.test(x.text)),
      );

      // Alex decides from the Slack message; Okta grants it.
      const click = await portal.sandbox().state.workspace.click({
        channel: asked[0].channel,
        ts: asked[0].ts,
        actionId: 'productiv_home_approve',
      });
      expect(click.status).toBe(200);
      await until(
        async () => (await api(ADMIN, 'GET', `/requests/${r.id}`)).status,
        s => s === 'fulfilled',
      );
      await scheduler.triggerTask(TASK);
      await wait(500);
      // One approval message to Alex, however often the task ran.
      expect(
        dmsTo('alex.morgan').filter(m =>
          String(m.metadata?.event_payload.key).startsWith(
            `approval-request:${r.id}:`,
          ),
        ),
      ).toHaveLength(1);
      expect(
        adminMessages()
          .filter(m => /escalated/.test(m.text))
          .map(m => m.text),
      ).toEqual([
        'Approval of Figma Editor for Emma Jones escalated to Alex Morgan. Olivia Chen did not decide within 1.7 seconds (level 1); Alex Morgan was asked too.',
      ]);
    });

    it('closes a stale request as expired and tells the requester and the approver in Slack', async () => {
      const r = await api(ref('noah.kim'), 'POST', '/requests', {
        appKey: 'miro',
        tier: 'member',
      });
      await until(
        () => dmsTo('olivia.chen'),
        m => m.some(x => /Noah Kim asks for Miro Member/.test(x.text)),
      );
      await wait(2000);
      await scheduler.triggerTask(TASK);
      const expired = await until(
        () => api(ref('noah.kim'), 'GET', `/requests/${r.id}`),
        x => x.status === 'expired',
      );
      expect(expired.history.at(-1)).toMatchObject({
        type: 'expired',
        actor: 'system',
        status: 'expired',
      });
      const told = await until(
        () => dmsTo('noah.kim'),
        m => m.some(x => /expired/.test(x.text)),
      );
      expect(told.filter(x => /expired/.test(x.text)).map(x => x.text)).toEqual(
        [
          expect.stringMatching(
            /^Your request for Miro Member expired\. No decision within/,
          ),
        ],
      );
      const approverTold = await until(
        () => dmsTo('olivia.chen'),
        m =>
          m.some(x =>
            /The request of Noah Kim for Miro Member expired/.test(x.text),
          ),
      );
      expect(
        approverTold.filter(x =>
          /Noah Kim for Miro Member expired/.test(x.text),
        ),
      ).toHaveLength(1);
      // The approval message itself shows it and keeps no buttons.
      const shown = await until(
        () => dmsTo('olivia.chen'),
        m => m.some(x => /^Expired: nobody decided in time/.test(x.text)),
      );
      const card = shown.find(x => /^Expired: nobody decided/.test(x.text))!;
      expect(card.metadata?.event_payload.key).toBe(
        `approval-request:${r.id}:1:${ref('olivia.chen')}`,
      );
      expect(card.blocks.some((b: any) => b.type === 'actions')).toBe(false);
      await scheduler.triggerTask(TASK);
      await wait(500);
      expect(
        dmsTo('noah.kim').filter(x => /expired/.test(x.text)),
      ).toHaveLength(1);
    });

    it("tells the admins' channel about new apps, fallback approvers and failed fulfillments, once each", async () => {
      await api(ref('emma.jones'), 'POST', '/requests/intake', {
        name: 'Linear',
        reason: 'Issue tracking',
      });
      // Sarah has no manager in the catalog: the fallback approver is asked.
      await api(ref('sarah.johnson'), 'POST', '/requests', {
        appKey: 'figma',
        tier: 'viewer',
      });
      // Okta has no such group: fulfillment fails for good.
      const failing = await api(ref('liam.patel'), 'POST', '/requests', {
        appKey: 'notion',
        tier: 'member',
      });
      await until(
        async () => (await api(ADMIN, 'GET', `/requests/${failing.id}`)).status,
        s => s === 'failed',
      );
      const expected = [
        /^Emma Jones asks for a new app: Linear\./,
        /^The fallback approver was asked to approve Figma Viewer for Sarah Johnson\. Nobody could be found to approve at level 1, so Alex Morgan was asked/,
        /^Access to Notion Member for Liam Patel failed\./,
      ];
      await until(
        () => adminMessages(),
        m => expected.every(e => m.some(x => e.test(x.text))),
      );
      await wait(1000);
      for (const e of expected) {
        expect(adminMessages().filter(x => e.test(x.text))).toHaveLength(1);
      }
      // Each links to its request by name, never by key.
      const failed = adminMessages().find(x => expected[2].test(x.text))!;
      expect(JSON.stringify(failed.blocks)).toContain(
        `http://portal.example.com/productiv-home?tab=requests&request=${failing.id}`,
      );
      expect(
        adminMessages()
          .map(m => m.text)
          .join('\n'),
      ).not.toMatch(/user:default|notion\b|figma\b/);
    });
  },
);
