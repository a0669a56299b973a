import { ConflictError, NotFoundError } from '@backstage/errors';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { ExtendInput } from './types';
import { ApproverResolver } from './ApproverResolver';
import { FulfillmentHandoff, FulfillmentReport } from './FulfillmentHandoff';
import { RequestCancelRetry } from './RequestCancelRetry';
import { RequestDecisions } from './RequestDecisions';
import { RequestEffects, RequestUseCaseDeps } from './RequestEffects';
import { RequestIntake } from './RequestIntake';
import { LicenseReturn, ReturnInput } from './LicenseReturn';

/**
 * The request state machine, one use case per unit: intake (submit),
 * decisions (approval routing), cancel and retry, and the hand-off to
 * fulfillment. Every change is written with its history event in one
 * transaction. Acts for a named actor: permission decisions are made before
 * (see `AuthorizedRequestService`).
 */
export class RequestUseCases {
  readonly intake: RequestIntake;
  readonly returns: LicenseReturn;
  readonly decisions: RequestDecisions;
  readonly cancelRetry: RequestCancelRetry;
  readonly handoff: FulfillmentHandoff;

  constructor(private readonly deps: RequestUseCaseDeps) {
    const effects = new RequestEffects(deps);
    const approvers = new ApproverResolver(deps.people);
    this.handoff = new FulfillmentHandoff(effects);
    this.intake = new RequestIntake(effects, approvers, this.handoff);
    this.returns = new LicenseReturn(effects, this.handoff);
    this.decisions = new RequestDecisions(effects, approvers, this.handoff);
    this.cancelRetry = new RequestCancelRetry(effects, this.handoff);
  }

  submit(
    input: {
      appKey: string;
      tier: string;
      justification?: string;
      accessDays?: number;
    },
    options: { requester: string },
  ): Promise<AccessRequest> {
    return this.intake.submit(input, options);
  }

  /**
   * Asks to keep time-bound access longer: a request of kind `extend` for
   * the requester's active grant, through the app's approval policy.
   */
  async submitExtension(
    grantId: string,
    input: ExtendInput,
    options: { requester: string },
  ): Promise<AccessRequest> {
    const grant = await this.deps.grants?.get(grantId);
    if (!grant || grant.requester !== options.requester) {
      throw new NotFoundError(
        `You hold no time-bound access from request ${grantId}`,
      );
    }
    const now = (this.deps.now ?? Date.now)();
    if (grant.status !== 'active' || grant.expiresAtMs <= now) {
      throw new ConflictError(
        'This access has ended, so it cannot be extended; request the app again',
      );
    }
    return this.intake.submit(
      {
        appKey: grant.appKey,
        tier: grant.tier,
        justification: input.justification,
        accessDays: input.accessDays,
      },
      options,
      grant,
    );
  }

  submitIntake(
    input: { name: string; url?: string; reason: string },
    options: { requester: string },
  ): Promise<AccessRequest> {
    return this.intake.submitIntake(input, options);
  }

  /** Gives back the tier of the app the requester holds; no approval. */
  submitReturn(
    input: ReturnInput,
    options: { requester: string },
  ): Promise<AccessRequest> {
    return this.returns.submit(input, options);
  }

  decide(
    ...args: Parameters<RequestDecisions['decide']>
  ): Promise<AccessRequest> {
    return this.decisions.decide(...args);
  }

  cancel(requestId: string, options: { actor: string }) {
    return this.cancelRetry.cancel(requestId, options);
  }

  retryFulfillment(requestId: string, options: { actor: string }) {
    return this.cancelRetry.retryFulfillment(requestId, options);
  }

  recordFulfillment(requestId: string, result: FulfillmentReport) {
    return this.handoff.recordFulfillment(requestId, result);
  }
}
