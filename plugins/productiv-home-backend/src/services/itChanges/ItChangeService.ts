import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AccessRequest, HomeApp } from '@internal/plugin-productiv-home-common';
import { ItChange, ItChangesStore } from '../../database/ItChangesStore';
import { DuplicateRequestError } from '../../database/operations/requests/types';
import { RequestsStore } from '../../database/RequestsStore';
import { fulfillJob } from '../requests/requestJobs';
import { tierLabel } from '../access/AccessService';
import { ItChangeInput, ItChangeStatus } from './types';
import { reclaimJustification, reclaimKey, reclaimTitle } from './reclaimNames';

/** The tier key of a reclaim of an app without tiers. */
const APP_LICENSE = 'license';

/** The services that may hand changes to IT. */
export const IT_CHANGE_CALLERS = ['plugin:provisioning-workflows'];

/** Who calls, and the HTTP request to audit. */
export type ItChangeCaller = {
  credentials: BackstageCredentials<BackstageServicePrincipal>;
  request?: Parameters<AuditorService['createEvent']>[0]['request'];
};

/**
 * Changes another plugin hands to IT: license automation's reclaims and
 * downgrades that Okta cannot make become `reclaim` requests of the
 * person, with no approval (the workflow decided), straight to the active
 * ticketing system through the fulfill job, exactly once per key. Their
 * status is the request's: open until the ticket is resolved.
 */
export class ItChangeService {
  constructor(
    private readonly deps: {
      itChanges: ItChangesStore;
      requests: RequestsStore;
      apps: { listApps(): Promise<HomeApp[]> };
      /** Finds a person by e-mail in the catalog. */
      people: { refByEmail(email: string): Promise<string | undefined> };
      auditor: AuditorService;
      onJobsQueued?: () => void;
      onChange?: (request: AccessRequest) => Promise<void>;
      now?: () => number;
    },
  ) {}

  private check(caller: ItChangeCaller): string {
    const subject = caller.credentials.principal.subject;
    if (!IT_CHANGE_CALLERS.includes(subject)) {
      throw new NotAllowedError(
        `${subject} may not hand changes to IT; only ${IT_CHANGE_CALLERS.join(
          ', ',
        )} may`,
      );
    }
    return subject;
  }

  /** Records the change once and answers where it stands. */
  async submit(
    input: ItChangeInput,
    caller: ItChangeCaller,
  ): Promise<ItChangeStatus & { created: boolean }> {
    const subject = caller.credentials.principal.subject;
    // Refusals are audited too: a plugin that may not hand changes over.
    const event = await this.deps.auditor.createEvent({
      eventId: 'it-change',
      severityLevel: 'medium',
      request: caller.request,
      meta: {
        actionType: 'submit',
        idempotencyKey: input.idempotencyKey,
        caller: subject,
        change: input.change,
        app: input.appName,
      },
    });
    try {
      this.check(caller);
      const known = await this.deps.itChanges.get(input.idempotencyKey);
      const result = known
        ? {
            ...(await this.statusOf(this.owned(known, subject))),
            created: false,
          }
        : await this.create(input, subject);
      await event.success({
        meta: { requestId: result.requestId, created: String(result.created) },
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** Where the change of the key stands. */
  async status(
    idempotencyKey: string,
    caller: ItChangeCaller,
  ): Promise<ItChangeStatus> {
    const subject = this.check(caller);
    const known = await this.deps.itChanges.get(idempotencyKey);
    if (!known) {
      throw new NotFoundError(
        `No change was handed to IT as ${idempotencyKey}`,
      );
    }
    return this.statusOf(this.owned(known, subject));
  }

  private owned(change: ItChange, subject: string): ItChange {
    // Another caller's key is not this caller's to read.
    if (change.caller !== subject) {
      throw new NotFoundError(
        `No change was handed to IT as ${change.idempotencyKey}`,
      );
    }
    return change;
  }

  private async create(
    input: ItChangeInput,
    subject: string,
  ): Promise<ItChangeStatus & { created: boolean }> {
    if (input.change === 'downgrade' && (!input.toTier || !input.fromTier)) {
      throw new InputError(
        'A downgrade needs fromTier and toTier, the tiers to move from and to',
      );
    }
    const requester = await this.person(input);
    const apps = await this.deps.apps.listApps();
    const listed = input.oktaAppId
      ? apps.find(a => a.okta?.instanceId === input.oktaAppId)
      : undefined;
    const appKey = listed?.appKey ?? reclaimKey(input.appName);
    const change: Omit<ItChange, 'requestId' | 'createdAt'> = {
      idempotencyKey: input.idempotencyKey,
      caller: subject,
      change: input.change,
      appName: listed?.name ?? input.appName,
      instanceLabel: input.instanceLabel,
      oktaAppId: input.oktaAppId,
      fromTierName:
        input.fromTier && (input.fromTierName ?? tierLabel(input.fromTier)),
      toTierName: input.toTier && (input.toTierName ?? tierLabel(input.toTier)),
      personEmail: input.email,
      reason: input.reason,
      link: input.link,
    };
    const downgrade = input.change === 'downgrade';
    try {
      const created = await this.deps.itChanges.create(
        change,
        {
          requester,
          appKey,
          // An app without tiers is held as a whole: its `license`.
          tier: downgrade ? input.toTier! : input.fromTier ?? APP_LICENSE,
          fromTier: downgrade ? input.fromTier : undefined,
          kind: 'reclaim',
          justification: reclaimJustification(change),
          status: 'fulfilling',
        },
        [
          {
            actor: subject,
            type: 'submitted',
            comment: reclaimTitle(change),
            status: 'approved',
          },
          {
            actor: 'system',
            type: 'approved',
            comment: `No approval needed: license automation decided it (${input.reason})`,
            status: 'approved',
          },
          {
            actor: 'system',
            type: 'fulfilling',
            comment: 'ticket',
            status: 'fulfilling',
          },
        ],
        (this.deps.now ?? Date.now)(),
        requestId => [fulfillJob(requestId, 1)],
      );
      this.deps.onJobsQueued?.();
      await this.deps.onChange?.(created).catch(() => undefined);
      return {
        ...(await this.statusOf({ ...change, requestId: created.id })),
        created: true,
      };
    } catch (error) {
      if (!(error instanceof DuplicateRequestError)) throw error;
      // The same key recorded meanwhile (another replica): that one stands.
      const raced = await this.deps.itChanges.get(input.idempotencyKey);
      if (raced) {
        return {
          ...(await this.statusOf(this.owned(raced, subject))),
          created: false,
        };
      }
      throw new ConflictError(
        `${requester} has an open request for ${change.appName} ${
          downgrade ? change.toTierName : change.fromTierName
        } (request ${
          error.openRequestId
        }); it must end before IT is asked to change the license`,
      );
    }
  }

  private async person(input: ItChangeInput): Promise<string> {
    if (input.personRef) return input.personRef;
    if (!input.email) {
      throw new InputError('Name the person: personRef or email');
    }
    const ref = await this.deps.people.refByEmail(input.email);
    if (!ref) {
      throw new NotFoundError(
        `No one in the catalog has e-mail ${input.email}`,
      );
    }
    return ref;
  }

  private async statusOf(
    change: Pick<ItChange, 'idempotencyKey' | 'requestId'>,
  ): Promise<ItChangeStatus> {
    const request = await this.deps.requests.get(change.requestId);
    const ticket = request.fulfillment?.externalId
      ? {
          provider: request.fulfillment.provider,
          externalId: request.fulfillment.externalId,
          externalUrl: request.fulfillment.externalUrl,
        }
      : undefined;
    const base = {
      idempotencyKey: change.idempotencyKey,
      requestId: change.requestId,
      ...(ticket ? { ticket } : {}),
    };
    switch (request.status) {
      case 'fulfilled':
        return { ...base, status: 'done' };
      case 'failed':
        return {
          ...base,
          status: 'failed',
          reason: request.fulfillment?.failureReason ?? 'IT could not make it',
        };
      case 'cancelled':
      case 'denied':
      case 'expired':
        return {
          ...base,
          status: 'failed',
          reason: `The request to IT was ${request.status}`,
        };
      default:
        return { ...base, status: 'open' };
    }
  }
}
