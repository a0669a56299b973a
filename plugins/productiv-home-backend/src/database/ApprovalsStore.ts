import { JobStore, NewJob } from '@internal/durable-jobs';
import { RequestStatus } from '@internal/plugin-productiv-home-common';
import { Knex } from 'knex';
import { markReminded } from './operations/approvals/markReminded';
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
}
