import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AccessRequest,
  ApproverSpec,
  HomeApp,
  HomeSettings,
} from '@internal/plugin-productiv-home-common';
import { NewJob } from '@internal/durable-jobs';
import { ApprovalsStore } from '../../database/ApprovalsStore';
import { RequestsStore } from '../../database/RequestsStore';
import {
  DuplicateRequestError,
  NewApproval,
  NewEvent,
} from '../../database/operations/requests/types';
import { PeopleDirectory, RequestNotifier } from './types';

const HOUR_MS = 3600 * 1000;
/** The job that hands an approved request to its fulfillment provider. */
export const FULFILL_JOB = 'fulfill';
/** Jobs that reach people through the approval channel (Slack or e-mail). */
export const CHANNEL_JOBS = {
  approvalRequest: 'approval-request',
  outcome: 'approval-outcome',
  reminder: 'approval-reminder',
  requesterUpdate: 'requester-update',
} as const;
const FULFILL_MAX_ATTEMPTS = 20;
const INTAKE_PREFIX = 'intake:';
const INTAKE_TIER = 'new-app';

/** What the requester is told about, through the approval channel. */
export type RequesterUpdate =
  | 'approved-level'
  | 'approved'
  | 'denied'
  | 'fulfilled'
  | 'failed';

/** How many times the request went to fulfillment so far. */
function attemptOf(request: AccessRequest): number {
  return request.history.filter(e => e.type === 'fulfilling').length;
}

function intakeKey(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (!slug) throw new InputError('Give the name of the app you need');
  return `${INTAKE_PREFIX}${slug}`;
}

/** A stand-in app for requests of apps that are not in the catalog: default approvers, no owners. */
function intakeApp(appKey: string, name: string): HomeApp {
  return {
    appKey,
    name,
    description: '',
    category: 'New app',
    tiers: [INTAKE_TIER],
    owners: [],
    approval: { required: 'everyone', exceptGroups: [], levels: [] },
    fulfillment: 'ticket',
  };
}

/**
 * The request state machine: submit, approve or deny level by level,
 * cancel, remind, and hand approved requests to fulfillment. Every change
 * is written with its history event in one transaction.
 */
export class RequestService {
  constructor(
    private readonly deps: {
      store: RequestsStore;
      approvals: ApprovalsStore;
      people: PeopleDirectory;
      notifier: RequestNotifier;
      /** Called after a change queued jobs, e.g. to run them right away. */
      onJobsQueued?: () => void;
      /**
       * Whether the approval channel of the settings is installed; without
       * one, no channel work is queued (it could not be delivered).
       */
      channelInstalled?: () => Promise<boolean>;
      settings: () => Promise<HomeSettings>;
      /** Where apps are looked up: the in-memory catalog in the plugin. */
      apps: { getApp(appKey: string): Promise<HomeApp | undefined> };
      /** Where failures to notify are reported; a notification failure never undoes a change. */
      logger?: { warn(message: string, meta?: object): void };
      /** Called after every change of a request, e.g. to publish a signal to the people involved. */
      onChange?: (request: AccessRequest) => Promise<void>;
      now?: () => number;
    },
  ) {}

  private getApp(appKey: string) {
    return this.deps.apps.getApp(appKey);
  }

  /**
   * Tells `onChange` about a change; reads the request back unless the
   * caller already has it as stored.
   */
  private async changed(
    requestOrId: string | AccessRequest,
  ): Promise<AccessRequest> {
    const requestId =
      typeof requestOrId === 'string' ? requestOrId : requestOrId.id;
    const request =
      typeof requestOrId === 'string'
        ? await this.deps.store.get(requestOrId)
        : requestOrId;
    try {
      await this.deps.onChange?.(request);
    } catch (error) {
      this.deps.logger?.warn('Could not publish a request change', {
        requestId,
        error: (error as Error).message,
      });
    }
    return request;
  }

  /**
   * Tells people about a change that is already stored: if the message cannot
   * be sent, the change stands and the failure is logged.
   */
  private async notify(
    message: Parameters<RequestNotifier['notify']>[0],
  ): Promise<void> {
    try {
      await this.deps.notifier.notify(message);
    } catch (error) {
      this.deps.logger?.warn('Could not send a request notification', {
        requestId: message.requestId,
        error: (error as Error).message,
      });
    }
  }

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  /** Asks each new approver through the approval channel. */
  private async channelOn(): Promise<boolean> {
    return (await this.deps.channelInstalled?.()) ?? true;
  }

  private approvalJobs(requestId: string, approvals: NewApproval[]): NewJob[] {
    return approvals.map(a => ({
      type: CHANNEL_JOBS.approvalRequest,
      key: `${CHANNEL_JOBS.approvalRequest}:${requestId}:${a.level}:${a.approver}`,
      payload: { requestId, level: a.level, approver: a.approver },
    }));
  }

  /** Shows the approvers of a level how it ended, where they were asked. */
  private outcomeJobs(
    request: AccessRequest,
    level: number,
    status: 'approved' | 'denied' | 'cancelled',
    by: string,
  ): NewJob[] {
    return request.approvals
      .filter(a => a.level === level)
      .map(a => ({
        type: CHANNEL_JOBS.outcome,
        key: `${CHANNEL_JOBS.outcome}:${request.id}:${level}:${a.approver}`,
        payload: {
          requestId: request.id,
          level,
          approver: a.approver,
          status:
            a.approver === by || status === 'cancelled'
              ? status
              : 'decided-elsewhere',
          by,
        },
      }));
  }

  /** Tells the requester through the approval channel. */
  private requesterJob(
    requestId: string,
    what: RequesterUpdate,
    attempt = 1,
  ): NewJob {
    return {
      type: CHANNEL_JOBS.requesterUpdate,
      key: `${CHANNEL_JOBS.requesterUpdate}:${requestId}:${what}:${attempt}`,
      payload: { requestId, what },
    };
  }

  /** Channel work, or none when no channel could deliver it. */
  private async forChannel(jobs: NewJob[]): Promise<NewJob[]> {
    return (await this.channelOn()) ? jobs : [];
  }

  /**
   * A request for an app that is not in the catalog: it goes to the default
   * approvers; once approved, IT follows up (no automatic fulfillment).
   */
  async submitIntake(
    input: { name: string; url?: string; reason: string },
    options: { requester: string },
  ): Promise<AccessRequest> {
    const { store } = this.deps;
    const settings = await this.deps.settings();
    const appKey = intakeKey(input.name);
    if (!settings.defaultApprovers.length) {
      throw new ConflictError(
        'No default approvers are set for requests of new apps; ask a Productiv admin to set them',
      );
    }
    const open = await store.findOpen(options.requester, appKey, INTAKE_TIER);
    if (open) {
      throw new ConflictError(
        `You already asked for ${input.name}: request ${
          open.id
        } is ${open.status.replace('_', ' ')}`,
      );
    }
    const app = intakeApp(appKey, input.name);
    const first = await this.resolveLevel(
      1,
      settings.defaultApprovers[0],
      app,
      options.requester,
      settings,
    );
    if (!first.approvers.length) {
      throw new ConflictError(
        'No approver can be found for this request and no fallback approver is set; ask a Productiv admin to set one',
      );
    }
    const justification = [
      input.reason.trim(),
      input.url ? `Website: ${input.url}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    const channel = await this.channelOn();
    const created = await store.create(
      {
        requester: options.requester,
        appKey,
        tier: INTAKE_TIER,
        justification,
        status: 'pending_approval',
        level: 1,
      },
      first.approvers,
      [
        {
          actor: options.requester,
          type: 'submitted',
          comment: `New app: ${input.name}`,
          status: 'pending_approval',
        },
        ...first.events,
      ],
      this.now(),
      id => (channel ? this.approvalJobs(id, first.approvers) : []),
    );
    this.deps.onJobsQueued?.();
    await this.notify({
      recipients: first.approvers.map(a => a.approver),
      title: `${options.requester} asks for a new app: ${input.name}`,
      description: justification,
      requestId: created.id,
    });
    return this.changed(created);
  }

  async submit(
    input: { appKey: string; tier: string; justification?: string },
    options: { requester: string },
  ): Promise<AccessRequest> {
    try {
      return await this.submitOnce(input, options);
    } catch (error) {
      // The database keeps one open request per person, app and tier.
      if (!(error instanceof DuplicateRequestError)) throw error;
      const app = await this.getApp(input.appKey);
      throw new ConflictError(
        `You already have an open request for ${app?.name ?? input.appKey} (${
          input.tier
        }): request ${error.openRequestId} is ${(
          error.openStatus ?? 'open'
        ).replace('_', ' ')}`,
      );
    }
  }

  private async submitOnce(
    input: { appKey: string; tier: string; justification?: string },
    options: { requester: string },
  ): Promise<AccessRequest> {
    const { store } = this.deps;
    const requester = options.requester;
    const app = await this.getApp(input.appKey);
    if (!app)
      throw new NotFoundError(
        `${input.appKey} is not offered in Productiv Home`,
      );
    if (!app.tiers.includes(input.tier)) {
      throw new InputError(
        `${app.name} has no tier '${
          input.tier
        }'; choose one of ${app.tiers.join(', ')}`,
      );
    }
    const settings = await this.deps.settings();
    const justification = input.justification?.trim() || undefined;
    if (settings.justificationRequired && !justification) {
      throw new InputError(
        'Tell your approver why you need this app: a justification is required',
      );
    }
    const levels = app.approval.levels.length
      ? app.approval.levels
      : settings.defaultApprovers;
    const needsApproval =
      levels.length > 0 && (await this.needsApproval(app, requester));
    if (!needsApproval) {
      const { id } = await store.create(
        {
          requester,
          appKey: app.appKey,
          tier: input.tier,
          justification,
          status: 'approved',
        },
        [],
        [
          { actor: requester, type: 'submitted', status: 'approved' },
          {
            actor: 'system',
            type: 'approved',
            comment: 'No approval needed',
            status: 'approved',
          },
        ],
        this.now(),
      );
      return this.fulfill(id, app);
    }
    const first = await this.resolveLevel(
      1,
      levels[0],
      app,
      requester,
      settings,
    );
    if (!first.approvers.length) {
      throw new ConflictError(
        'No approver can be found for this request and no fallback approver is set; ask a Productiv admin to set one',
      );
    }
    const channel = await this.channelOn();
    const created = await store.create(
      {
        requester,
        appKey: app.appKey,
        tier: input.tier,
        justification,
        status: 'pending_approval',
        level: 1,
      },
      first.approvers,
      [
        { actor: requester, type: 'submitted', status: 'pending_approval' },
        ...first.events,
      ],
      this.now(),
      id => (channel ? this.approvalJobs(id, first.approvers) : []),
    );
    this.deps.onJobsQueued?.();
    await this.notify({
      recipients: first.approvers.map(a => a.approver),
      title: `Approve ${app.name} (${input.tier}) for ${requester}?`,
      description: justification ?? 'No justification given',
      requestId: created.id,
    });
    return this.changed(created);
  }

  private async needsApproval(
    app: HomeApp,
    requester: string,
  ): Promise<boolean> {
    if (app.approval.required === 'no-one') return false;
    if (app.approval.required === 'everyone') return true;
    const groups = await this.deps.people.groupsOf(requester);
    return !groups.some(g => app.approval.exceptGroups.includes(g));
  }

  /**
   * The approvers of one level. Only when no primary approver can be
   * resolved (no manager, unreachable, nobody left but the requester) is the
   * fallback approver used.
   */
  private async resolveLevel(
    level: number,
    spec: ApproverSpec,
    app: HomeApp,
    requester: string,
    settings: HomeSettings,
  ): Promise<{ approvers: NewApproval[]; events: NewEvent[] }> {
    const { people } = this.deps;
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

  async decide(
    requestId: string,
    input: { decision: 'approved' | 'denied'; comment?: string },
    options: {
      actor: string;
      /** The level the approver was asked at (a channel's message): a decision for an earlier level is refused. */
      level?: number;
    },
  ): Promise<AccessRequest> {
    const { store } = this.deps;
    const request = await store.get(requestId);
    if (request.requester === options.actor)
      throw new NotAllowedError('You cannot decide on your own request');
    if (options.level !== undefined && request.level !== options.level) {
      throw new ConflictError(
        `Request ${requestId} no longer waits for a decision at level ${options.level}`,
      );
    }
    if (request.status !== 'pending_approval') {
      throw new ConflictError(
        `Request ${requestId} is ${request.status.replace(
          '_',
          ' ',
        )}; there is nothing to decide`,
      );
    }
    const mine = request.approvals.find(
      a => a.level === request.level && a.approver === options.actor,
    );
    if (!mine)
      throw new NotAllowedError(
        `You are not an approver of request ${requestId} at level ${request.level}`,
      );
    const app = request.appKey.startsWith(INTAKE_PREFIX)
      ? intakeApp(request.appKey, request.appKey.slice(INTAKE_PREFIX.length))
      : await this.getApp(request.appKey);
    const level = request.level!;
    const decision = {
      level,
      approver: options.actor,
      decision: input.decision,
    };
    const comment = input.comment?.trim() || undefined;

    if (input.decision === 'denied') {
      await store.transition(
        requestId,
        request.version,
        {
          status: 'denied',
          level: null,
          decision,
          events: [
            {
              actor: options.actor,
              type: 'denied',
              level,
              comment,
              status: 'denied',
            },
          ],
          jobs: await this.forChannel([
            ...this.outcomeJobs(request, level, 'denied', options.actor),
            this.requesterJob(requestId, 'denied'),
          ]),
        },
        this.now(),
      );
      this.deps.onJobsQueued?.();
      await this.notify({
        recipients: [request.requester],
        title: `Your request for ${app?.name ?? request.appKey} (${
          request.tier
        }) was denied`,
        description: comment ?? `Denied by ${options.actor}`,
        requestId,
      });
      return this.changed(requestId);
    }

    const settings = await this.deps.settings();
    const levels = app?.approval.levels.length
      ? app.approval.levels
      : settings.defaultApprovers;
    const approvedEvent: NewEvent = {
      actor: options.actor,
      type: 'approved',
      level,
      comment,
      status: 'pending_approval',
    };
    if (level < levels.length && app) {
      const next = await this.resolveLevel(
        level + 1,
        levels[level],
        app,
        request.requester,
        settings,
      );
      if (!next.approvers.length) {
        await store.transition(
          requestId,
          request.version,
          {
            status: 'failed',
            level: null,
            decision,
            events: [
              approvedEvent,
              {
                actor: 'system',
                type: 'failed',
                level: level + 1,
                comment:
                  'No approver for the next level and no fallback approver',
                status: 'failed',
              },
            ],
          },
          this.now(),
        );
        return this.changed(requestId);
      }
      await store.transition(
        requestId,
        request.version,
        {
          status: 'pending_approval',
          level: level + 1,
          decision,
          approvals: next.approvers,
          events: [approvedEvent, ...next.events],
          jobs: await this.forChannel([
            ...this.outcomeJobs(request, level, 'approved', options.actor),
            ...this.approvalJobs(requestId, next.approvers),
            this.requesterJob(requestId, 'approved-level', level),
          ]),
        },
        this.now(),
      );
      this.deps.onJobsQueued?.();
      await this.notify({
        recipients: next.approvers.map(a => a.approver),
        title: `Approve ${app.name} (${request.tier}) for ${request.requester}?`,
        description: `Approved at level ${level} by ${options.actor}`,
        requestId,
      });
      await this.notify({
        recipients: [request.requester],
        title: `Your request for ${app.name} (${request.tier}) was approved at level ${level}`,
        description: `It now waits for level ${level + 1}`,
        requestId,
      });
      return this.changed(requestId);
    }
    await store.transition(
      requestId,
      request.version,
      {
        status: 'approved',
        level: null,
        decision,
        events: [{ ...approvedEvent, status: 'approved' }],
        jobs: await this.forChannel([
          ...this.outcomeJobs(request, level, 'approved', options.actor),
          ...(app &&
          !app.appKey.startsWith(INTAKE_PREFIX) &&
          app.fulfillment !== 'manual'
            ? [this.requesterJob(requestId, 'approved')]
            : []),
        ]),
      },
      this.now(),
    );
    this.deps.onJobsQueued?.();
    // New-app (intake) requests end approved: IT takes it from there.
    return app && !app.appKey.startsWith(INTAKE_PREFIX)
      ? this.fulfill(requestId, app)
      : this.changed(requestId);
  }

  /**
   * Hands an approved request to fulfillment. Apps set to manual are
   * fulfilled at once; the others go to a durable `fulfill` job, queued in
   * the same transaction as the move to `fulfilling`.
   */
  private async fulfill(
    requestId: string,
    app: HomeApp,
  ): Promise<AccessRequest> {
    const { store } = this.deps;
    const request = await store.get(requestId);
    if (app.fulfillment === 'manual') {
      await store.transition(
        request.id,
        request.version,
        {
          status: 'fulfilled',
          events: [
            {
              actor: 'system',
              type: 'fulfilling',
              comment: 'manual',
              status: 'fulfilling',
            },
            { actor: 'system', type: 'fulfilled', status: 'fulfilled' },
          ],
          jobs: [
            ...(await this.forChannel([
              this.requesterJob(request.id, 'fulfilled', attemptOf(request)),
            ])),
          ],
        },
        this.now(),
      );
      this.deps.onJobsQueued?.();
      await this.tellRequesterOutcome(request, app, { status: 'fulfilled' });
      return this.changed(requestId);
    }
    const attempt = attemptOf(request) + 1;
    await store.transition(
      request.id,
      request.version,
      {
        status: 'fulfilling',
        fulfillment: { failureReason: null },
        events: [
          {
            actor: 'system',
            type: 'fulfilling',
            comment: app.fulfillment,
            status: 'fulfilling',
          },
        ],
        jobs: [
          {
            type: FULFILL_JOB,
            key: `${FULFILL_JOB}:${request.id}:${attempt}`,
            payload: { requestId: request.id },
            // With backoff up to 10 minutes, about two hours of an
            // unreachable or failing system before the request fails.
            maxAttempts: FULFILL_MAX_ATTEMPTS,
          },
        ],
      },
      this.now(),
    );
    this.deps.onJobsQueued?.();
    return this.changed(requestId);
  }

  private async tellRequesterOutcome(
    request: AccessRequest,
    app: HomeApp | undefined,
    result: { status: 'fulfilled' } | { status: 'failed'; reason: string },
  ) {
    const name = app?.name ?? request.appKey;
    await this.notify({
      recipients: [request.requester],
      title:
        result.status === 'fulfilled'
          ? `You have access to ${name} (${request.tier})`
          : `Your access to ${name} (${request.tier}) could not be set up`,
      description:
        result.status === 'failed'
          ? result.reason
          : 'Your request was approved and fulfilled',
      requestId: request.id,
    });
  }

  /**
   * Records what fulfillment reported for a request in `fulfilling`:
   * fulfilled, a ticket opened (stays fulfilling until resolved), or failed.
   * Results for a request that is no longer fulfilling are ignored (a late
   * or repeated report).
   */
  async recordFulfillment(
    requestId: string,
    result:
      | { status: 'fulfilled'; provider?: string; detail?: string }
      | {
          status: 'pending';
          provider: string;
          externalId: string;
          externalUrl?: string;
        }
      | { status: 'failed'; provider?: string; reason: string },
  ): Promise<AccessRequest> {
    const { store } = this.deps;
    const request = await store.get(requestId);
    if (request.status !== 'fulfilling') return request;
    if (result.status === 'pending') {
      if (request.fulfillment?.externalId === result.externalId) return request;
      await store.transition(
        requestId,
        request.version,
        {
          status: 'fulfilling',
          fulfillment: {
            provider: result.provider,
            externalId: result.externalId,
            externalUrl: result.externalUrl ?? null,
          },
          events: [
            {
              actor: 'system',
              type: 'ticket-opened',
              comment: `${result.provider} ${result.externalId}${
                result.externalUrl ? ` ${result.externalUrl}` : ''
              }`,
              status: 'fulfilling',
            },
          ],
        },
        this.now(),
      );
      return this.changed(requestId);
    }
    await store.transition(
      requestId,
      request.version,
      {
        status: result.status,
        fulfillment: {
          ...(result.provider ? { provider: result.provider } : {}),
          failureReason: result.status === 'failed' ? result.reason : null,
        },
        events: [
          {
            actor: 'system',
            type: result.status,
            comment: result.status === 'failed' ? result.reason : result.detail,
            status: result.status,
          },
        ],
        jobs: await this.forChannel([
          this.requesterJob(requestId, result.status, attemptOf(request)),
        ]),
      },
      this.now(),
    );
    this.deps.onJobsQueued?.();
    const app = await this.getApp(request.appKey);
    await this.tellRequesterOutcome(request, app, result);
    return this.changed(requestId);
  }

  /** An admin sends a failed request to fulfillment again. */
  async retryFulfillment(
    requestId: string,
    options: { actor: string },
  ): Promise<AccessRequest> {
    const { store } = this.deps;
    const request = await store.get(requestId);
    if (request.status !== 'failed') {
      throw new ConflictError(
        `Request ${requestId} is ${request.status.replace(
          '_',
          ' ',
        )}; only failed requests can be retried`,
      );
    }
    const app = await this.getApp(request.appKey);
    if (!app) {
      throw new ConflictError(
        `${request.appKey} is no longer in Productiv Home; add it again to retry`,
      );
    }
    await store.transition(
      requestId,
      request.version,
      {
        status: 'approved',
        events: [
          {
            actor: options.actor,
            type: 'retried',
            comment: request.fulfillment?.failureReason,
            status: 'approved',
          },
        ],
      },
      this.now(),
    );
    return this.fulfill(requestId, app);
  }

  async cancel(
    requestId: string,
    options: { actor: string },
  ): Promise<AccessRequest> {
    const { store } = this.deps;
    const request = await store.get(requestId);
    if (request.requester !== options.actor)
      throw new NotAllowedError('Only the requester can cancel a request');
    if (request.status !== 'pending_approval') {
      throw new ConflictError(
        `Request ${requestId} is ${request.status.replace(
          '_',
          ' ',
        )} and can no longer be cancelled`,
      );
    }
    await store.transition(
      requestId,
      request.version,
      {
        status: 'cancelled',
        level: null,
        events: [
          { actor: options.actor, type: 'cancelled', status: 'cancelled' },
        ],
        jobs: request.level
          ? await this.forChannel(
              this.outcomeJobs(
                request,
                request.level,
                'cancelled',
                options.actor,
              ),
            )
          : [],
      },
      this.now(),
    );
    this.deps.onJobsQueued?.();
    return this.changed(requestId);
  }

  /** Reminds approvers whose decision is overdue, per the reminder schedule; returns how many. */
  async sendReminders(): Promise<number> {
    const { store, approvals } = this.deps;
    const settings = await this.deps.settings();
    const now = this.now();
    let sent = 0;
    for (const p of await approvals.pendingApprovals()) {
      const dueAfter = settings.reminderHours[p.remindersSent];
      if (dueAfter === undefined || now - p.requestedAtMs < dueAfter * HOUR_MS)
        continue;
      const request = await store.get(p.requestId);
      await this.notify({
        recipients: [p.approver],
        title: `Reminder: ${request.requester} is waiting for your decision on ${request.appKey} (${request.tier})`,
        description: `Requested ${request.createdAt}`,
        requestId: request.id,
      });
      await approvals.markReminded(
        p.requestId,
        p.level,
        p.approver,
        request.status,
        now,
        await this.forChannel([
          {
            type: CHANNEL_JOBS.reminder,
            key: `${CHANNEL_JOBS.reminder}:${p.requestId}:${p.level}:${
              p.approver
            }:${p.remindersSent + 1}`,
            payload: {
              requestId: p.requestId,
              level: p.level,
              approver: p.approver,
            },
          },
        ]),
      );
      sent++;
    }
    if (sent) this.deps.onJobsQueued?.();
    return sent;
  }
}
