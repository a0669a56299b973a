import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  WorkflowAction,
  WorkflowDefinition,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';

/** An audit event as a test sees it. */
export type RecordedAuditEvent = {
  eventId: string;
  outcome: 'success' | 'failure';
  meta: Record<string, unknown>;
};

/**
 * An auditor that keeps every event that ended, with its outcome and meta,
 * for tests that check what was accepted and what was refused.
 *
 * @public
 */
export function auditRecorder() {
  const events: RecordedAuditEvent[] = [];
  const factory = createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => ({
      createEvent: async options => {
        const record = (outcome: RecordedAuditEvent['outcome']) => async () =>
          void events.push({
            eventId: options.eventId,
            outcome,
            meta: { ...options.meta },
          });
        return { success: record('success'), fail: record('failure') };
      },
    }),
  });
  return { events, factory };
}

/**
 * Calls a test backend's provisioning-workflows routes as a user, and the
 * steps most workflow tests take: sync the inventory, save a workflow,
 * start a run, read its actions.
 *
 * @public
 */
export function workflowsTestApi(baseUrl: string, adminRef: string) {
  async function call<T = any>(
    method: string,
    path: string,
    body?: object,
    as = adminRef,
  ): Promise<T> {
    const res = await fetch(`${baseUrl}/api/provisioning-workflows${path}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(as),
        'content-type': 'application/json',
      },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Reads until `ok`, for up to `ms` (default 30 s). */
  async function until<T>(
    read: () => Promise<T>,
    ok: (value: T) => boolean,
    ms = 30_000,
  ): Promise<T> {
    let value: T | undefined;
    for (const end = Date.now() + ms; Date.now() < end; ) {
      value = await read();
      if (ok(value)) return value;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`Timed out; last read: ${JSON.stringify(value)}`);
  }

  return {
    call,
    until,
    /** Syncs the inventory from Okta and returns the instance with this label. */
    async syncedInstance(label: string): Promise<{ id: string }> {
      await call('POST', '/sync/inventory');
      const { items } = await call<{
        items: Array<{ instances: Array<{ id: string; label: string }> }>;
      }>('GET', '/apps');
      const instance = items
        .flatMap(a => a.instances)
        .find(i => i.label === label);
      if (!instance) throw new Error(`No instance ${label} after the sync`);
      return instance;
    },
    async saveWorkflow(instanceId: string, definition: WorkflowDefinition) {
      return call('PUT', `/workflows/${instanceId}`, definition);
    },
    async startRun(instanceId: string): Promise<WorkflowRun> {
      return call('POST', `/workflows/${instanceId}/runs`, { dryRun: false });
    },
    async run(runId: string): Promise<WorkflowRun> {
      return call('GET', `/workflow-runs/${runId}`);
    },
    async actions(runId: string): Promise<WorkflowAction[]> {
      return (
        await call<{ items: WorkflowAction[] }>(
          'GET',
          `/workflow-actions?runId=${runId}&limit=1000`,
        )
      ).items;
    },
  };
}

/** What {@link workflowsTestApi} returns. */
export type WorkflowsTestApi = ReturnType<typeof workflowsTestApi>;
