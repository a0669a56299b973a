/* eslint-disable no-console */
/**
 * Soak test over real HTTP: two backend processes (packages/backend, as the
 * portal runs) on one PostgreSQL database, behind a small load balancer,
 * with the sandbox for Okta, Slack, Jira Service Management, Zendesk and
 * SMTP. For `minutes` (default 10) a steady mix runs: people browse the
 * catalog and their requests and create requests; approvers approve and
 * deny in the portal, from e-mail links and by Slack clicks; IT resolves
 * Zendesk tickets (first half) and JSM requests (second half; each status
 * change fires the JSM webhook); an admin previews a workflow and switches
 * the approval method between e-mail and Slack; a scheduled workflow run
 * deprovisions `people` (default 5,000) from Tableau. A share `faultRate`
 * (default 0.1) of all Okta, Slack, JSM, Zendesk and SMTP calls fails (half
 * 429, half 500), and one backend is SIGKILLed and restarted every
 * `killMinutes` (default 2), alternately.
 *
 * Then the load stops, both backends drain (bounded), and the soak reports
 * per route calls, 4xx, 5xx, p50 and p99; requests lost and side effects
 * duplicated, counted in the sandbox; requests whose state their history
 * does not explain; 5xx answers that were not in-flight calls of a killed
 * backend; and how many of the workflow's people were changed exactly once.
 * The results go to bench/results/soak.md.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/soak.ts [minutes] [killMinutes] [faultRate] [people]
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearProxyEnvironment, startSandbox } from '../packages/sandbox/src';
import { SERVICES } from '../packages/sandbox/src/faults';
import {
  BackendProcess,
  JSM_WEBHOOK_SECRET,
  SoakConfig,
} from './soak/backends';
import { Balancer } from './soak/balancer';
import { check, Kill } from './soak/checks';
import { PortalClient } from './soak/client';
import { soakDatabase } from './soak/database';
import { pendingWork, ticketHandoffsDone } from './soak/drain';
import { staleApprovalMessages } from './soak/messages';
import { Ledger } from './soak/ledger';
import { Load } from './soak/load';
import { writeSoakOrg } from './soak/org';
import { soakMarkdown } from './soak/summary';
import { ADMIN, setUp } from './soak/setup';
import { routeTable } from './soak/report';

const MINUTES = Number(process.argv[2] ?? 10);
const KILL_MINUTES = Number(process.argv[3] ?? 2);
const FAULT_RATE = Number(process.argv[4] ?? 0.1);
const PEOPLE = Number(process.argv[5] ?? 5000);
const REQUESTERS = 150;
const DRAIN_MAX_MS = 8 * 60_000;
const PORTS = { balancer: 7306, a: 7307, b: 7308 };
const SANDBOX_PORTS = {
  inspector: 7310,
  okta: 7311,
  slack: 7312,
  jira: 7313,
  zendesk: 7314,
  smtp: 7325,
};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const log = (text: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);

/** How many lines of the backends' logs say `text`. */
function countInLogs(dir: string, text: string): number {
  return readdirSync(dir)
    .filter(f => f.endsWith('.log'))
    .reduce(
      (n, f) =>
        n + readFileSync(path.join(dir, f), 'utf8').split(text).length - 1,
      0,
    );
}

async function main() {
  clearProxyEnvironment();
  if (
    !(
      MINUTES > 0 &&
      KILL_MINUTES > 0 &&
      FAULT_RATE >= 0 &&
      FAULT_RATE <= 1 &&
      PEOPLE >= 1
    )
  )
    throw new Error(
      'usage: bench/soak.ts [minutes] [killMinutes] [faultRate 0..1] [people]',
    );
  const started = new Date();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'soak-'));
  log(`work folder (backend logs) ${dir}`);
  const org = writeSoakOrg(dir, REQUESTERS);
  const publicUrl = `http://localhost:${PORTS.balancer}`;
  const sandbox = await startSandbox({
    ports: SANDBOX_PORTS,
    orgFile: org.file,
    slack: {
      interactivityUrl: `${publicUrl}/api/productiv-home/slack/interactivity`,
    },
    jira: {
      webhookUrl: `${publicUrl}/api/productiv-home/jira-service-management/webhook`,
      webhookSecret: JSM_WEBHOOK_SECRET,
    },
  });
  const directory = sandbox.state.directory;
  const explorer = [...directory.groups.values()].find(
    g => g.profile.name === 'Tableau Explorer',
  )!;
  const workflowPeople = directory.addSyntheticUsers(PEOPLE, {
    groupId: explorer.id,
    prefix: 'soak-wf',
  });
  const db = await soakDatabase();
  const balancer = new Balancer();
  await balancer.listen(PORTS.balancer);
  const base: Omit<SoakConfig, 'port'> = {
    publicUrl,
    db: db.connection,
    orgFile: org.file,
    sandbox,
    ticketing: 'zendesk',
  };
  const backends = [
    new BackendProcess('a', { ...base, port: PORTS.a }, dir),
    new BackendProcess('b', { ...base, port: PORTS.b }, dir),
  ];
  const kills: Kill[] = [];
  let exitCode = 1;
  try {
    for (const b of backends) {
      balancer.add(b.name, b.url);
      b.start();
      await b.waitReady();
      balancer.setReady(b.name, true);
      log(`backend ${b.name} ready (pid ${b.pid})`);
    }
    const api = new PortalClient(publicUrl);
    const { tableauInstanceId } = await setUp(api, {
      people: PEOPLE,
      runAt: () => new Date(Math.ceil((Date.now() + 75_000) / 60_000) * 60_000),
    });
    log(
      `set up: apps, settings, inventory; the workflow over ${PEOPLE} people is scheduled`,
    );

    sandbox.state.faults.reset();
    for (const s of SERVICES)
      sandbox.state.faults.set(s, {
        rate429: FAULT_RATE / 2,
        rate500: FAULT_RATE / 2,
      });
    const ledger = new Ledger();
    const load = new Load({
      api,
      sandbox,
      ledger,
      people: org.people,
      tableauInstanceId,
    });
    const loadFrom = Date.now();
    const loadUntil = loadFrom + MINUTES * 60_000;
    load.start();
    log(
      `load started for ${MINUTES} min, faults ${FAULT_RATE}, a kill every ${KILL_MINUTES} min`,
    );

    const restart = async (
      b: BackendProcess,
      why: string,
      changes?: Partial<SoakConfig>,
    ) => {
      const kill: Kill = { backend: b.name, at: Date.now(), why };
      kills.push(kill);
      await b.kill();
      kill.exitedAt = Date.now();
      balancer.setReady(b.name, false);
      b.start(changes);
      await b.waitReady();
      balancer.setReady(b.name, true);
      kill.readyAt = Date.now();
      log(
        `${why}: backend ${b.name} killed and back in ${(
          (kill.readyAt - kill.at) /
          1000
        ).toFixed(1)} s`,
      );
    };
    let switched = false;
    let nextKill = loadFrom + KILL_MINUTES * 60_000;
    let victim = 1;
    while (Date.now() < loadUntil) {
      if (!switched && Date.now() >= loadFrom + (loadUntil - loadFrom) / 2) {
        // One ticketing system at a time: none is on its way to a ticket
        // while the backends change from Zendesk to JSM.
        switched = true;
        await load.pauseDecisions();
        const deadline = Date.now() + 120_000;
        while (!(await ticketHandoffsDone(db.knex)) && Date.now() < deadline)
          await sleep(1000);
        for (const b of backends)
          await restart(b, 'ticketing switch to Jira Service Management', {
            ticketing: 'jira-service-management',
          });
        load.resumeDecisions();
      } else if (Date.now() >= nextKill) {
        await restart(backends[victim], 'scheduled kill');
        victim = 1 - victim;
        nextKill += KILL_MINUTES * 60_000;
      }
      await sleep(500);
    }
    await load.stop();
    const loadTo = Date.now();
    log(`load stopped; draining`);

    const drainDeadline = Date.now() + DRAIN_MAX_MS;
    let work = await pendingWork(db.knex);
    let runDone = false;
    const checker = new PortalClient(backends[0].url);
    for (;;) {
      await load.resolveAllTickets();
      work = await pendingWork(db.knex);
      const runs = (
        await checker.must(
          ADMIN,
          'GET',
          `/api/provisioning-workflows/workflows/${tableauInstanceId}/runs`,
        )
      ).items;
      runDone = runs.some(
        (r: any) =>
          r.trigger === 'schedule' &&
          ['succeeded', 'failed'].includes(r.status),
      );
      if (
        (work.homeJobs === 0 &&
          work.workflowJobs === 0 &&
          work.requestsUnderWay === 0 &&
          runDone) ||
        Date.now() > drainDeadline
      )
        break;
      await sleep(3000);
    }
    const drainedAt = Date.now();
    log(
      `drain ${
        runDone && work.requestsUnderWay === 0 ? 'done' : 'timed out'
      } after ${((drainedAt - loadTo) / 1000).toFixed(0)} s: ${JSON.stringify(
        work,
      )}`,
    );
    const faultStats = Object.fromEntries(
      SERVICES.map(s => [s, sandbox.state.faults.stats(s)]),
    );
    sandbox.state.faults.reset();

    const requests: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await checker.must(
        ADMIN,
        'GET',
        `/api/productiv-home/requests?scope=all&limit=100${
          cursor ? `&cursor=${cursor}` : ''
        }`,
      );
      requests.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const runs = (
      await checker.must(
        ADMIN,
        'GET',
        `/api/provisioning-workflows/workflows/${tableauInstanceId}/runs`,
      )
    ).items;
    const calls = balancer.calls.filter(
      c => c.startedAt >= loadFrom && c.startedAt <= drainedAt,
    );
    const soakRequests = requests.filter(r =>
      r.requester.startsWith('user:default/soak.'),
    );
    const findings = check({
      sandbox,
      ledger,
      requests: soakRequests,
      calls,
      kills,
      workflowPeople,
      window: { from: loadFrom, to: drainedAt },
    });
    const staleMessages = await staleApprovalMessages(
      sandbox,
      soakRequests,
      url => url.replace(publicUrl, backends[0].url),
    );
    const rows = routeTable(calls);
    const markdown = soakMarkdown({
      started,
      settings: {
        minutes: MINUTES,
        killMinutes: KILL_MINUTES,
        faultRate: FAULT_RATE,
        people: PEOPLE,
        requesters: REQUESTERS,
      },
      durations: {
        loadFrom,
        loadMs: loadTo - loadFrom,
        drainMs: drainedAt - loadTo,
      },
      rows,
      findings,
      staleMessages,
      kills,
      ledger,
      faultStats,
      clickAnswersLost: countInLogs(dir, "Slack refused a click's response"),
      workflowRun: runs.find((r: any) => r.trigger === 'schedule'),
    });
    console.log(markdown);
    const file = path.resolve(__dirname, 'results/soak.md');
    writeFileSync(process.env.SOAK_RESULTS ?? file, `${markdown}\n`);
    // The raw records, to look into a finding afterwards.
    writeFileSync(
      path.join(dir, 'records.json'),
      JSON.stringify({
        kills,
        calls,
        requests: [...ledger.requests.values()],
        findings,
      }),
    );
    log(`written to ${process.env.SOAK_RESULTS ?? file}`);
    const ok =
      findings.lost.length === 0 &&
      findings.duplicated.length === 0 &&
      findings.unexplained.length === 0 &&
      findings.serverErrors.unexplained.length === 0 &&
      staleMessages.length === 0 &&
      findings.workflow.changedOnce === PEOPLE;
    exitCode = ok ? 0 : 1;
  } finally {
    for (const b of backends) await b.kill();
    await balancer.close();
    await sandbox.stop();
    await db.drop();
  }
  process.exit(exitCode);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
