import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  AppInstance,
  WorkflowAction,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import { InventoryStore } from '../database/InventoryStore';
import { ActionRecord, RunRecord } from '../database/types';

/** The caller of a use case. */
export type Creds = { credentials: BackstageCredentials };

export function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.userEntityRef ?? p.subject ?? p.type ?? 'unknown';
}

export async function requireInstance(
  inventory: InventoryStore,
  instanceId: string,
): Promise<AppInstance> {
  const instance = await inventory.getInstance(instanceId);
  if (!instance) {
    throw new NotFoundError(
      `No app instance ${instanceId}; it appears after the next inventory sync`,
    );
  }
  return instance;
}

/** A run as the API shows it: without the definition it ran. */
export function publicRun(run: RunRecord): WorkflowRun {
  const { definition: _definition, ...rest } = run;
  return rest;
}

/** An action as the API shows it: without what only execution needs. */
export function publicAction(a: ActionRecord): WorkflowAction {
  const {
    scope: _s,
    fromGroupId: _f,
    toGroupId: _t,
    lastSignInMs: _l,
    ...rest
  } = a;
  return rest;
}
