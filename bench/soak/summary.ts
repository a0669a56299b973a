import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { Findings, Kill } from './checks';
import { Ledger } from './ledger';
import { markdownTable, RouteRow, routeMarkdown } from './report';

const list = (items: string[], max = 40) =>
  items.length
    ? [
        ...items.slice(0, max).map(i => `- ${i}`),
        ...(items.length > max ? [`- … and ${items.length - max} more`] : []),
      ].join('\n')
    : '- none';

/** The soak's report: settings, verdict, kills, load, faults and the route table. */
export function soakMarkdown(o: {
  started: Date;
  settings: {
    minutes: number;
    killMinutes: number;
    faultRate: number;
    people: number;
    requesters: number;
  };
  durations: { loadFrom: number; loadMs: number; drainMs: number };
  rows: RouteRow[];
  findings: Findings;
  staleMessages: string[];
  kills: Kill[];
  ledger: Ledger;
  /** Refusals of Slack clicks whose answer to the click's response_url failed (backend logs). */
  clickAnswersLost: number;
  faultStats: Record<
    string,
    { calls: number; injected429: number; injected500: number }
  >;
  workflowRun?: {
    status: string;
    startedAt?: string;
    finishedAt?: string;
    counts?: Record<string, number>;
  };
}): string {
  const f = o.findings;
  const served = o.rows.reduce((n, r) => n + r.requests, 0);
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        encoding: 'utf8',
      }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const loadStart = o.durations.loadFrom;
  const run = o.workflowRun;
  return [
    '# Soak test over real HTTP',
    '',
    `Run ${o.started.toISOString()} (commit ${commit}) on ${
      os.cpus().length
    } cores (${os.cpus()[0]?.model}), ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GB, Node ${process.version}, shared with other work. \`bench/soak.ts ${
      o.settings.minutes
    } ${o.settings.killMinutes} ${o.settings.faultRate} ${
      o.settings.people
    }\`.`,
    '',
    `Two backend processes (packages/backend) on one PostgreSQL database behind a load balancer, with the sandbox. Load for ${(
      o.durations.loadMs / 60_000
    ).toFixed(1)} min, then a drain of ${(o.durations.drainMs / 1000).toFixed(
      0,
    )} s; ${o.settings.requesters} requesters; ${
      o.settings.faultRate * 100
    }% of Okta, Slack, JSM, Zendesk and SMTP calls failed (half 429, half 500; SMTP: 451); a backend SIGKILLed and restarted every ${
      o.settings.killMinutes
    } min; Zendesk the ticketing system in the first half, JSM in the second.`,
    '',
    '## Verdict',
    '',
    markdownTable(
      ['Figure', 'Value', 'Goal'],
      [
        ['Requests served (all routes)', served, ''],
        ['5xx answers', f.serverErrors.total, ''],
        [
          "5xx outside a killed backend's in-flight calls",
          f.serverErrors.unexplained.length,
          '0',
        ],
        ['Requests lost', f.lost.length, '0'],
        ['Side effects duplicated', f.duplicated.length, '0'],
        [
          'Requests whose state their history does not explain',
          f.unexplained.length,
          '0',
        ],
        [
          'Approval messages not updated with the outcome',
          o.staleMessages.length,
          '0',
        ],
        [
          `Workflow people changed exactly once (of ${f.workflow.people})`,
          f.workflow.changedOnce,
          String(f.workflow.people),
        ],
        [
          'Workflow people not changed / changed more than once',
          `${f.workflow.notChanged} / ${f.workflow.changedMore}`,
          '0 / 0',
        ],
      ],
    ),
    '',
    `Side effects in the sandbox: ${Object.entries(f.sideEffects)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}.`,
    '',
    `Requests created: ${f.requests}, ending ${Object.entries(f.byStatus)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}. Scheduled workflow run: ${
      run
        ? `${run.status}, ${run.startedAt} to ${
            run.finishedAt
          }, ${JSON.stringify(run.counts)}`
        : 'none'
    }.`,
    '',
    '## Kills',
    '',
    markdownTable(
      ['Backend', 'Why', 'At (s)', 'Gone after (ms)', 'Back after (s)'],
      o.kills.map(k => [
        k.backend,
        k.why,
        ((k.at - loadStart) / 1000).toFixed(0),
        k.exitedAt ? k.exitedAt - k.at : '',
        k.readyAt ? ((k.readyAt - k.at) / 1000).toFixed(1) : 'not back',
      ]),
    ),
    '',
    '## What the load did',
    '',
    markdownTable(
      ['Action', 'Count'],
      Object.entries(o.ledger.counts).map(([k, v]) => [k, v]),
    ),
    '',
    `Creates given up: ${o.ledger.createsAbandoned.length}. Slack clicks answered 200 but neither counted nor refused: ${o.ledger.slackClicksUnanswered.length} (the clicker is told of a refusal through the click's response_url, a Slack call under the fault switch too; the backends logged ${o.clickAnswersLost} such answers refused by Slack), clicked again. E-mail links "already used" while their level was undecided: ${o.ledger.emailLinksBurned.length}.`,
    '',
    '## Faults injected',
    '',
    markdownTable(
      ['Service', 'Calls', '429', '500'],
      Object.entries(o.faultStats).map(([s, c]) => [
        s,
        c.calls,
        c.injected429,
        c.injected500,
      ]),
    ),
    '',
    '## Routes',
    '',
    'Every call through the balancer during the load and the drain (people, Slack clicks, JSM webhooks, e-mail links); latency from the balancer receiving the call to the end of the answer.',
    '',
    routeMarkdown(o.rows),
    '',
    '## Details',
    '',
    '### Lost',
    list(f.lost),
    '',
    '### Duplicated',
    list(f.duplicated),
    '',
    '### Unexplained states',
    list(f.unexplained),
    '',
    '### Approval messages not updated with the outcome',
    list(o.staleMessages),
    '',
    '### Unexplained 5xx',
    list(
      f.serverErrors.unexplained.map(
        c =>
          `${c.route} ${c.status} from ${
            c.upstream ?? 'no backend'
          } at ${new Date(c.startedAt).toISOString()}${
            c.upstreamError ? ` (${c.upstreamError})` : ''
          }`,
      ),
    ),
  ].join('\n');
}
