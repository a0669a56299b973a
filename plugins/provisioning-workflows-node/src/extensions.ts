import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * A change to one person's license that a workflow decided on.
 *
 * @public
 */
export type LicenseChange = {
  instanceId: string;
  oktaUserId: string;
  userEmail?: string;
  /** `downgrade` moves the user to `toTier`; `deprovision` removes the license. */
  action: 'downgrade' | 'deprovision';
  /** How the person holds the app in Okta: through a group, or assigned directly. */
  scope: 'USER' | 'GROUP';
  fromTier?: string;
  fromGroupId?: string;
  toTier?: string;
  toGroupId?: string;
  /** The tiers' names people see ("Viewer"), for reasons in words. */
  fromTierName?: string;
  toTierName?: string;
};

/**
 * What a license executor did with a change: made it, could not (`failed`,
 * final), or cannot make it in its system, so IT is asked (`needs-ticket`,
 * with the reason in words, e.g. "Viewer has no Okta group").
 *
 * @public
 */
export type LicenseActionOutcome =
  | { status: 'done'; detail: string }
  | { status: 'failed'; reason: string }
  | { status: 'needs-ticket'; reason: string };

/**
 * Carries out license changes in a system of record (Okta by default). It
 * is called again with the same idempotency key when a try failed or timed
 * out, so a change must be safe to repeat. Throw to have the call retried
 * (429, 5xx, timeouts); return `failed` when retrying cannot help, and
 * `needs-ticket` when the system cannot make this change at all (the tier
 * has no group, the app is not provisioned from it): IT is asked through
 * the portal's ticketing system (Productiv Home), and the action waits on
 * IT until the ticket is resolved.
 *
 * @public
 */
export interface LicenseActionExecutor {
  readonly id: string;
  execute(
    change: LicenseChange,
    ctx: { logger: LoggerService; idempotencyKey: string; signal: AbortSignal },
  ): Promise<LicenseActionOutcome>;
  /**
   * Undoes a change this executor made (the person asked for their license
   * back): a deprovision gives back `fromTier` (the group `fromGroupId`, or
   * the app assigned directly when `scope` is `USER`); a downgrade moves the
   * person back from `toTier` to `fromTier`. Same contract as `execute`: safe
   * to repeat with the same key (a retry never writes twice), throw to
   * retry, `failed` when retrying cannot help, `needs-ticket` when this
   * system cannot give it back. Executors without it cannot restore, and
   * restores are refused.
   */
  restore?(
    change: LicenseChange,
    ctx: { logger: LoggerService; idempotencyKey: string; signal: AbortSignal },
  ): Promise<LicenseActionOutcome>;
}

/**
 * Lets backend modules replace how license changes are carried out.
 *
 * @public
 */
export interface ProvisioningWorkflowsActionsExtensionPoint {
  /** Sets the executor; throws if one is already set. */
  setExecutor(executor: LicenseActionExecutor): void;
}

/**
 * Extension point for the license action executor.
 *
 * @public
 */
export const provisioningWorkflowsActionsExtensionPoint =
  createExtensionPoint<ProvisioningWorkflowsActionsExtensionPoint>({
    id: 'provisioning-workflows.actions',
  });
