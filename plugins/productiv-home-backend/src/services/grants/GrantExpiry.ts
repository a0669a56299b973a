import { LoggerService } from '@backstage/backend-plugin-api';
import { JobHandler, JobJson, NewJob } from '@internal/durable-jobs';
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import { GrantsStore } from '../../database/GrantsStore';
import { DAY_MS, Grant } from '../../database/operations/grants/types';
import { RequestsStore } from '../../database/RequestsStore';
import { FulfillmentHandoff } from '../requests/FulfillmentHandoff';
import { requestedThing } from '../requests/messages';
import { WriteAuditor } from '../WriteAuditor';
import { GrantWarnings } from './GrantWarnings';

/** The jobs of time-bound access. */
export const GRANT_JOBS = {
  /** Warns the holder and the approver of record, once per offset and expiry. */
  warn: 'grant-warning',
  /** Removes the access at its expiry, once per expiry. */
  expire: 'grant-expire',
} as const;

/** How often the scheduled sweep runs; warnings and expiry are this late at most. */
export const GRANT_SWEEP_MINUTES = 5;

export type GrantExpiryDeps = {
  grants: GrantsStore;
  store: RequestsStore;
  apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
  handoff: FulfillmentHandoff;
  settings: () => Promise<HomeSettings>;
  warnings: GrantWarnings;
  auditor?: WriteAuditor;
  logger?: LoggerService;
  onJobsQueued?: () => void;
  now?: () => number;
};

/** The offsets (days before expiry) at which warnings go out, largest first. */
export function warningDays(settings: HomeSettings): number[] {
  return [...(settings.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS)].sort(
    (a, b) => b - a,
  );
}

export const warnJob = (grant: Grant, days: number): NewJob => ({
  type: GRANT_JOBS.warn,
  key: `${GRANT_JOBS.warn}:${grant.requestId}:${grant.expiresAtMs}:${days}`,
  payload: { grantId: grant.requestId, expiresAtMs: grant.expiresAtMs, days },
  maxAttempts: 12,
});

export const expireJob = (grant: Grant): NewJob => ({
  type: GRANT_JOBS.expire,
  key: `${GRANT_JOBS.expire}:${grant.requestId}:${grant.expiresAtMs}`,
  payload: { grantId: grant.requestId, expiresAtMs: grant.expiresAtMs },
  maxAttempts: 20,
});

/**
 * Time-bound access over time: a sweep (on the guarded scheduler, any
 * replica) queues each warning and each expiry as a durable job whose key
 * names the grant and its expiry, so replicas and restarts queue each once
 * and an extension (a new expiry) plans anew. At expiry the job writes,
 * in one transaction, the grant's end and a request of kind `expire` with
 * its `fulfill` job: the removal takes the path of a return (the Okta group
 * membership, or a removal ticket), retried with backoff, exactly once.
 */
export class GrantExpiry {
  constructor(private readonly deps: GrantExpiryDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Queues the warnings and removals that are due; returns how many were new. */
  async sweep(): Promise<{ warnings: number; expiries: number }> {
    const now = this.now();
    const offsets = warningDays(await this.deps.settings());
    const horizon = now + (offsets[0] ?? 0) * DAY_MS;
    const jobs: NewJob[] = [];
    let expiries = 0;
    for (const grant of await this.deps.grants.endingBefore(horizon + 1)) {
      if (grant.expiresAtMs <= now) {
        jobs.push(expireJob(grant));
        expiries++;
        continue;
      }
      // Each offset once, from when it is reached; none from before the
      // grant began (a 2-day grant gets no 3-day warning), and only the
      // latest one reached (a late sweep does not send three at once).
      const due = offsets.filter(
        d =>
          grant.expiresAtMs - d * DAY_MS <= now &&
          grant.expiresAtMs - d * DAY_MS >= grant.grantedAtMs,
      );
      const latest = due.at(-1);
      if (latest !== undefined) jobs.push(warnJob(grant, latest));
    }
    const added = await this.deps.grants.enqueue(jobs);
    if (added) this.deps.onJobsQueued?.();
    return { warnings: jobs.length - expiries, expiries };
  }

  handlers(): Record<string, JobHandler> {
    return {
      [GRANT_JOBS.warn]: async job => {
        const { grantId, expiresAtMs, days } = job.payload as {
          grantId: string;
          expiresAtMs: number;
          days: number;
        };
        const warned = await this.deps.warnings.warn(
          grantId,
          expiresAtMs,
          days,
          this.now(),
        );
        if (warned) this.deps.onJobsQueued?.();
        return { warned };
      },
      [GRANT_JOBS.expire]: async (job): Promise<JobJson> => {
        const { grantId, expiresAtMs } = job.payload as {
          grantId: string;
          expiresAtMs: number;
        };
        const removal = await this.expire(grantId, expiresAtMs);
        return removal ? { removal } : { skipped: 'not due' };
      },
    };
  }

  /**
   * Ends a grant at its expiry with the removal request, unless it was
   * extended, ended or expired meanwhile (then nothing happens).
   */
  private async expire(
    grantId: string,
    expiresAtMs: number,
  ): Promise<string | undefined> {
    const { grants, apps, handoff } = this.deps;
    const grant = await grants.get(grantId);
    if (!grant || grant.status !== 'active') return undefined;
    if (grant.expiresAtMs !== expiresAtMs) return undefined;
    const app = await apps.getApp(grant.appKey);
    if (!app) {
      this.deps.logger?.warn(
        `Time-bound access ${grantId} to ${grant.appKey} expired, but the app is no longer in Productiv Home; remove it by hand`,
      );
      return undefined;
    }
    const now = this.now();
    const thing = requestedThing(app.name, grant);
    const write = async () => {
      const next = await handoff.handoff(app, 0, { kind: 'expire' });
      return grants.expire(
        grantId,
        now,
        {
          request: {
            requester: grant.requester,
            appKey: grant.appKey,
            tier: grant.tier,
            kind: 'expire',
            grantId,
            justification: `Time-bound access to ${thing} ended`,
            status: next.status,
          },
          events: [
            {
              actor: 'system',
              type: 'submitted',
              comment: `Access to ${thing} ended at its expiry`,
              status: 'approved',
            },
            {
              actor: 'system',
              type: 'approved',
              comment: 'No approval needed: time-bound access ended',
              status: 'approved',
            },
            ...next.events,
          ],
        },
        id =>
          next.jobs({
            id,
            requester: grant.requester,
            appKey: grant.appKey,
            tier: grant.tier,
            kind: 'expire',
          }),
      );
    };
    const removal = this.deps.auditor
      ? await this.deps.auditor.bySystem(
          {
            eventId: 'grant-expire',
            meta: { grantId, appKey: grant.appKey, tier: grant.tier },
            refusal: id => (id ? undefined : 'no longer due'),
          },
          write,
        )
      : await write();
    if (removal) this.deps.onJobsQueued?.();
    return removal;
  }
}
