import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AccessRequest, HomeApp } from '@internal/plugin-productiv-home-common';
import { DuplicateRequestError } from '../../database/operations/requests/types';
import { FulfillmentHandoff } from './FulfillmentHandoff';
import { RequestEffects } from './RequestEffects';
import { ReturnInput } from './types';

export type { ReturnInput } from './types';

const statusWords = (status?: string) => (status ?? 'open').replace('_', ' ');

/**
 * A license given back from My access: the tier the person holds now (from
 * the inventory), straight to fulfillment with no approval (it frees a
 * seat), which takes it away through the same path as a grant.
 */
export class LicenseReturn {
  constructor(
    private readonly effects: RequestEffects,
    private readonly handoff: FulfillmentHandoff,
  ) {}

  async submit(
    input: ReturnInput,
    options: { requester: string },
  ): Promise<AccessRequest> {
    try {
      return await this.submitOnce(input, options);
    } catch (error) {
      // Two give-backs racing: the database keeps one open per tier.
      if (!(error instanceof DuplicateRequestError)) throw error;
      const app = await this.effects.getApp(input.appKey);
      throw new ConflictError(
        `You are already giving back ${app?.name ?? input.appKey}: request ${
          error.openRequestId
        } is ${statusWords(error.openStatus)}`,
      );
    }
  }

  private async submitOnce(
    input: ReturnInput,
    options: { requester: string },
  ): Promise<AccessRequest> {
    const { effects } = this;
    const { store } = effects.deps;
    const { requester } = options;
    const app = await effects.getApp(input.appKey);
    if (!app) {
      throw new NotFoundError(
        `${input.appKey} is not offered in Productiv Home`,
      );
    }
    const held = await this.held(app, requester);
    const thing = `${app.name} ${held.tierName}`;
    const open = await store.findOpen(requester, app.appKey, held.tier);
    if (open) {
      throw new ConflictError(
        open.kind === 'return'
          ? `You are already giving back ${thing}: request ${
              open.id
            } is ${statusWords(open.status)}`
          : `You have an open request for ${thing} (request ${
              open.id
            } is ${statusWords(open.status)}); cancel it before giving ${
              app.name
            } back`,
      );
    }
    // The inventory is synced on a schedule: a return fulfilled since the
    // holding began has taken the license away already.
    const last = await store.findLastFulfilled(requester, app.appKey);
    if (
      last?.kind === 'return' &&
      last.tier === held.tier &&
      last.fulfilledAtMs >= Date.parse(held.since)
    ) {
      throw new ConflictError(
        `You gave back ${thing} already (request ${last.id}); My access shows it until the next inventory sync`,
      );
    }
    const handoff = await this.handoff.handoff(app, 0);
    const justification = input.justification?.trim() || undefined;
    const { id } = await store.create(
      {
        requester,
        appKey: app.appKey,
        tier: held.tier,
        kind: 'return',
        justification,
        status: handoff.status,
      },
      [],
      [
        {
          actor: requester,
          type: 'submitted',
          comment: `Gave back ${thing}`,
          status: 'approved',
        },
        {
          actor: 'system',
          type: 'approved',
          comment: 'No approval needed: a license given back frees a seat',
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
          tier: held.tier,
          kind: 'return',
        }),
    );
    effects.jobsQueued();
    return effects.changed(id);
  }

  /** The tier the person holds, or why there is nothing to give back. */
  private async held(app: HomeApp, requester: string) {
    const { access } = this.effects.deps;
    if (!access) {
      throw new ConflictError(
        `Productiv Home cannot see the licenses people hold, so ${app.name} cannot be given back here; ask IT to remove it`,
      );
    }
    let held: Awaited<ReturnType<typeof access.holdingOf>>;
    try {
      held = await access.holdingOf(app, requester);
    } catch (error) {
      this.effects.deps.logger?.warn(
        `Could not read what ${requester} holds of ${app.appKey}: ${error}`,
      );
      throw new ServiceUnavailableError(
        `Could not read the licenses you hold (the inventory did not answer); try again in a moment`,
      );
    }
    if (!held) {
      throw new ConflictError(
        `You do not have ${app.name}; there is nothing to give back`,
      );
    }
    if (!held.tier) {
      throw new ConflictError(
        `Your ${app.name} license has no tier Productiv Home grants, so it cannot be given back here; ask IT to remove it`,
      );
    }
    return held;
  }
}
