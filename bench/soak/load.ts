import { Sandbox, seededRandom } from '../../packages/sandbox/src';
import { PortalClient } from './client';
import { Deciders } from './deciders';
import { Ledger, TrackedRequest } from './ledger';
import { SOAK_MANAGERS, SoakPerson } from './org';
import { ADMIN, LEVEL2_APPROVER, SOAK_APPS, setApprovalMethod } from './setup';

const HOME = '/api/productiv-home';
const PW = '/api/provisioning-workflows';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Seconds between actions of each kind (a steady, moderate mix). */
export const PACE = {
  createMs: 1500,
  browseMs: 400,
  deciderMs: 500,
  ticketsMs: 2000,
  previewMs: 5000,
  approvalMethodMs: 60_000,
};

/**
 * The soak's steady load: people browse the catalog and their requests,
 * create requests, approvers decide (portal, e-mail links, Slack clicks),
 * IT resolves tickets in Jira Service Management and Zendesk (JSM's status
 * change fires its webhook), an admin previews the Tableau workflow and
 * switches the approval method between e-mail and Slack every minute.
 */
export class Load {
  private running = false;
  private decisionsPaused = false;
  private loops: Promise<void>[] = [];
  private readonly random = seededRandom(13);
  private readonly combos: Array<{
    person: SoakPerson;
    appKey: string;
    tier: string;
  }>;
  private readonly deciders: Deciders;
  private readonly inFlight = new Set<Promise<unknown>>();
  private method: 'email' | 'slack' = 'email';

  constructor(
    private readonly deps: {
      api: PortalClient;
      sandbox: Sandbox;
      ledger: Ledger;
      people: SoakPerson[];
      tableauInstanceId: string;
    },
  ) {
    // Each person asks for each app and tier at most once: every grant is
    // a new membership or ticket, so the sandbox's records count per request.
    this.combos = deps.people.flatMap(person =>
      SOAK_APPS.flatMap(app =>
        app.tiers.map(tier => ({ person, appKey: app.appKey, tier })),
      ),
    );
    for (let i = this.combos.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [this.combos[i], this.combos[j]] = [this.combos[j], this.combos[i]];
    }
    this.deciders = new Deciders({
      api: deps.api,
      sandbox: deps.sandbox,
      ledger: deps.ledger,
      random: this.random,
    });
  }

  start(): void {
    this.running = true;
    this.loops = [
      this.every(PACE.createMs, () => this.create()),
      this.every(PACE.browseMs, () => this.browse()),
      this.every(PACE.deciderMs, () => this.decide()),
      this.every(PACE.ticketsMs, () => this.resolveTickets()),
      this.every(PACE.previewMs, () => this.preview()),
      this.every(
        PACE.approvalMethodMs,
        () => this.switchApprovalMethod(),
        true,
      ),
    ];
  }

  /** Stops starting work and waits for what is under way. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all([...this.inFlight]);
  }

  /** No decision starts while paused (the ticketing switch); waits for those under way. */
  async pauseDecisions(): Promise<void> {
    this.decisionsPaused = true;
    await Promise.all([...this.inFlight]);
  }

  resumeDecisions(): void {
    this.decisionsPaused = false;
  }

  private every(
    ms: number,
    fn: () => Promise<unknown>,
    skipFirst = false,
  ): Promise<void> {
    return (async () => {
      if (skipFirst) await this.sleepWhileRunning(ms);
      while (this.running) {
        const started = Date.now();
        const work = fn().catch(error => {
          // eslint-disable-next-line no-console
          console.error(`soak load: ${error?.stack ?? error}`);
        });
        this.inFlight.add(work);
        work.finally(() => this.inFlight.delete(work));
        await this.sleepWhileRunning(Math.max(0, ms - (Date.now() - started)));
      }
    })();
  }

  private async sleepWhileRunning(ms: number) {
    const until = Date.now() + ms;
    while (this.running && Date.now() < until)
      await sleep(Math.min(250, until - Date.now()));
  }

  private pick<T>(list: T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private async create(): Promise<void> {
    const combo = this.combos.pop();
    if (!combo) return;
    const { api, ledger } = this.deps;
    const tag = `soak-${String(ledger.counts.creates++).padStart(4, '0')}`;
    const app = SOAK_APPS.find(a => a.appKey === combo.appKey)!;
    const plan: TrackedRequest['plan'] = {};
    for (let level = 1; level <= app.levels; level++)
      plan[level] =
        this.random() < (level === 1 ? 0.2 : 0.1) ? 'denied' : 'approved';
    for (let attempt = 1; attempt <= 8; attempt++) {
      const a = await api.call(combo.person.ref, 'POST', `${HOME}/requests`, {
        appKey: combo.appKey,
        tier: combo.tier,
        justification: `Soak request ${tag}`,
      });
      let id: string | undefined;
      let learnedFrom: TrackedRequest['learnedFrom'] = 'created';
      if (a.status === 201) id = a.body.id;
      else if (a.status === 409) {
        // An earlier attempt landed although its answer was lost.
        id = /request (\S+) is/.exec(a.body?.error?.message ?? a.text)?.[1];
        learnedFrom = 'conflict';
        ledger.counts.createConflictsAdopted++;
      }
      if (id) {
        ledger.requests.set(id, {
          id,
          requester: combo.person.ref,
          appKey: combo.appKey,
          tier: combo.tier,
          tag,
          createdAt: Date.now(),
          learnedFrom,
          plan,
          channel: {},
          acks: [],
          attempts: [],
          nextAt: Date.now() + 2000 + this.random() * 8000,
        });
        return;
      }
      if (a.status !== 0 && a.status < 500)
        throw new Error(`create: ${a.status} ${a.text}`);
      await sleep(1000 * attempt);
    }
    ledger.createsAbandoned.push({
      requester: combo.person.ref,
      appKey: combo.appKey,
      tier: combo.tier,
    });
  }

  private async browse(): Promise<void> {
    const { api, people, ledger } = this.deps;
    ledger.counts.browses++;
    const draw = this.random();
    if (draw < 0.15) {
      const approver =
        this.random() < 0.8
          ? `user:default/${this.pick(SOAK_MANAGERS)}`
          : LEVEL2_APPROVER;
      await api.call(approver, 'GET', `${HOME}/approvals`);
      return;
    }
    if (draw < 0.2) {
      await api.call(ADMIN, 'GET', `${HOME}/requests?scope=all&limit=50`);
      return;
    }
    const person = this.pick(people).ref;
    if (draw < 0.45) await api.call(person, 'GET', `${HOME}/catalog`);
    else if (draw < 0.65) await api.call(person, 'GET', `${HOME}/requests`);
    else if (draw < 0.75)
      await api.call(person, 'GET', `${HOME}/catalog/peers`);
    else if (draw < 0.85) await api.call(person, 'GET', `${HOME}/me`);
    else {
      const mine = [...ledger.requests.values()].filter(
        r => r.requester === person,
      );
      if (mine.length)
        await api.call(person, 'GET', `${HOME}/requests/${this.pick(mine).id}`);
      else await api.call(person, 'GET', `${HOME}/catalog`);
    }
  }

  /** Up to 4 requests decided at once; the deciders pace themselves. */
  private async decide(): Promise<void> {
    if (this.decisionsPaused) return;
    const due = [...this.deps.ledger.requests.values()]
      .filter(r => r.nextAt !== undefined && r.nextAt <= Date.now())
      .slice(0, 4);
    for (const r of due) r.nextAt = Number.MAX_SAFE_INTEGER; // taken
    await Promise.all(
      due.map(r =>
        this.deciders.step(r).catch(error => {
          // eslint-disable-next-line no-console
          console.error(`soak decider: ${error?.stack ?? error}`);
          r.nextAt = Date.now() + 3000;
        }),
      ),
    );
  }

  /** IT works the open tickets: most resolved, one JSM request in ten declined. */
  private async resolveTickets(): Promise<void> {
    const { sandbox, ledger } = this.deps;
    const inspector = sandbox.urls.inspector;
    const post = (path: string, body: object) =>
      fetch(`${inspector}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const oldEnough = (at: number) => Date.now() - at > 3000;
    for (const r of sandbox.state.desk.requests) {
      const status = r.history[r.history.length - 1].statusCategory;
      if (status === 'DONE' || !oldEnough(r.createdAt)) continue;
      const decline = this.random() < 0.1;
      const res = await post(
        `/api/jira/requests/${r.issueKey}/resolve`,
        decline ? { outcome: 'declined' } : {},
      );
      if (res.ok)
        ledger.counts[decline ? 'ticketsDeclined' : 'ticketsResolved']++;
    }
    for (const t of sandbox.state.helpdesk.tickets) {
      if (
        ['solved', 'closed'].includes(t.status) ||
        !oldEnough(Date.parse(t.created_at))
      )
        continue;
      const res = await post(`/api/zendesk/tickets/${t.id}/resolve`, {
        comment: 'Granted by the soak',
      });
      if (res.ok) ledger.counts.ticketsResolved++;
    }
  }

  /** Resolves every open ticket (the drain: IT finishes the queue). */
  async resolveAllTickets(): Promise<void> {
    await this.resolveTickets();
  }

  private async preview(): Promise<void> {
    const { api, ledger, tableauInstanceId } = this.deps;
    ledger.counts.previews++;
    await api.call(
      ADMIN,
      'POST',
      `${PW}/workflows/${tableauInstanceId}/preview?limit=50`,
    );
    if (this.random() < 0.3)
      await api.call(
        ADMIN,
        'GET',
        `${PW}/workflows/${tableauInstanceId}/results`,
      );
  }

  private async switchApprovalMethod(): Promise<void> {
    this.method = this.method === 'email' ? 'slack' : 'email';
    await setApprovalMethod(this.deps.api, this.method);
    this.deps.ledger.counts.settingsChanges++;
  }
}
