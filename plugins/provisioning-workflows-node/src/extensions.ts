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
  appInstanceId: string;
  userEmail: string;
  /** `downgrade` moves the user to `toTier`; `deprovision` removes the license. */
  action: 'downgrade' | 'deprovision';
  fromTier: string;
  toTier?: string;
};

/**
 * Carries out license changes in a system of record (Okta by default).
 *
 * @public
 */
export interface LicenseActionExecutor {
  readonly id: string;
  execute(
    change: LicenseChange,
    ctx: { logger: LoggerService; idempotencyKey: string },
  ): Promise<{ status: 'done' } | { status: 'failed'; reason: string }>;
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
