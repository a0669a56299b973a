export type Decision = 'approved' | 'denied';
export type Via = 'portal' | 'email' | 'slack';

/** A decision the portal answered as taken (200, or the e-mail's "Thank you"). */
export type Ack = { level: number; decision: Decision; via: Via; at: number };

/** A request the load created, and what it did with it. */
export type TrackedRequest = {
  id: string;
  requester: string;
  appKey: string;
  tier: string;
  /** In the justification, so that mails and tickets can be told apart. */
  tag: string;
  createdAt: number;
  /** Learned from the 201, or from a 409 after a create whose answer was lost. */
  learnedFrom: 'created' | 'conflict';
  /** The decision the approvers will take at each level. */
  plan: Record<number, Decision>;
  /** Where the approver of each level decides: the portal or the message. */
  channel: Record<number, 'portal' | 'message'>;
  acks: Ack[];
  /** Every decision attempt and how it ended, for the report's detail. */
  attempts: Array<{ level: number; via: Via; outcome: string; at: number }>;
  /** When the decider looks at it next; undefined once nothing is left to decide. */
  nextAt?: number;
  /** When the current level was first seen pending. */
  levelSince?: { level: number; at: number };
};

/** What the load did, for the checks at the end. */
export class Ledger {
  readonly requests = new Map<string, TrackedRequest>();
  /** Creates whose every attempt failed (the person gave up). */
  readonly createsAbandoned: Array<{
    requester: string;
    appKey: string;
    tier: string;
  }> = [];
  /** Slack clicks answered 200 that were neither counted nor refused. */
  readonly slackClicksUnanswered: Array<{
    requestId: string;
    level: number;
    at: number;
  }> = [];
  /** E-mail links that said "already used" while the level was undecided. */
  readonly emailLinksBurned: Array<{
    requestId: string;
    level: number;
    at: number;
  }> = [];
  readonly counts = {
    creates: 0,
    createConflictsAdopted: 0,
    decisionsPortal: 0,
    decisionsEmail: 0,
    decisionsSlack: 0,
    messageFallbacksToPortal: 0,
    ticketsResolved: 0,
    ticketsDeclined: 0,
    previews: 0,
    settingsChanges: 0,
    browses: 0,
  };
}
