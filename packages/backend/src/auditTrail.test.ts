import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  homeChannelsPortal,
  IT_ADDRESS,
  MISSING_GROUP,
} from './__testUtils__/homeChannelsPortal';

/**
 * Audit-trail tickets end to end, on each database and for each ticketing
 * system, through the real SDKs (nodemailer, node-zendesk, jira.js) against
 * the sandbox: with the setting on, a request Okta fulfils gets one ticket
 * when it is approved, resolved once with the outcome (granted, or failed);
 * with it off, none.
 */

jest.setTimeout(120_000);

const ref = (name: string) => `user:default/${name}`;
const ADMIN = ref('alex.morgan');
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SYSTEMS = ['email', 'zendesk', 'jira-service-management'] as const;

type AuditTicket = { title: string; resolution?: string; count: number };

describe.each(
  databases
    .eachSupportedId()
    .flatMap(([id]) => SYSTEMS.map(system => [id, system] as const)),
)('audit-trail tickets on %p with %s', (databaseId, ticketing) => {
  const portal = homeChannelsPortal(
    databases,
    databaseId as TestDatabaseId,
    ticketing,
  );
  const { api, until } = portal;
  const settings = (auditTrailTickets: boolean) =>
    api(ADMIN, 'PUT', '/settings', {
      approvalMethod: 'slack',
      defaultApprovers: [{ type: 'manager' }],
      fallbackApprover: ADMIN,
      reminderHours: [],
      justificationRequired: false,
      auditTrailTickets,
    });

  /** The audit-trail tickets the ticketing system holds for `who` (by name). */
  function auditTickets(who: string): AuditTicket[] {
    const state = portal.sandbox().state;
    const titled = (t: string) => t.includes(`for ${who}`);
    if (ticketing === 'email') {
      const opened = state.inbox.filter(
        m =>
          m.to.includes(IT_ADDRESS) &&
          m.subject.startsWith('Audit trail: ') &&
          titled(m.subject),
      );
      return opened.map(m => {
        const replies = state.inbox.filter(
          r => r.headers['in-reply-to'] === m.messageId,
        );
        return {
          title: m.subject,
          resolution: replies.map(r => `${r.subject}\n${r.text}`).join('\n'),
          count: replies.length,
        };
      });
    }
    if (ticketing === 'zendesk') {
      return state.helpdesk.tickets
        .filter(t => t.subject.startsWith('Audit trail: ') && titled(t.subject))
        .map(t => ({
          title: t.subject,
          resolution:
            t.status === 'solved'
              ? t.comments
                  .slice(1)
                  .map(c => c.body)
                  .join('\n')
              : undefined,
          count: t.comments.length - 1,
        }));
    }
    return state.desk.requests
      .filter(r => {
        const summary = String(r.fields.summary);
        return summary.startsWith('Audit trail: ') && titled(summary);
      })
      .map(r => ({
        title: String(r.fields.summary).replace(/ \[ph[0-9a-f]+\]$/, ''),
        resolution:
          r.history.at(-1)!.status === 'Resolved'
            ? (r.comments ?? []).map(c => c.body).join('\n')
            : undefined,
        count: r.history.filter(h => h.status === 'Resolved').length,
      }));
  }

  beforeAll(async () => {
    const groups: Array<{ id: string; name: string }> = await fetch(
      `${portal.sandbox().urls.inspector}/api/okta/groups`,
    ).then(r => r.json());
    const group = (name: string) => groups.find(g => g.name === name)!.id;
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
    await api(ADMIN, 'PUT', '/apps/notion', {
      name: 'Notion',
      tiers: ['member'],
      approval: manager,
      fulfillment: 'automatic',
      okta: {
        instanceId: '0oaNotion',
        tiers: [
          { tier: 'member', grant: 'okta-group', groupId: MISSING_GROUP },
        ],
      },
    });
  });

  async function approvedByOlivia(who: string, appKey: string, tier: string) {
    const r = await api(ref(who), 'POST', '/requests', { appKey, tier });
    await api(ref('olivia.chen'), 'POST', `/requests/${r.id}/decision`, {
      decision: 'approved',
    });
    return r.id as string;
  }
  const settled = (id: string) =>
    until(
      async () => (await api(ADMIN, 'GET', `/requests/${id}`)).status,
      s => s === 'fulfilled' || s === 'failed',
    );

  it('opens one ticket when an Okta request is approved and resolves it once as granted', async () => {
    await settings(true);
    const id = await approvedByOlivia('emma.jones', 'figma', 'editor');
    expect(await settled(id)).toBe('fulfilled');
    const [ticket] = await until(
      async () => auditTickets('Emma Jones'),
      t => t.length === 1 && t[0].resolution !== undefined && t[0].count > 0,
    );
    expect(ticket.title).toBe('Audit trail: Figma Editor for Emma Jones');
    expect(ticket.resolution).toMatch(/Done: Okta granted it\./);
    // Later runs of the jobs add nothing.
    await new Promise(r => setTimeout(r, 1000));
    expect(auditTickets('Emma Jones')).toEqual([
      expect.objectContaining({ count: 1 }),
    ]);
  });

  it('resolves the ticket with the failure when Okta cannot grant it', async () => {
    await settings(true);
    const id = await approvedByOlivia('liam.patel', 'notion', 'member');
    expect(await settled(id)).toBe('failed');
    const [ticket] = await until(
      async () => auditTickets('Liam Patel'),
      t => t.length === 1 && t[0].count > 0,
    );
    expect(ticket.title).toBe('Audit trail: Notion Member for Liam Patel');
    expect(ticket.resolution).toMatch(
      /Failed: Okta could not make the change\./,
    );
  });

  it('opens none while the setting is off', async () => {
    await settings(false);
    const id = await approvedByOlivia('noah.kim', 'figma', 'viewer');
    expect(await settled(id)).toBe('fulfilled');
    await new Promise(r => setTimeout(r, 1000));
    expect(auditTickets('Noah Kim')).toEqual([]);
  });
});
