import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  LicenseRestore,
  ProvisioningWorkflowsInventoryService,
  TakenBackLicense,
} from '@internal/plugin-provisioning-workflows-node';

/** License automation's refusal, with its status and message, as Home answers it. */
function asHomeError(error: unknown): Error {
  if (!(error instanceof ResponseError)) return error as Error;
  const message = error.body?.error?.message ?? error.message;
  switch (error.response.status) {
    case 400:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new ServiceUnavailableError(
        `License automation did not answer (${error.response.status}): ${message}`,
      );
  }
}

/**
 * My access's "Recently taken back": what license automation's workflows
 * took from the caller, and the one-click restore, both read from and
 * made by the provisioning-workflows backend on behalf of the caller (it
 * decides who may: the person, or an admin of the app).
 */
export class TakenBackService {
  constructor(
    private readonly deps: { inventory: ProvisioningWorkflowsInventoryService },
  ) {}

  async takenBackFrom(
    userEntityRef: string,
    credentials: BackstageCredentials,
  ): Promise<TakenBackLicense[]> {
    const { inventory } = this.deps;
    // An inventory without it (an older one): nothing to show.
    if (!inventory.listTakenBack) return [];
    try {
      return await inventory.listTakenBack(userEntityRef, { credentials });
    } catch (error) {
      // License automation not installed: nothing was taken by it.
      if ((error as ResponseError).response?.status === 404) return [];
      throw asHomeError(error);
    }
  }

  async restore(
    actionId: string,
    credentials: BackstageCredentials,
  ): Promise<LicenseRestore> {
    const { inventory } = this.deps;
    if (!inventory.restoreTakenBack) {
      throw new ServiceUnavailableError(
        'License automation cannot restore licenses here; request the app in Productiv Home',
      );
    }
    try {
      return await inventory.restoreTakenBack(actionId, { credentials });
    } catch (error) {
      throw asHomeError(error);
    }
  }
}
