import { JobStore, NewJob } from '@internal/durable-jobs';
import { RequestStatus } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { markReminded } from './operations/approvals/markReminded';
import { escalateLevel } from './operations/overdue/escalateLevel';
import { listEscalationCandidates } from './operations/overdue/overdueRequests';
import { NewApproval, NewEvent } from './operations/requests/types';
import {
  listAwaiting,
  listPendingApprovals,
} from './operations/approvals/pendingApprovals';

/** The approvals requests wait on: approvers' inboxes and reminders. */
export class ApprovalsStore {
  constructor(private readonly knex: Knex, private readonly jobs?: JobStore) {}

  /** Undecided approvals of the level a pending request waits on. */
  pendingApprovals() {
    return listPendingApprovals(this.knex);
  }

  /** Requests waiting for this approver's decision. */
  listAwaiting(approver: string, limit?: number) {
    return listAwaiting(this.knex, approver, limit);
  }

  /** Counts a reminder, with its event and its jobs, in one transaction. */
  markReminded(
    requestId: string,
    level: number,
    approver: string,
    status: RequestStatus,
    nowMs: number,
    jobs?: NewJob[],
  ): Promise<void> {
    return markReminded(
      this.knex,
      { requestId, level, approver, status },
      nowMs,
      async trx => {
        if (!jobs?.length) return;
        if (!this.jobs) throw new Error('This store has no job table');
        await this.jobs.enqueue(jobs, { trx });
      },
    );
  }

  /** Pending levels asked at or before `askedBeforeMs` and never escalated. */
  escalationCandidates(
    askedBeforeMs: number,
    page?: { limit: number; offset: number },
  ) {
    return listEscalationCandidates(this.knex, askedBeforeMs, page);
  }

  /**
   * Escalates a request's level once, with its new approvers, event and
   * jobs in one transaction; false when it moved on or was escalated already.
   */
  escalate(
    escalation: {
      requestId: string;
      version: number;
      level: number;
      approvals: NewApproval[];
      events: NewEvent[];
    },
    nowMs: number,
    jobs?: NewJob[],
  ): Promise<boolean> {
    return escalateLevel(this.knex, escalation, nowMs, async trx => {
      if (!jobs?.length) return;
      if (!this.jobs) throw new Error('This store has no job table');
      await this.jobs.enqueue(jobs, { trx });
    });
  }
}
