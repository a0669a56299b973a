import {
  ApproverSpec,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import {
  NewApproval,
  NewEvent,
} from '../../database/operations/requests/types';
import { PeopleDirectory } from './types';

/** Who must approve a request, level by level. */
export class ApproverResolver {
  constructor(private readonly people: PeopleDirectory) {}

  /** Whether the app's approval rule applies to this requester. */
  async needsApproval(app: HomeApp, requester: string): Promise<boolean> {
    if (app.approval.required === 'no-one') return false;
    if (app.approval.required === 'everyone') return true;
    const groups = await this.people.groupsOf(requester);
    return !groups.some(g => app.approval.exceptGroups.includes(g));
  }

  /**
   * The approvers of one level. Only when no primary approver can be
   * resolved (no manager, unreachable, nobody left but the requester) is the
   * fallback approver used.
   */
  async resolveLevel(
    level: number,
    spec: ApproverSpec,
    app: HomeApp,
    requester: string,
    settings: HomeSettings,
  ): Promise<{ approvers: NewApproval[]; events: NewEvent[] }> {
    const { people } = this;
    let candidates: string[] = [];
    if (spec.type === 'manager') {
      const manager = await people.managerOf(requester);
      candidates = manager ? [manager] : [];
    } else if (spec.type === 'app-owner') {
      candidates = app.owners;
    } else if (spec.type === 'users') {
      candidates = spec.users;
    } else {
      candidates = await people.membersOf(spec.group);
    }
    const reachable: string[] = [];
    for (const c of new Set(candidates)) {
      if (c !== requester && (await people.isReachable(c))) reachable.push(c);
    }
    const events: NewEvent[] = [];
    if (reachable.length) {
      events.push({
        actor: 'system',
        type: 'approval-requested',
        level,
        comment: reachable.join(', '),
        status: 'pending_approval',
      });
      return {
        approvers: reachable.map(approver => ({
          level,
          approver,
          viaFallback: false,
        })),
        events,
      };
    }
    const fallback = settings.fallbackApprover;
    if (!fallback || fallback === requester) return { approvers: [], events };
    events.push({
      actor: 'system',
      type: 'fallback-used',
      level,
      comment: `No ${
        spec.type === 'manager' ? 'manager' : spec.type
      } approver could be resolved; asking ${fallback}`,
      status: 'pending_approval',
    });
    return {
      approvers: [{ level, approver: fallback, viaFallback: true }],
      events,
    };
  }
}

/** The refusal when a level has nobody to ask. */
export const NO_APPROVER_MESSAGE =
  'No approver can be found for this request and no fallback approver is set; ask a Productiv admin to set one';
