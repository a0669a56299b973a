import { DEMO_APPS, Sandbox } from '../../packages/sandbox/src';
import { CallRecord } from './balancer';
import { Ledger } from './ledger';
import { SOAK_APPS } from './setup';

type Req = {
  id: string;
  requester: string;
  appKey: string;
  tier: string;
  status: string;
  level?: number;
  approvals: Array<{ level: number; approver: string; decision?: string }>;
  history: Array<{
    type: string;
    status: string;
    level?: number;
    comment?: string;
  }>;
  fulfillment?: {
    provider?: string;
    externalId?: string;
    failureReason?: string;
  };
};

export type Kill = {
  backend: string;
  /** When SIGKILL was sent. */
  at: number;
  /** When the process was gone; calls it accepted until then were cut. */
  exitedAt?: number;
  readyAt?: number;
  why: string;
};

export type Findings = {
  requests: number;
  byStatus: Record<string, number>;
  lost: string[];
  duplicated: string[];
  unexplained: string[];
  serverErrors: { total: number; explained: number; unexplained: CallRecord[] };
  workflow: {
    people: number;
    changedOnce: number;
    notChanged: number;
    changedMore: number;
  };
  /** What the checks counted, to show their reach. */
  sideEffects: Record<string, number>;
};

const emailOf = (ref: string) => `${ref.split('/')[1]}@acme.example.com`;

/** The Okta group of an app's tier in the sandbox. */
function groupOf(sandbox: Sandbox, appKey: string, tier: string) {
  const name = DEMO_APPS.find(a => a.key === appKey)?.tiers?.find(
    t => t.tier === tier,
  )?.group;
  return [...sandbox.state.directory.groups.values()].find(
    g => g.profile.name === name,
  )?.id;
}

/** Whether the history leads to the status, with the events it needs. */
function historyExplains(r: Req): string | undefined {
  const last = r.history[r.history.length - 1];
  if (!last || last.status !== r.status)
    return `last event ${last?.type} (${last?.status}) does not lead to ${r.status}`;
  const has = (type: string) => r.history.some(h => h.type === type);
  switch (r.status) {
    case 'fulfilled':
      return has('fulfilling') && last.type === 'fulfilled'
        ? undefined
        : 'fulfilled without fulfilling/fulfilled events';
    case 'denied':
      return last.type === 'denied'
        ? undefined
        : 'denied without a denied event';
    case 'failed':
      return last.type === 'failed' && r.fulfillment?.failureReason
        ? undefined
        : 'failed without a reason';
    case 'pending_approval':
      return r.level &&
        r.approvals.some(a => a.level === r.level && !a.decision)
        ? undefined
        : 'pending without an undecided approver at its level';
    default:
      return `ends ${r.status}`;
  }
}

/**
 * The soak's verdict, from the sandbox's records and the final requests:
 * nothing the load was told was done is missing (lost), no side effect
 * happened twice (duplicated), every request's state is explained by its
 * history and the sandbox, and every 5xx was an in-flight call of a
 * killed backend.
 */
export function check(options: {
  sandbox: Sandbox;
  ledger: Ledger;
  requests: Req[];
  calls: CallRecord[];
  kills: Kill[];
  workflowPeople: string[];
  window: { from: number; to: number };
}): Findings {
  const { sandbox, ledger } = options;
  const dir = sandbox.state.directory;
  const lost: string[] = [];
  const duplicated: string[] = [];
  const unexplained: string[] = [];
  const final = new Map(options.requests.map(r => [r.id, r]));
  const byStatus: Record<string, number> = {};

  for (const t of ledger.requests.values()) {
    const r = final.get(t.id);
    if (!r) {
      lost.push(`${t.id} (${t.tag}): created, not in the database`);
      continue;
    }
    for (const ack of t.acks) {
      const a = r.approvals.find(x => x.level === ack.level && x.decision);
      if (a?.decision !== ack.decision)
        lost.push(
          `${t.id}: ${ack.decision} at level ${ack.level} by ${
            ack.via
          } was answered, the request shows ${a?.decision ?? 'no decision'}`,
        );
    }
  }

  // Side effects per request, from the sandbox.
  const adds = new Map<string, number>();
  for (const w of dir.writes)
    if (w.changed && w.kind === 'group.user.add')
      adds.set(
        `${w.userId} ${w.targetId}`,
        (adds.get(`${w.userId} ${w.targetId}`) ?? 0) + 1,
      );
  const ticketsOf = (id: string) => [
    ...sandbox.state.desk.requests
      .filter(j => String(j.fields.description ?? '').includes(`request=${id}`))
      .map(j => ({
        system: 'jsm',
        ref: j.issueKey,
        done: j.history[j.history.length - 1].status,
      })),
    ...sandbox.state.helpdesk.tickets
      .filter(z => z.external_id?.startsWith(`fulfill:${id}:`))
      .map(z => ({ system: 'zendesk', ref: String(z.id), done: z.status })),
  ];
  const usedAdds = new Set<string>();
  let ticketsMatched = 0;
  for (const r of options.requests) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const why = historyExplains(r);
    if (why) unexplained.push(`${r.id}: ${why}`);
    const app = SOAK_APPS.find(a => a.appKey === r.appKey);
    if (!app) {
      unexplained.push(
        `${r.id}: an app the soak does not request (${r.appKey})`,
      );
      continue;
    }
    let effects: number;
    if (app.fulfillment === 'automatic') {
      const user = dir.findUser(emailOf(r.requester));
      const key = `${user?.id} ${groupOf(sandbox, r.appKey, r.tier)}`;
      effects = adds.get(key) ?? 0;
      if (effects) usedAdds.add(key);
    } else {
      const tickets = ticketsOf(r.id);
      ticketsMatched += tickets.length;
      effects = tickets.length;
      if (
        r.status === 'fulfilled' &&
        !tickets.some(t => ['Resolved', 'solved', 'closed'].includes(t.done))
      )
        unexplained.push(
          `${r.id}: fulfilled, its ticket ${tickets
            .map(t => `${t.system} ${t.ref} ${t.done}`)
            .join(', ')} is not resolved`,
        );
      if (r.status === 'failed' && !tickets.some(t => t.done === 'Declined'))
        unexplained.push(
          `${r.id}: failed (${r.fulfillment?.failureReason}), no declined ticket`,
        );
    }
    if (effects > 1)
      duplicated.push(
        `${r.id} (${r.appKey} ${r.tier}): ${effects} ${
          app.fulfillment === 'automatic' ? 'Okta adds' : 'tickets'
        }`,
      );
    const expected =
      r.status === 'fulfilled' ||
      (r.status === 'failed' && app.fulfillment === 'ticket')
        ? 1
        : 0;
    if (effects === 0 && expected === 1)
      lost.push(`${r.id}: ${r.status} with no side effect in the sandbox`);
    if (effects > 0 && expected === 0)
      unexplained.push(
        `${r.id}: ${r.status} but ${effects} side effect(s) in the sandbox`,
      );
    if (['approved', 'fulfilling'].includes(r.status))
      lost.push(`${r.id}: still ${r.status} after the drain`);
    if (r.status === 'pending_approval') {
      const t = ledger.requests.get(r.id);
      if (t?.acks.some(a => a.level === r.level))
        lost.push(
          `${r.id}: pending at level ${r.level}, decided there per the answer`,
        );
    }
  }
  for (const [key, n] of adds)
    if (
      !usedAdds.has(key) &&
      !options.workflowPeople.includes(key.split(' ')[0])
    )
      duplicated.push(`Okta add ${key} (${n}x) belongs to no request`);
  const allTickets =
    sandbox.state.desk.requests.length + sandbox.state.helpdesk.tickets.length;
  if (allTickets !== ticketsMatched)
    duplicated.push(
      `${allTickets - ticketsMatched} ticket(s) belong to no request`,
    );

  // Messages sent twice: the same Message-ID, or the same Slack post key.
  const mailIds = new Map<string, number>();
  for (const m of sandbox.state.inbox)
    if (m.messageId)
      mailIds.set(m.messageId, (mailIds.get(m.messageId) ?? 0) + 1);
  for (const [id, n] of mailIds)
    if (n > 1) duplicated.push(`mail ${id} received ${n} times`);
  const posts = new Map<string, number>();
  for (const m of sandbox.state.workspace.messages) {
    const key = m.metadata?.event_payload?.key;
    if (typeof key === 'string') posts.set(key, (posts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of posts)
    if (n > 1) duplicated.push(`Slack post ${key} posted ${n} times`);

  // The workflow: each person left Tableau Explorer exactly once.
  const explorer = groupOf(sandbox, 'tableau', 'explorer');
  // Any other write to one of them counts as a change too many.
  const removes = new Map<string, number>();
  const people = new Set(options.workflowPeople);
  for (const w of dir.writes)
    if (w.changed && people.has(w.userId))
      removes.set(
        w.userId,
        (removes.get(w.userId) ?? 0) +
          (w.kind === 'group.user.remove' && w.targetId === explorer ? 1 : 100),
      );
  const workflow = {
    people: people.size,
    changedOnce: 0,
    notChanged: 0,
    changedMore: 0,
  };
  for (const id of people) {
    const n = removes.get(id) ?? 0;
    if (n === 1) workflow.changedOnce++;
    else if (n === 0) workflow.notChanged++;
    else workflow.changedMore++;
  }
  if (workflow.changedMore)
    duplicated.push(
      `${workflow.changedMore} workflow people changed more than once`,
    );

  // 5xx: only the in-flight calls of a backend killed while they ran: its
  // connection broke, and the call was with it between the SIGKILL and the
  // process's end (the balancer sends calls to it until it is gone, as a
  // balancer that learns of a death from the connections does).
  const inWindow = options.calls.filter(
    c => c.startedAt >= options.window.from && c.startedAt <= options.window.to,
  );
  const errors = inWindow.filter(c => c.status >= 500);
  const killedDuring = (c: CallRecord) =>
    Boolean(c.upstreamError) &&
    options.kills.some(
      k =>
        k.backend === c.upstream &&
        c.startedAt <= (k.exitedAt ?? k.at) + 100 &&
        c.endedAt >= k.at - 100,
    );
  const bad = errors.filter(c => !killedDuring(c));
  return {
    requests: options.requests.length,
    byStatus,
    lost,
    duplicated,
    unexplained,
    serverErrors: {
      total: errors.length,
      explained: errors.length - bad.length,
      unexplained: bad,
    },
    workflow,
    sideEffects: {
      'Okta group adds': [...adds.entries()]
        .filter(([k]) => usedAdds.has(k))
        .reduce((n, [, c]) => n + c, 0),
      'JSM requests': sandbox.state.desk.requests.length,
      'Zendesk tickets': sandbox.state.helpdesk.tickets.length,
      mails: sandbox.state.inbox.length,
      'Slack posts': sandbox.state.workspace.messages.length,
      'workflow removals': dir.writes.filter(
        w =>
          w.changed &&
          people.has(w.userId) &&
          w.kind === 'group.user.remove' &&
          w.targetId === explorer,
      ).length,
    },
  };
}
