import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { ApprovalsStore } from '../../database/ApprovalsStore';
import { RequestsStore } from '../../database/RequestsStore';
import { actorOf, CallOptions, CheckedInput } from '../callOptions';
import { RequestUseCases } from './RequestUseCases';
import {
  DecisionInput,
  ExtendInput,
  IntakeInput,
  RequestListQuery,
  ReturnInput,
  SubmitInput,
  UncheckedRequestService,
} from './types';

/**
 * {@link UncheckedRequestService} for the calling user, without permission checks:
 * the use cases act for them, and reads come from the stores.
 */
export class DefaultRequestService implements UncheckedRequestService {
  constructor(
    private readonly deps: {
      useCases: RequestUseCases;
      store: RequestsStore;
      approvals: ApprovalsStore;
    },
  ) {}

  submit(input: CheckedInput<SubmitInput>, options: CallOptions) {
    return this.deps.useCases.submit(input(), { requester: actorOf(options) });
  }

  submitIntake(input: CheckedInput<IntakeInput>, options: CallOptions) {
    return this.deps.useCases.submitIntake(input(), {
      requester: actorOf(options),
    });
  }

  submitReturn(input: CheckedInput<ReturnInput>, options: CallOptions) {
    return this.deps.useCases.submitReturn(input(), {
      requester: actorOf(options),
    });
  }

  submitExtension(
    grantId: string,
    input: CheckedInput<ExtendInput>,
    options: CallOptions,
  ) {
    return this.deps.useCases.submitExtension(grantId, input(), {
      requester: actorOf(options),
    });
  }

  listRequests(query: RequestListQuery, options: CallOptions) {
    const { scope, permissionFilter, ...page } = query;
    return this.deps.store.listRequests({
      ...page,
      filter:
        scope === 'mine'
          ? { property: 'requester', values: [actorOf(options)] }
          : permissionFilter,
    });
  }

  listAwaiting(options: CallOptions): Promise<AccessRequest[]> {
    return this.deps.approvals.listAwaiting(actorOf(options));
  }

  async getRequest(id: string): Promise<AccessRequest> {
    const { version, ...visible } = await this.deps.store.get(id);
    return visible;
  }

  decide(id: string, input: DecisionInput, options: CallOptions) {
    return this.deps.useCases.decide(id, input, { actor: actorOf(options) });
  }

  decideOnBehalf(id: string, input: DecisionInput, options: CallOptions) {
    return this.deps.useCases.decide(id, input, {
      actor: actorOf(options),
      onBehalf: true,
    });
  }

  retry(id: string, options: CallOptions) {
    return this.deps.useCases.retryFulfillment(id, {
      actor: actorOf(options),
    });
  }

  cancel(id: string, options: CallOptions) {
    return this.deps.useCases.cancel(id, { actor: actorOf(options) });
  }
}
