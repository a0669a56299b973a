import {
  AppInstance,
  Exemption,
  WorkflowBacktest,
  WorkflowPreview,
  WorkflowRun,
} from '@internal/plugin-provisioning-workflows-common';
import { ResponseError } from '@backstage/errors';
import {
  InstanceWorkflowDetail,
  ProvisioningWorkflowsApi,
} from '../api/ProvisioningWorkflowsApi';
import { dashboard } from './dashboardFixture';

export const figma: AppInstance = {
  id: 'inst-figma',
  appKey: 'figma',
  label: 'Figma',
  status: 'ACTIVE',
  groups: [],
  // Cast: the fixture fits LicenseTier with and without its display fields.
  tiers: [
    {
      tier: 'viewer',
      displayName: 'Viewer',
      groupId: 'g1',
      monthlyPrice: 5,
      rank: 0,
      holders: 10,
      source: 'admin',
    },
    {
      tier: 'editor',
      displayName: 'Editor',
      groupId: 'g2',
      monthlyPrice: 15,
      rank: 1,
      holders: 6,
      source: 'admin',
    },
  ] as AppInstance['tiers'],
  assignedUsers: 16,
};

export const figmaDetail: InstanceWorkflowDetail = {
  instance: figma,
  status: 'needs-setup',
  templates: [
    {
      id: 'reclaim-90',
      title: 'Reclaim licenses unused for 90 days',
      description: 'Deprovisions people who have not signed in for 90 days.',
      definition: {
        template: 'reclaim-90',
        rules: [
          {
            name: 'No sign-in for 90 days',
            condition: { type: 'noSignIn', days: 90 },
            outcome: { action: 'deprovision' },
          },
        ],
        newHireDays: 30,
        notifications: { enabled: true, daysBefore: 7, allowOptOut: true },
        mode: 'automatic',
      },
    },
  ],
};

/** A backtest 30 days before 2026-11-04 of Figma: one would-be regret. */
export const backtest: WorkflowBacktest = {
  instanceId: 'inst-figma',
  asOf: '2026-10-05',
  computedAt: '2026-11-04T10:00:00.000Z',
  historyStart: '2026-07-01',
  assignedUsers: 14,
  exemptUsers: 1,
  total: 2,
  monthlySaving: 60,
  wouldBeRegrets: 1,
  entries: [
    {
      oktaUserId: '00u1',
      email: 'ava.rossi@acme.example.com',
      displayName: 'Ava Rossi',
      rule: 0,
      ruleName: 'Idle',
      currentTier: 'editor',
      action: 'deprovision',
      suggestOnly: false,
      lastSignInDay: '2026-08-20',
      signedInAgainOn: '2026-10-12',
      assignedAt: '2025-01-01T00:00:00.000Z',
      monthlySaving: 45,
    },
    {
      oktaUserId: '00u2',
      email: 'liam.patel@acme.example.com',
      rule: 0,
      ruleName: 'Idle',
      currentTier: 'viewer',
      action: 'deprovision',
      suggestOnly: false,
      assignedAt: '2025-01-01T00:00:00.000Z',
      monthlySaving: 15,
    },
  ],
};

export const preview: WorkflowPreview & { total: number } = {
  instanceId: 'inst-figma',
  computedAt: '2026-11-24T10:00:00.000Z',
  assignedUsers: 16,
  exemptUsers: 2,
  total: 2,
  monthlySaving: 25,
  entries: [
    {
      oktaUserId: '00u1',
      email: 'ava.rossi@acme.example.com',
      displayName: 'Ava Rossi',
      rule: 0,
      ruleName: 'No sign-in for 90 days',
      currentTier: 'editor',
      action: 'deprovision',
      suggestOnly: false,
      assignedAt: '2025-01-06T09:00:00.000Z',
      monthlySaving: 15,
    },
    {
      oktaUserId: '00u2',
      email: 'liam.patel@acme.example.com',
      rule: 1,
      ruleName: 'Light users',
      currentTier: 'editor',
      action: 'downgrade',
      toTier: 'viewer',
      suggestOnly: true,
      lastSignIn: '2026-09-01T08:00:00.000Z',
      assignedAt: '2025-01-06T09:00:00.000Z',
      monthlySaving: 10,
    },
  ],
};

export const run = (overrides: Partial<WorkflowRun> = {}): WorkflowRun => ({
  id: 'run-1',
  instanceId: 'inst-figma',
  trigger: 'manual',
  dryRun: false,
  mode: 'automatic',
  status: 'planning',
  actor: 'user:default/alex.morgan',
  startedAt: '2026-11-24T10:00:00.000Z',
  counts: {},
  total: 0,
  finished: 0,
  ...overrides,
});

export const exemption = (
  value: string,
  overrides: Partial<Exemption> = {},
): Exemption => ({
  id: `ex-${value}`,
  scope: 'inst-figma',
  kind: value.startsWith('group:') ? 'group' : 'user',
  value,
  addedBy: 'user:default/alex.morgan',
  addedAt: '2026-11-20T09:00:00.000Z',
  ...overrides,
});

/** A ResponseError as the client throws it, carrying the server's message. */
export async function serverError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'POST', url: '/' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: name,
        headers: { 'content-type': 'application/json' },
      },
    ) as any,
  );
}

/**
 * A fake client: every method is a jest mock with an answer that a test
 * can replace (`api.previewWorkflow.mockResolvedValue(...)`).
 */
export function fakeApi(): jest.Mocked<ProvisioningWorkflowsApi> {
  const api = {
    listRuns: jest.fn(async () => []),
    startSync: jest.fn(async () => {}),
    getUnmatchedPeople: jest.fn(async () => ({
      catalogOnly: [],
      oktaOnly: [],
    })),
    listInstances: jest.fn(async () => []),
    getInstance: jest.fn(async () => figmaDetail),
    saveWorkflow: jest.fn(async (instanceId: string, definition: object) => ({
      ...definition,
      instanceId,
      status: 'active' as const,
      updatedBy: 'user:default/alex.morgan',
      updatedAt: '2026-11-24T10:00:00.000Z',
    })),
    setWorkflowStatus: jest.fn(async () => {
      throw new Error('not used');
    }),
    previewWorkflow: jest.fn(async () => preview),
    backtestWorkflow: jest.fn(async () => backtest),
    startRun: jest.fn(async () => run()),
    listWorkflowRuns: jest.fn(async () => []),
    getResults: jest.fn(async () => ({
      instanceId: 'inst-figma',
      series: [],
      actions: {},
      monthlySaving: 0,
      openSuggestions: 0,
      runs: [],
    })),
    getWorkflowRun: jest.fn(async () => run()),
    listActions: jest.fn(async () => ({ items: [], total: 0 })),
    decideSuggestions: jest.fn(async (ids: string[]) => ({
      changed: ids,
      unchanged: [],
    })),
    listExemptions: jest.fn(async () => []),
    addExemptions: jest.fn(async () => ({ added: 0, exemptions: [] })),
    removeExemption: jest.fn(async () => {}),
    listWarnings: jest.fn(async () => []),
    optOut: jest.fn(async () => {
      throw new Error('not used');
    }),
    listAuditEvents: jest.fn(async () => ({ items: [] })),
    getDashboard: jest.fn(async () => dashboard),
    setTiers: jest.fn(
      async (_instanceId: string, tiers: Array<Record<string, unknown>>) => ({
        ...figma,
        tiers: tiers.map((t, rank) => ({
          ...figma.tiers.find(f => f.tier === t.tier)!,
          ...t,
          rank,
        })),
      }),
    ),
  };
  return api as unknown as jest.Mocked<ProvisioningWorkflowsApi>;
}
