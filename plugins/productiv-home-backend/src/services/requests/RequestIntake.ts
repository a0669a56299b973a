import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { NewRequest } from '../../database/operations/requests/createRequest';
import {
  DuplicateRequestError,
  NewApproval,
  NewEvent,
} from '../../database/operations/requests/types';
import { ApproverResolver, NO_APPROVER_MESSAGE } from './ApproverResolver';
import { FulfillmentHandoff } from './FulfillmentHandoff';
import { adminNoticeJob } from '../admin/adminNoticeJobs';
import { intakeApp, intakeKey, INTAKE_TIER, isIntakeKey } from './intakeApps';
import { personName, requestedThing } from './messages';
import { RequestEffects } from './RequestEffects';
import { approvalJobs, notificationJob, requesterJob } from './requestJobs';
import {
  checkExtensionDays,
  resolveAccessDays,
} from '../grants/grantDurations';
import { Grant } from '../../database/operations/grants/types';

/**
 * New requests: for an app of the catalog (to its first approvers, or
 * straight to fulfillment when none is needed), or for an app that is not
 * in the catalog (to the default approvers).
 */
export class RequestIntake {
  constructor(
    private readonly effects: RequestEffects,
    private readonly approvers: ApproverResolver,
    private readonly handoff: FulfillmentHandoff,
  ) {}

  async submit(
    input: {
      appKey: string;
      tier: string;
      justification?: string;
      accessDays?: number;
    },
    options: { requester: string },
    /** An extension of this grant (kind `extend`), by `accessDays` more days. */
    extend?: Grant,
  ): Promise<AccessRequest> {
    try {
      return await this.submitOnce(input, options, extend);
    } catch (error) {
      // The database keeps one open request per person, app and tier.
      if (!(error instanceof DuplicateRequestError)) throw error;
      const app = await this.effects.getApp(input.appKey);
      throw new ConflictError(
        `You already have an open ${
          extend ? 'extension or request' : 'request'
        } for ${requestedThing(app?.name ?? input.appKey, {
          tier: input.tier,
        })}: request ${error.openRequestId} is ${(
          error.openStatus ?? 'open'
        ).replace('_', ' ')}`,
      );
    }
  }

  private async submitOnce(
    input: {
      appKey: string;
      tier: string;
      justification?: string;
      accessDays?: number;
    },
    options: { requester: string },
    extend?: Grant,
  ): Promise<AccessRequest> {
    const { effects } = this;
    const { store } = effects.deps;
    const requester = options.requester;
    const app = await effects.getApp(input.appKey);
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
    const accessDays = extend
      ? checkExtensionDays(app, input.tier, input.accessDays ?? 0)
      : resolveAccessDays(app, input.tier, input.accessDays);
    const timeBound = {
      ...(accessDays ? { accessDays } : {}),
      ...(extend ? { kind: 'extend' as const, grantId: extend.requestId } : {}),
    };
    // Okta says what the person holds: the same tier again is refused,
    // another one is a change from the one held. An extension keeps it.
    const fromTier = extend
      ? undefined
      : await effects.deps.access?.refuseHeld(app, requester, input.tier);
    const settings = await effects.deps.settings();
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
      levels.length > 0 && (await this.approvers.needsApproval(app, requester));
    if (!needsApproval) {
      // Created and handed to fulfillment in one transaction. A manual app's
      // request is created fulfilled, which the one-open-request index does
      // not cover: an open one is looked for first.
      const handoff = await this.handoff.handoff(app, 0, timeBound);
      if (handoff.status === 'fulfilled') {
        const open = await store.findOpen(requester, app.appKey, input.tier);
        if (open) throw new DuplicateRequestError(open.id, open.status);
      }
      const { id } = await store.create(
        {
          requester,
          appKey: app.appKey,
          tier: input.tier,
          fromTier,
          justification,
          ...timeBound,
          status: handoff.status,
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
          ...handoff.events,
        ],
        effects.now(),
        newId =>
          handoff.jobs({
            id: newId,
            requester,
            appKey: app.appKey,
            tier: input.tier,
            kind: timeBound.kind,
          }),
      );
      effects.jobsQueued();
      return effects.changed(id);
    }
    const first = await this.approvers.resolveLevel(
      1,
      levels[0],
      app,
      requester,
      settings,
    );
    if (!first.approvers.length) {
      throw new ConflictError(NO_APPROVER_MESSAGE);
    }
    return this.createPending(
      {
        requester,
        appKey: app.appKey,
        tier: input.tier,
        fromTier,
        justification,
        ...timeBound,
      },
      first,
      { actor: requester, type: 'submitted', status: 'pending_approval' },
      {
        title: `${extend ? 'Extend' : 'Approve'} ${requestedThing(app.name, {
          tier: input.tier,
          fromTier,
        })} for ${await personName(effects.deps.people, requester)}${
          extend ? ` by ${accessDays} days` : ''
        }?`,
        description: justification ?? 'No justification given',
      },
    );
  }

  /**
   * A request for an app that is not in the catalog: it goes to the default
   * approvers; once approved, IT follows up (no automatic fulfillment).
   */
  async submitIntake(
    input: { name: string; url?: string; reason: string },
    options: { requester: string },
  ): Promise<AccessRequest> {
    const { effects } = this;
    const { store } = effects.deps;
    const settings = await effects.deps.settings();
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
    const first = await this.approvers.resolveLevel(
      1,
      settings.defaultApprovers[0],
      app,
      options.requester,
      settings,
    );
    if (!first.approvers.length) {
      throw new ConflictError(NO_APPROVER_MESSAGE);
    }
    const justification = [
      input.reason.trim(),
      input.url ? `Website: ${input.url}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    return this.createPending(
      {
        requester: options.requester,
        appKey,
        tier: INTAKE_TIER,
        justification,
      },
      first,
      {
        actor: options.requester,
        type: 'submitted',
        comment: `New app: ${input.name}`,
        status: 'pending_approval',
      },
      {
        title: `${await personName(
          effects.deps.people,
          options.requester,
        )} asks for a new app: ${input.name}`,
        description: justification,
      },
    );
  }

  /**
   * Creates a request waiting at level 1, with the channel work asking its
   * approvers and the notification telling them, in one transaction.
   */
  private async createPending(
    request: Omit<NewRequest, 'status' | 'level'>,
    first: { approvers: NewApproval[]; events: NewEvent[] },
    submitted: NewEvent,
    message: { title: string; description: string },
  ): Promise<AccessRequest> {
    const { effects } = this;
    const channel = await effects.channelOn();
    const intake = isIntakeKey(request.appKey);
    const fallbackUsed = first.events.some(e => e.type === 'fallback-used');
    const created = await effects.deps.store.create(
      { ...request, status: 'pending_approval', level: 1 },
      first.approvers,
      [submitted, ...first.events],
      effects.now(),
      id => [
        ...(channel ? approvalJobs(id, first.approvers) : []),
        // The requester hears it went out; for a new app's request, the
        // portal and notifications tell it (channels name catalog apps).
        ...(channel && !intake ? [requesterJob(id, 'submitted')] : []),
        ...effects.forAdmins([
          ...(intake
            ? [adminNoticeJob({ event: 'intake', requestId: id })]
            : []),
          ...(fallbackUsed
            ? [
                adminNoticeJob({
                  event: 'fallback-used',
                  requestId: id,
                  level: 1,
                }),
              ]
            : []),
        ]),
        notificationJob(
          {
            recipients: first.approvers.map(a => a.approver),
            ...message,
            requestId: id,
          },
          'approval-request',
          1,
        ),
      ],
    );
    effects.jobsQueued();
    return effects.changed(created);
  }
}
