import { LoggerService } from '@backstage/backend-plugin-api';
import {
  JobHandler,
  JobJson,
  JobStore,
  NewJob,
  PermanentError,
  RetryableError,
} from '@internal/durable-jobs';
import {
  AccessRequest,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import {
  ApprovedRequest,
  AuditTrailTicket,
  AuditTrailTicketing,
} from '@internal/plugin-productiv-home-node';
import { RequestsStore } from '../../database/RequestsStore';
import { ConnectorsService } from '../connectors/ConnectorsService';
import { FulfillmentReport } from '../requests/FulfillmentHandoff';

export const AUDIT_OPEN_JOB = 'audit-ticket-open';
export const AUDIT_RESOLVE_JOB = 'audit-ticket-resolve';
/** About two hours of an unreachable ticketing system, as for fulfillment. */
const MAX_ATTEMPTS = 20;

/** How long a resolve waits for its ticket to be opened before a retry. */
const OPEN_WAIT_MS = 10_000;

const openKey = (requestId: string, attempt: number) =>
  `${AUDIT_OPEN_JOB}:${requestId}:${attempt}`;

type ResolvePayload = {
  requestId: string;
  attempt: number;
  status: 'fulfilled' | 'failed';
  detail?: string;
};

/**
 * Audit-trail tickets (setting `auditTrailTickets`): a request that Okta
 * fulfils gets a ticket in the active ticketing system, opened when it goes
 * to fulfillment and resolved with the outcome when fulfillment ends. Both
 * are durable jobs keyed by the request and the fulfillment attempt, so
 * each happens once; the resolve waits for the open, and a ticket opened
 * before the setting was switched off is still resolved.
 */
export class AuditTrail {
  constructor(
    private readonly deps: {
      trails: Map<string, AuditTrailTicketing>;
      connectors: ConnectorsService;
      store: RequestsStore;
      jobs: JobStore;
      settings: () => Promise<HomeSettings>;
      apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
      /** What a provider is told about a request (FulfillmentService). */
      describe: (
        request: AccessRequest,
      ) => Promise<ApprovedRequest | undefined>;
      logger: LoggerService;
    },
  ) {}

  /** The active ticketing system's audit trail, if it has one. */
  private ticketing(id?: string): AuditTrailTicketing | undefined {
    const active = id ?? this.deps.connectors.activeTicketing?.id;
    return active ? this.deps.trails.get(active) : undefined;
  }

  /**
   * Queues the ticket's opening for an Okta fulfillment attempt, when the
   * settings ask for audit-trail tickets; once per attempt, however often
   * the fulfill job runs.
   */
  async opening(request: AccessRequest, attempt: number): Promise<void> {
    if (!this.ticketing()) return;
    if (!(await this.deps.settings()).auditTrailTickets) return;
    await this.deps.jobs.enqueue([
      {
        type: AUDIT_OPEN_JOB,
        key: openKey(request.id, attempt),
        payload: { requestId: request.id, attempt },
        maxAttempts: MAX_ATTEMPTS,
      },
    ]);
  }

  /**
   * The job that resolves the ticket of this attempt, written with the
   * outcome it reports; none for apps Okta does not fulfil. It finds no
   * ticket (and ends) when none was opened.
   */
  async resolving(
    request: AccessRequest,
    attempt: number,
    result: FulfillmentReport,
  ): Promise<NewJob[]> {
    if (result.status === 'pending' || !this.ticketing()) return [];
    const app = await this.deps.apps.getApp(request.appKey);
    if (app?.fulfillment !== 'automatic') return [];
    const detail = result.status === 'failed' ? result.reason : result.detail;
    const payload: ResolvePayload = {
      requestId: request.id,
      attempt,
      status: result.status,
      ...(detail ? { detail } : {}),
    };
    return [
      {
        type: AUDIT_RESOLVE_JOB,
        key: `${AUDIT_RESOLVE_JOB}:${request.id}:${attempt}`,
        payload,
        maxAttempts: MAX_ATTEMPTS,
      },
    ];
  }

  handlers(): Record<string, JobHandler> {
    return {
      [AUDIT_OPEN_JOB]: async (job, ctx): Promise<JobJson> => {
        const ticketing = this.ticketing();
        if (!ticketing) return { skipped: 'no audit trail installed' };
        const { requestId } = job.payload as { requestId: string };
        const approved = await this.approved(requestId);
        const ticket = await ticketing.open(approved, {
          logger: this.deps.logger.child({ requestId }),
          signal: ctx.signal,
          idempotencyKey: ctx.idempotencyKey,
        });
        return {
          ticketing: ticketing.id,
          externalId: ticket.externalId,
          externalUrl: ticket.externalUrl ?? null,
        };
      },
      [AUDIT_RESOLVE_JOB]: async (job, ctx): Promise<JobJson> => {
        const p = job.payload as ResolvePayload;
        const opened = await this.openJob(p, ctx.signal);
        if (!opened) return { skipped: 'no audit-trail ticket' };
        if (opened.status === 'failed') {
          return { skipped: 'the audit-trail ticket could not be opened' };
        }
        if (opened.status !== 'succeeded') {
          throw new RetryableError('The audit-trail ticket is being opened');
        }
        const result = opened.result as {
          ticketing?: string;
          externalId?: string;
          externalUrl?: string | null;
        };
        if (!result?.externalId) return { skipped: 'no audit-trail ticket' };
        const ticketing = this.ticketing(result.ticketing);
        if (!ticketing) {
          throw new PermanentError(
            `The ${result.ticketing} audit trail is no longer installed: resolve ticket ${result.externalId} there`,
          );
        }
        const ticket: AuditTrailTicket = {
          externalId: result.externalId,
          ...(result.externalUrl ? { externalUrl: result.externalUrl } : {}),
        };
        await ticketing.resolve(
          ticket,
          await this.approved(p.requestId),
          { status: p.status, ...(p.detail ? { detail: p.detail } : {}) },
          {
            logger: this.deps.logger.child({ requestId: p.requestId }),
            signal: ctx.signal,
            idempotencyKey: ctx.idempotencyKey,
          },
        );
        return { resolved: ticket.externalId, status: p.status };
      },
    };
  }

  /**
   * The job that opens this attempt's ticket, once it ended or after
   * `OPEN_WAIT_MS`: an Okta call that fails at once reports before the
   * ticket is open, and the resolve waits for it here rather than for a
   * retry's backoff.
   */
  private async openJob(p: ResolvePayload, signal: AbortSignal) {
    const key = openKey(p.requestId, p.attempt);
    const until = Date.now() + OPEN_WAIT_MS;
    for (;;) {
      const opened = await this.deps.jobs.getByKey(key);
      const ended =
        !opened || opened.status === 'succeeded' || opened.status === 'failed';
      if (ended || Date.now() >= until || signal.aborted) return opened;
      await new Promise(r => setTimeout(r, 200));
    }
  }

  private async approved(requestId: string): Promise<ApprovedRequest> {
    const request = await this.deps.store.get(requestId);
    const approved = await this.deps.describe(request);
    if (!approved) {
      throw new PermanentError(
        `${request.appKey} is no longer in Productiv Home`,
      );
    }
    return approved;
  }
}
