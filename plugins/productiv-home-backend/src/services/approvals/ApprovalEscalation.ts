import {
  AccessRequest,
  EscalationSettings,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import { ApprovalsStore } from '../../database/ApprovalsStore';
import { EscalationCandidate } from '../../database/operations/overdue/overdueRequests';
import { adminNoticeJob } from '../admin/adminNoticeJobs';
import { intakeAppOf, isIntakeKey } from '../requests/intakeApps';
import { personName, requestedThing } from '../requests/messages';
import { RequestEffects } from '../requests/RequestEffects';
import { approvalJobs, notificationJob } from '../requests/requestJobs';
import { WriteAuditor } from '../WriteAuditor';
import { DAY_MS, daysText, escalationOf } from './overdueRules';

/** What became of an overdue level. */
export type EscalationOutcome =
  /** New approvers were asked. */
  | 'escalated'
  /** Everyone to ask is asked already: the level is marked, nobody added. */
  | 'marked'
  /** Not due, moved on meanwhile, or nobody to ask yet (no fallback set). */
  | 'skipped';

/**
 * Escalates an approval level nobody decided within its service level: the
 * fallback approver, or the manager of each approver (the fallback approver
 * when none can be found), becomes an approver of the level too, asked
 * through the approval channel and a notification; the original approvers
 * may still decide. Once per level: the store records it in the same
 * transaction, and a level moved on meanwhile is left alone.
 */
export class ApprovalEscalation {
  constructor(
    private readonly effects: RequestEffects,
    private readonly deps: {
      approvals: ApprovalsStore;
      auditor?: WriteAuditor;
    },
  ) {}

  async escalate(
    candidate: EscalationCandidate,
    settings: HomeSettings,
  ): Promise<EscalationOutcome> {
    const { effects } = this;
    const request = await effects.deps.store.get(candidate.requestId);
    const level = candidate.level;
    if (request.status !== 'pending_approval' || request.level !== level) {
      return 'skipped';
    }
    const intake = isIntakeKey(request.appKey);
    const app = intake ? undefined : await effects.getApp(request.appKey);
    const rule = escalationOf(app, settings);
    if (effects.now() - candidate.askedAtMs < rule.afterDays * DAY_MS) {
      return 'skipped';
    }
    const targets = await this.targets(request, level, rule, settings);
    if (!targets) {
      effects.deps.logger?.warn(
        'An overdue approval cannot be escalated: set a fallback approver',
        { requestId: request.id, level },
      );
      return 'skipped';
    }
    const approvals = targets.map(approver => ({
      level,
      approver,
      viaFallback: false,
    }));
    const appName = app?.name ?? intakeAppOf(request.appKey).name;
    const jobs = approvals.length
      ? [
          ...(await effects.forChannel(approvalJobs(request.id, approvals))),
          notificationJob(
            {
              recipients: targets,
              title: `Approve ${requestedThing(
                appName,
                request,
              )} for ${await personName(
                effects.deps.people,
                request.requester,
              )}?`,
              description: `Nobody decided within ${daysText(
                rule.afterDays,
              )}, so you are asked too (level ${level})`,
              requestId: request.id,
            },
            'escalated',
            level,
          ),
          ...effects.forAdmins([
            adminNoticeJob({
              event: 'escalated',
              requestId: request.id,
              level,
              approvers: targets,
              afterDays: rule.afterDays,
            }),
          ]),
        ]
      : [];
    const write = () =>
      this.deps.approvals.escalate(
        {
          requestId: request.id,
          version: request.version,
          level,
          approvals,
          events: approvals.length
            ? [
                {
                  actor: 'system',
                  type: 'escalated',
                  level,
                  comment: targets.join(', '),
                  status: 'pending_approval',
                },
              ]
            : [],
        },
        effects.now(),
        jobs,
      );
    const done =
      approvals.length && this.deps.auditor
        ? await this.deps.auditor.bySystem(
            {
              eventId: 'request-escalate',
              meta: {
                requestId: request.id,
                level: String(level),
                escalatedTo: targets,
                rule: `${rule.to} after ${rule.afterDays} days`,
              },
              refusal: escalated =>
                escalated
                  ? undefined
                  : 'The request moved on or was escalated meanwhile',
            },
            write,
          )
        : await write();
    if (!done) return 'skipped';
    if (!approvals.length) return 'marked';
    await effects.changed(request.id);
    return 'escalated';
  }

  /**
   * Who is asked: the managers of the level's approvers, or the fallback
   * approver (also when no manager can be found). Empty when they are
   * asked already; undefined when nobody can be (no fallback approver).
   */
  private async targets(
    request: AccessRequest,
    level: number,
    rule: EscalationSettings,
    settings: HomeSettings,
  ): Promise<string[] | undefined> {
    const { people } = this.effects.deps;
    const asked = new Set(
      request.approvals.filter(a => a.level === level).map(a => a.approver),
    );
    const eligible = (ref: string) =>
      ref !== request.requester && !asked.has(ref);
    if (rule.to === 'manager') {
      const managers = new Set<string>();
      for (const a of request.approvals) {
        if (a.level !== level || a.viaEscalation) continue;
        const manager = await people.managerOf(a.approver);
        if (
          manager &&
          eligible(manager) &&
          (await people.isReachable(manager))
        ) {
          managers.add(manager);
        }
      }
      if (managers.size) return [...managers];
    }
    const fallback = settings.fallbackApprover;
    if (!fallback || fallback === request.requester) return undefined;
    return asked.has(fallback) ? [] : [fallback];
  }
}
