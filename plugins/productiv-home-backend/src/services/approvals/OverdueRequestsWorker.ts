import { HomeApp } from '@internal/plugin-productiv-home-common';
import { ApprovalsStore } from '../../database/ApprovalsStore';
import { RequestEffects, RequestUseCaseDeps } from '../requests/RequestEffects';
import { RequestExpiry } from '../requests/RequestExpiry';
import { WriteAuditor } from '../WriteAuditor';
import { ApprovalEscalation } from './ApprovalEscalation';
import { DAY_MS, shortestDays } from './overdueRules';

const PAGE = 200;

/**
 * Background work on requests nobody decided (run by a global scheduled
 * task): closes those pending longer than their limit, then escalates the
 * levels pending longer than their service level. Each change is written
 * with its jobs in one transaction and checked against the request's
 * version, so a run cut short, a second replica or a restart never closes
 * or escalates anything twice.
 */
export class OverdueRequestsWorker {
  private readonly effects: RequestEffects;
  private readonly expiry: RequestExpiry;
  private readonly escalation: ApprovalEscalation;

  constructor(
    private readonly deps: RequestUseCaseDeps & {
      approvals: ApprovalsStore;
      /** Every app offered, for their own limits. */
      listApps: () => Promise<HomeApp[]>;
      auditor?: WriteAuditor;
    },
  ) {
    this.effects = new RequestEffects(deps);
    this.expiry = new RequestExpiry(this.effects, deps);
    this.escalation = new ApprovalEscalation(this.effects, deps);
  }

  async run(): Promise<{ expired: number; escalated: number }> {
    const settings = await this.deps.settings();
    const apps = await this.deps.listApps();
    const now = this.effects.now();
    let expired = 0;
    let escalated = 0;

    const expiryCutoff = now - shortestDays(apps, settings, 'expiry') * DAY_MS;
    await this.pages(
      page => this.deps.store.expiryCandidates(expiryCutoff, page),
      async c => {
        const closed = await this.expiry.expire(c, settings);
        if (closed) expired++;
        return closed;
      },
    );

    const escalationCutoff =
      now - shortestDays(apps, settings, 'escalation') * DAY_MS;
    await this.pages(
      page => this.deps.approvals.escalationCandidates(escalationCutoff, page),
      async c => {
        const outcome = await this.escalation.escalate(c, settings);
        if (outcome === 'escalated') escalated++;
        return outcome !== 'skipped';
      },
    );
    if (expired || escalated) this.effects.jobsQueued();
    return { expired, escalated };
  }

  /**
   * Every candidate, a page at a time: those handled leave the list, those
   * skipped (not due under their app's limit, or failing) are paged over.
   */
  private async pages<T extends { requestId: string }>(
    list: (page: { limit: number; offset: number }) => Promise<T[]>,
    handle: (candidate: T) => Promise<boolean>,
  ): Promise<void> {
    let skipped = 0;
    for (;;) {
      const batch = await list({ limit: PAGE, offset: skipped });
      for (const candidate of batch) {
        let handled = false;
        try {
          handled = await handle(candidate);
        } catch (error) {
          this.deps.logger?.warn('Could not handle an overdue request', {
            requestId: candidate.requestId,
            error: (error as Error).message,
          });
        }
        if (!handled) skipped++;
      }
      if (batch.length < PAGE) return;
    }
  }
}
