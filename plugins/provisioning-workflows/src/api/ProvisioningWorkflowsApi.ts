import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditEvent,
  AppInstance,
  AuditEventType,
  BacktestRequest,
  Exemption,
  InstanceWorkflowDetail,
  InstanceWorkflowSummary,
  LicenseTierInput,
  LicenseWarning,
  Run,
  SavingsDashboard,
  TeamUsage,
  UnmatchedPeople,
  Workflow,
  WorkflowAction,
  WorkflowActionStatus,
  WorkflowBacktest,
  WorkflowDefinition,
  WorkflowPreviewResult,
  WorkflowResults,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';

// The wire types live in -common; re-exported for the client's users.
export type {
  InstanceWorkflowDetail,
  InstanceWorkflowTemplate,
  LicenseWarning,
  WorkflowPreviewResult,
} from '@internal/plugin-provisioning-workflows-common';

/**
 * Filter of the audit events; `cursor` is the `nextCursor` of the previous page.
 *
 * @public
 */
export type AuditEventsFilter = {
  appKey?: string;
  instanceId?: string;
  types?: AuditEventType[];
  actor?: string;
  runId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
};

/**
 * New exempt entries: either a list of e-mails and group refs, or a CSV file's text.
 *
 * @public
 */
export type NewExemptions =
  | { scope: string; entries: Array<{ value: string; note?: string }> }
  | { scope: string; csv: string };

/**
 * Client of the provisioning-workflows backend.
 *
 * @public
 */
export interface ProvisioningWorkflowsApi {
  /** Runs of the inventory sync and activity ingest. */
  listRuns(options?: { limit?: number }): Promise<Run[]>;
  /** Starts the inventory sync or the activity ingest now. */
  startSync(kind: 'inventory' | 'activity'): Promise<void>;
  getUnmatchedPeople(): Promise<UnmatchedPeople>;
  /**
   * Sets an instance's tiers, lowest first (name, description, Okta group,
   * price per seat, seats); answers the instance with its new tiers. A 400
   * names each bad field (`tiers.1.groupId: …`).
   */
  setTiers(instanceId: string, tiers: LicenseTierInput[]): Promise<AppInstance>;

  /** The instances whose workflows the caller manages. */
  listInstances(): Promise<InstanceWorkflowSummary[]>;
  getInstance(instanceId: string): Promise<InstanceWorkflowDetail>;
  saveWorkflow(
    instanceId: string,
    definition: WorkflowDefinition,
  ): Promise<Workflow>;
  setWorkflowStatus(
    instanceId: string,
    status: 'active' | 'paused',
  ): Promise<Workflow>;
  /** Who a definition (or the saved workflow, without one) would act on now; changes nothing. */
  previewWorkflow(
    instanceId: string,
    options?: { definition?: WorkflowDefinition; limit?: number },
  ): Promise<WorkflowPreviewResult>;
  /** What the workflow (as edited, or saved) would have done as of the end of a past day. */
  backtestWorkflow(
    instanceId: string,
    options: BacktestRequest & {
      definition?: WorkflowDefinition;
      limit?: number;
    },
  ): Promise<WorkflowBacktest>;
  startRun(
    instanceId: string,
    options?: { dryRun?: boolean },
  ): Promise<WorkflowRun>;
  listWorkflowRuns(
    instanceId: string,
    options?: { limit?: number },
  ): Promise<WorkflowRun[]>;
  getResults(instanceId: string): Promise<WorkflowResults>;
  getWorkflowRun(runId: string): Promise<WorkflowRun>;
  listActions(filter: {
    runId?: string;
    instanceId?: string;
    statuses?: WorkflowActionStatus[];
    limit?: number;
    offset?: number;
  }): Promise<{ items: WorkflowAction[]; total: number }>;
  decideSuggestions(
    ids: string[],
    decision: 'accept' | 'dismiss',
  ): Promise<{ changed: string[]; unchanged: string[] }>;

  /** `global` or an instance id. */
  listExemptions(scope: string): Promise<Exemption[]>;
  addExemptions(
    input: NewExemptions,
  ): Promise<{ added: number; exemptions: Exemption[] }>;
  removeExemption(id: string): Promise<void>;

  /** The caller's own warnings: changes they may still opt out of, and the ones they did. */
  /** The apps a catalog group's direct members hold (the team card of Group pages). */
  getTeamUsage(groupRef: string): Promise<TeamUsage>;
  /** The savings dashboard, License automation's landing view. */
  getDashboard(): Promise<SavingsDashboard>;
  listWarnings(): Promise<LicenseWarning[]>;
  /** Keeps the caller's license ("Keep my license"). */
  optOut(actionId: string): Promise<WorkflowAction>;

  listAuditEvents(
    filter?: AuditEventsFilter,
  ): Promise<{ items: AuditEvent[]; nextCursor?: string }>;
}

/**
 * @public
 */
export const provisioningWorkflowsApiRef =
  createApiRef<ProvisioningWorkflowsApi>({
    id: 'plugin.provisioning-workflows.service',
  });

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Talks to the provisioning-workflows backend over HTTP. Failed calls throw
 * a `ResponseError` that carries the server's message.
 *
 * @public
 */
export class ProvisioningWorkflowsClient implements ProvisioningWorkflowsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async listRuns(options?: { limit?: number }): Promise<Run[]> {
    return (
      await this.call<{ items: Run[] }>(
        `/runs${query({ limit: options?.limit ?? 50 })}`,
      )
    ).items;
  }

  async startSync(kind: 'inventory' | 'activity'): Promise<void> {
    await this.call(`/sync/${kind}`, { method: 'POST' });
  }

  async getUnmatchedPeople(): Promise<UnmatchedPeople> {
    return this.call<UnmatchedPeople>('/people/unmatched');
  }

  async setTiers(
    instanceId: string,
    tiers: LicenseTierInput[],
  ): Promise<AppInstance> {
    return this.call(`/instances/${enc(instanceId)}/tiers`, {
      method: 'PUT',
      body: { tiers },
    });
  }

  async listInstances(): Promise<InstanceWorkflowSummary[]> {
    return (await this.call<{ items: InstanceWorkflowSummary[] }>('/workflows'))
      .items;
  }

  async getInstance(instanceId: string): Promise<InstanceWorkflowDetail> {
    return this.call(`/workflows/${enc(instanceId)}`);
  }

  async saveWorkflow(
    instanceId: string,
    definition: WorkflowDefinition,
  ): Promise<Workflow> {
    return this.call(`/workflows/${enc(instanceId)}`, {
      method: 'PUT',
      body: definition,
    });
  }

  async setWorkflowStatus(
    instanceId: string,
    status: 'active' | 'paused',
  ): Promise<Workflow> {
    return this.call(`/workflows/${enc(instanceId)}/status`, {
      method: 'PUT',
      body: { status },
    });
  }

  async previewWorkflow(
    instanceId: string,
    options?: { definition?: WorkflowDefinition; limit?: number },
  ): Promise<WorkflowPreviewResult> {
    return this.call(
      `/workflows/${enc(instanceId)}/preview${query({
        limit: options?.limit,
      })}`,
      {
        method: 'POST',
        body: options?.definition ? { definition: options.definition } : {},
      },
    );
  }

  async backtestWorkflow(
    instanceId: string,
    options: BacktestRequest & {
      definition?: WorkflowDefinition;
      limit?: number;
    },
  ): Promise<WorkflowBacktest> {
    const { limit, ...body } = options;
    return this.call(
      `/workflows/${enc(instanceId)}/backtest${query({ limit })}`,
      { method: 'POST', body },
    );
  }

  async startRun(
    instanceId: string,
    options?: { dryRun?: boolean },
  ): Promise<WorkflowRun> {
    return this.call(`/workflows/${enc(instanceId)}/runs`, {
      method: 'POST',
      body: { dryRun: Boolean(options?.dryRun) },
    });
  }

  async listWorkflowRuns(
    instanceId: string,
    options?: { limit?: number },
  ): Promise<WorkflowRun[]> {
    return (
      await this.call<{ items: WorkflowRun[] }>(
        `/workflows/${enc(instanceId)}/runs${query({ limit: options?.limit })}`,
      )
    ).items;
  }

  async getResults(instanceId: string): Promise<WorkflowResults> {
    return this.call(`/workflows/${enc(instanceId)}/results`);
  }

  async getWorkflowRun(runId: string): Promise<WorkflowRun> {
    return this.call(`/workflow-runs/${enc(runId)}`);
  }

  async listActions(filter: {
    runId?: string;
    instanceId?: string;
    statuses?: WorkflowActionStatus[];
    limit?: number;
    offset?: number;
  }): Promise<{ items: WorkflowAction[]; total: number }> {
    return this.call(
      `/workflow-actions${query({
        runId: filter.runId,
        instanceId: filter.instanceId,
        status: filter.statuses?.join(','),
        limit: filter.limit,
        offset: filter.offset,
      })}`,
    );
  }

  async decideSuggestions(
    ids: string[],
    decision: 'accept' | 'dismiss',
  ): Promise<{ changed: string[]; unchanged: string[] }> {
    return this.call('/suggestions/decide', {
      method: 'POST',
      body: { ids, decision },
    });
  }

  async listExemptions(scope: string): Promise<Exemption[]> {
    return (
      await this.call<{ items: Exemption[] }>(`/exemptions${query({ scope })}`)
    ).items;
  }

  async addExemptions(
    input: NewExemptions,
  ): Promise<{ added: number; exemptions: Exemption[] }> {
    return this.call('/exemptions', { method: 'POST', body: input });
  }

  async removeExemption(id: string): Promise<void> {
    await this.call(`/exemptions/${enc(id)}`, { method: 'DELETE' });
  }

  async getTeamUsage(groupRef: string): Promise<TeamUsage> {
    return this.call(`/teams/usage${query({ entityRef: groupRef })}`);
  }

  async getDashboard(): Promise<SavingsDashboard> {
    return this.call('/dashboard');
  }

  async listWarnings(): Promise<LicenseWarning[]> {
    return (await this.call<{ items: LicenseWarning[] }>('/warnings')).items;
  }

  async optOut(actionId: string): Promise<WorkflowAction> {
    return this.call(`/warnings/${enc(actionId)}/opt-out`, { method: 'POST' });
  }

  async listAuditEvents(
    filter?: AuditEventsFilter,
  ): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
    return this.call(
      `/audit-events${query({
        appKey: filter?.appKey,
        instanceId: filter?.instanceId,
        type: filter?.types?.join(','),
        actor: filter?.actor,
        runId: filter?.runId,
        from: filter?.from,
        to: filter?.to,
        cursor: filter?.cursor,
        limit: filter?.limit,
      })}`,
    );
  }

  private async call<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl(
      'provisioning-workflows',
    );
    const response = await this.deps.fetchApi.fetch(
      `${baseUrl}${path}`,
      init
        ? {
            method: init.method,
            ...(init.body !== undefined
              ? {
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify(init.body),
                }
              : {}),
          }
        : undefined,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
