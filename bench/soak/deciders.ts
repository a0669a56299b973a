import { Sandbox } from '../../packages/sandbox/src';
import { PortalClient } from './client';
import { Decision, Ledger, TrackedRequest, Via } from './ledger';

const HOME = '/api/productiv-home';
/** How long an approver waits for the message before deciding in the portal. */
const MESSAGE_PATIENCE_MS = 60_000;
/** How long a Slack clicker waits to see the click counted or refused. */
const CLICK_PATIENCE_MS = 15_000;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const emailOf = (ref: string) => `${ref.split('/')[1]}@acme.example.com`;

type Current = {
  status: string;
  level?: number;
  approvals: Array<{ level: number; approver: string; decision?: Decision }>;
};

/**
 * The approvers of the soak: each level of a request is decided where the
 * plan says, in the portal or from the message the approver got (the
 * e-mail's link, or the Slack button, clicked through the sandbox so that
 * the real signing paths are used), as a person would: someone whose click
 * or link did not work tries again, or decides in the portal.
 */
export class Deciders {
  constructor(
    private readonly deps: {
      api: PortalClient;
      sandbox: Sandbox;
      ledger: Ledger;
      random: () => number;
    },
  ) {}

  private async current(r: TrackedRequest): Promise<Current | undefined> {
    const a = await this.deps.api.call(
      r.requester,
      'GET',
      `${HOME}/requests/${r.id}`,
    );
    return a.status === 200 ? a.body : undefined;
  }

  private decidedAt(c: Current | undefined, level: number) {
    return c?.approvals.find(a => a.level === level && a.decision)?.decision;
  }

  /** One look at a request: decides its pending level if it is time. */
  async step(r: TrackedRequest): Promise<void> {
    const c = await this.current(r);
    if (!c) {
      r.nextAt = Date.now() + 3000;
      return;
    }
    if (c.status !== 'pending_approval' || !c.level) {
      r.nextAt = undefined;
      return;
    }
    const level = c.level;
    if (r.levelSince?.level !== level) r.levelSince = { level, at: Date.now() };
    const approver = c.approvals.find(
      a => a.level === level && !a.decision,
    )!.approver;
    const decision = r.plan[level] ?? 'approved';
    r.channel[level] ??= this.deps.random() < 0.3 ? 'portal' : 'message';
    let via: Via = 'portal';
    let outcome: string;
    if (r.channel[level] === 'message') {
      const viaMessage = await this.fromMessage(r, level, approver, decision);
      if (viaMessage === 'wait') {
        r.nextAt = Date.now() + 2000;
        return;
      }
      if (viaMessage === 'fallback') {
        this.deps.ledger.counts.messageFallbacksToPortal++;
        r.channel[level] = 'portal';
        outcome = await this.inPortal(r, level, approver, decision);
      } else {
        [via, outcome] = viaMessage;
      }
    } else {
      outcome = await this.inPortal(r, level, approver, decision);
    }
    r.attempts.push({ level, via, outcome, at: Date.now() });
    r.nextAt = Date.now() + (outcome === 'acked' ? 1000 : 3000);
  }

  private ack(r: TrackedRequest, level: number, decision: Decision, via: Via) {
    r.acks.push({ level, decision, via, at: Date.now() });
    const counts = this.deps.ledger.counts;
    if (via === 'portal') counts.decisionsPortal++;
    else if (via === 'email') counts.decisionsEmail++;
    else counts.decisionsSlack++;
  }

  private async inPortal(
    r: TrackedRequest,
    level: number,
    approver: string,
    decision: Decision,
  ): Promise<string> {
    const a = await this.deps.api.call(
      approver,
      'POST',
      `${HOME}/requests/${r.id}/decision`,
      { decision, comment: `soak: ${decision} at level ${level}` },
    );
    if (a.status === 200) {
      this.ack(r, level, decision, 'portal');
      return 'acked';
    }
    return `portal ${a.status}`;
  }

  /**
   * Decides from the approver's e-mail or Slack message for this level, if
   * one arrived: 'wait' while none has, 'fallback' when the approver gives
   * up on it, else how the attempt ended.
   */
  private async fromMessage(
    r: TrackedRequest,
    level: number,
    approver: string,
    decision: Decision,
  ): Promise<'wait' | 'fallback' | [Via, string]> {
    const mail = this.mail(r, level, approver);
    const slack = this.slackMessage(r, level, approver);
    if (slack) return ['slack', await this.click(r, level, decision, slack)];
    if (mail) {
      const url = decision === 'approved' ? mail.approve : mail.deny;
      return ['email', await this.follow(r, level, decision, url)];
    }
    const since = r.levelSince?.at ?? Date.now();
    return Date.now() - since > MESSAGE_PATIENCE_MS ? 'fallback' : 'wait';
  }

  private mail(r: TrackedRequest, level: number, approver: string) {
    const to = emailOf(approver);
    const mails = this.deps.sandbox.state.inbox.filter(
      m =>
        m.to.includes(to) &&
        m.subject.startsWith('Approve ') &&
        m.text.includes(`request=${r.id}`) &&
        m.text.includes(`(level ${level})`),
    );
    const last = mails[mails.length - 1];
    if (!last) return undefined;
    const approve = /Approve: (\S+)/.exec(last.text)?.[1];
    const deny = /Deny: (\S+)/.exec(last.text)?.[1];
    return approve && deny ? { approve, deny } : undefined;
  }

  private slackMessage(r: TrackedRequest, level: number, approver: string) {
    const ws = this.deps.sandbox.state.workspace;
    const user = ws.users.find(u => u.email === emailOf(approver));
    const blockId = `productiv-home:${r.id}:${level}`;
    return ws.messages
      .filter(
        m =>
          m.recipient === user?.id &&
          m.blocks.some(
            b =>
              b.block_id === blockId &&
              b.elements?.some(
                (e: any) => e.action_id === 'productiv_home_approve',
              ),
          ),
      )
      .at(-1);
  }

  /** Opens the e-mail link, then confirms on its page (the form's POST). */
  private async follow(
    r: TrackedRequest,
    level: number,
    decision: Decision,
    url: string,
  ): Promise<string> {
    const api = this.deps.api;
    const page = await api.page(url);
    if (page.status !== 200) return this.afterRefusedLink(r, level, page);
    const form: Record<string, string> = { comment: `soak: by e-mail` };
    for (const m of page.text.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
    ))
      form[m[1]] = m[2].replace(/&amp;/g, '&');
    const posted = await api.page(url, form);
    if (posted.status === 200 && posted.text.includes('Thank you')) {
      this.ack(r, level, decision, 'email');
      return 'acked';
    }
    return this.afterRefusedLink(r, level, posted);
  }

  /** A used link while the level is still undecided burned the decision. */
  private async afterRefusedLink(
    r: TrackedRequest,
    level: number,
    page: { status: number; text: string },
  ): Promise<string> {
    if (page.status === 410 && page.text.includes('already been used')) {
      const c = await this.current(r);
      if (c?.status === 'pending_approval' && c.level === level) {
        this.deps.ledger.emailLinksBurned.push({
          requestId: r.id,
          level,
          at: Date.now(),
        });
        r.channel[level] = 'portal';
      }
    }
    return `email ${page.status}`;
  }

  /** Clicks the button and waits to see the click counted or refused. */
  private async click(
    r: TrackedRequest,
    level: number,
    decision: Decision,
    message: { channel: string; ts: string },
  ): Promise<string> {
    const { sandbox } = this.deps;
    const ws = sandbox.state.workspace;
    const before = ws.responses.length;
    const res = await fetch(
      `${sandbox.urls.inspector}/api/slack/messages/${message.channel}/${message.ts}/click`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          actionId:
            decision === 'approved'
              ? 'productiv_home_approve'
              : 'productiv_home_deny',
        }),
      },
    );
    const body = await res.json().catch(() => ({}));
    if (!res.ok || body.status !== 200)
      return `slack ${body.status ?? res.status}`;
    const deadline = Date.now() + CLICK_PATIENCE_MS;
    while (Date.now() < deadline) {
      await sleep(1000);
      const told = ws.responses
        .slice(before)
        .find(x => x.channel === message.channel && x.ts === message.ts);
      if (told) return `slack refused: ${told.text.slice(0, 80)}`;
      const c = await this.current(r);
      const decided = this.decidedAt(c, level);
      if (decided) {
        if (decided === decision) this.ack(r, level, decision, 'slack');
        return decided === decision ? 'acked' : 'slack: decided otherwise';
      }
    }
    this.deps.ledger.slackClicksUnanswered.push({
      requestId: r.id,
      level,
      at: Date.now(),
    });
    return 'slack: neither counted nor refused';
  }
}
