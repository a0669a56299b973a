import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { SignalPayload, SignalsService } from '@backstage/plugin-signals-node';
import {
  SYNC_RUNS_SIGNAL_CHANNEL,
  WORKFLOW_RUNS_SIGNAL_CHANNEL,
  WorkflowDefinition,
  WorkflowRunSignal,
} from '@internal/plugin-provisioning-workflows-common';
import { Sandbox, startSandbox } from '@internal/sandbox';
import {
  adminCredentials,
  createWorkflowHarness,
} from '../services/__testUtils__/workflowHarness';
import { RunSignals } from './RunSignals';
import { WarningSender } from './WarningSender';

jest.setTimeout(240_000);

const DAY = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00.000Z');

/** The one thing replaced: the signals service, recording what is published. */
function recordingSignals() {
  const published: SignalPayload[] = [];
  const signals: SignalsService = {
    async publish(signal) {
      published.push(signal as SignalPayload);
    },
  };
  return { signals, published };
}

/** Every Figma editor is moved to viewer, with a week's warning. */
const warnedDowngrade: WorkflowDefinition = {
  newHireDays: 0,
  mode: 'automatic',
  notifications: { enabled: true, daysBefore: 7, allowOptOut: true },
  rules: [
    {
      name: 'Everyone with fewer than 1,000 sign-ins',
      condition: { type: 'fewSignIns', days: 30, signIns: 1000 },
      tiers: ['editor'],
      outcome: { action: 'downgrade', toTier: 'viewer' },
    },
  ],
};

describe('run progress as signals, against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let sandbox: Sandbox;
  let clock = END + 3600_000;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false, now: () => clock });
  });
  afterAll(() => sandbox.stop());

  async function setup(databaseId: TestDatabaseId, signals: SignalsService) {
    clock = END + 3600_000;
    await sandbox.stop();
    sandbox = await startSandbox({ activity: false, now: () => clock });
    sandbox.generateActivity({ days: 90, end: END, seed: 7 });
    const warnings: Parameters<WarningSender>[0][] = [];
    const knex = await databases.init(databaseId);
    const h = await createWorkflowHarness({
      knex,
      sandbox,
      now: () => clock,
      warnings,
      signals,
    });
    await h.sync.run();
    await h.ingest.run();
    const figma = [...sandbox.state.directory.apps.values()].find(
      a => a.label === 'Figma',
    )!;
    return { ...h, warnings, figma };
  }

  it.each(databases.eachSupportedId())(
    'publishes a run as it is started, planned and warned, opted out of, executed and finished, ids and counts only (%p)',
    async databaseId => {
      const { signals, published } = recordingSignals();
      const h = await setup(databaseId, signals);
      const runSignals = () =>
        published.filter(p => p.channel === WORKFLOW_RUNS_SIGNAL_CHANNEL);
      await h.service.saveWorkflow(h.figma.id, warnedDowngrade, {
        credentials: adminCredentials,
      });

      // Each step publishes once, what the run is at after it.
      const step = async () => {
        const before = runSignals().length;
        await h.progress.flush();
        const now = runSignals().slice(before);
        expect(now).toHaveLength(1);
        return now[0].message as WorkflowRunSignal;
      };

      const run = await h.service.startRun(
        h.figma.id,
        { dryRun: false },
        { credentials: adminCredentials },
      );
      expect(await step()).toEqual({
        type: 'workflow-run',
        runId: run.id,
        instanceId: h.figma.id,
        status: 'planning',
        total: 0,
        finished: 0,
        counts: {},
      });

      // Planned and warned: one signal for the run, not one per person.
      await h.drain();
      const planned = await step();
      const warned = h.warnings.length;
      expect(warned).toBeGreaterThanOrEqual(4);
      const total = planned.total;
      expect(total).toBeGreaterThanOrEqual(warned);
      expect(planned).toMatchObject({
        status: 'waiting',
        finished: 0,
        counts: { notified: total },
      });

      // A warned person keeps their license.
      const keeper = h.warnings[0].action;
      await h.service.optOut(keeper.id, {
        credentials: mockCredentials.user(
          (await h.store.entityRefOf(keeper.oktaUserId))!,
        ),
      });
      expect(await step()).toMatchObject({
        status: 'waiting',
        total,
        finished: 1,
        counts: { notified: total - 1, 'opted-out': 1 },
      });

      // The deadline passes: the tick starts executing the run...
      clock += 8 * DAY;
      await h.service.tick();
      expect(await step()).toMatchObject({
        status: 'executing',
        finished: 1,
        counts: { queued: total - 1, 'opted-out': 1 },
      });

      // ...and its actions finish it.
      await h.drain();
      const last = await step();
      expect(last).toEqual({
        type: 'workflow-run',
        runId: run.id,
        instanceId: h.figma.id,
        status: 'succeeded',
        total,
        finished: total,
        counts: { done: total - 1, 'opted-out': 1 },
      });
      // The page's API agrees with the last signal.
      const read = await h.service.getRun(run.id, {
        credentials: adminCredentials,
      });
      expect({ status: read.status, counts: read.counts }).toEqual({
        status: last.status,
        counts: last.counts,
      });

      // Broadcast, and nothing about people: no e-mails, names or user ids.
      for (const s of runSignals()) {
        expect(s.recipients).toEqual({ type: 'broadcast' });
        expect(Object.keys(s.message).sort()).toEqual(
          [
            'counts',
            'finished',
            'instanceId',
            'runId',
            'status',
            'total',
            'type',
          ].sort(),
        );
      }
      const text = JSON.stringify(published);
      expect(text).not.toMatch(/@acme\.example\.com/);
      expect(text).not.toContain(keeper.oktaUserId);

      // The sync and ingest of the set-up: each start and end, in order.
      const syncs = published
        .filter(p => p.channel === SYNC_RUNS_SIGNAL_CHANNEL)
        .map(p => p.message as Record<string, unknown>);
      expect(syncs.map(m => [m.kind, m.status])).toEqual([
        ['inventory-sync', 'running'],
        ['inventory-sync', 'succeeded'],
        ['activity-ingest', 'running'],
        ['activity-ingest', 'succeeded'],
      ]);
      expect(syncs[0].runId).toBe(syncs[1].runId);
      expect((syncs[1].stats as Record<string, number>).changed).toBe(
        (await h.runs.list({ kind: 'inventory-sync', limit: 1 }))[0].stats
          .changed,
      );
      expect(syncs.every(m => m.type === 'sync-run')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'carries out a run whose signals cannot be published, and logs it (%p)',
    async databaseId => {
      const attempts: string[] = [];
      const broken: SignalsService = {
        async publish(signal) {
          attempts.push(signal.channel);
          throw new Error('events bus down');
        },
      };
      const h = await setup(databaseId, broken);
      // The sync and ingest ran and were recorded all the same.
      expect(attempts.filter(c => c === SYNC_RUNS_SIGNAL_CHANNEL)).toHaveLength(
        4,
      );
      expect(
        (await h.runs.list({ limit: 10 })).map(r => r.status).sort(),
      ).toEqual(['succeeded', 'succeeded']);

      await h.service.saveWorkflow(
        h.figma.id,
        {
          ...warnedDowngrade,
          notifications: { ...warnedDowngrade.notifications, enabled: false },
        },
        { credentials: adminCredentials },
      );
      const run = await h.service.startRun(
        h.figma.id,
        { dryRun: false },
        { credentials: adminCredentials },
      );
      await h.drain();
      await expect(h.progress.flush()).resolves.toBeUndefined();
      expect(attempts).toContain(WORKFLOW_RUNS_SIGNAL_CHANNEL);
      const done = await h.service.getRun(run.id, {
        credentials: adminCredentials,
      });
      expect(done.status).toBe('succeeded');
      expect(done.counts.done).toBeGreaterThanOrEqual(4);

      // What a failed publish leaves: a warning in the log, nothing thrown.
      const logger = mockServices.logger.mock();
      const own = new RunSignals({ signals: broken, store: h.store, logger });
      own.changed(run.id);
      await own.flush();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          `Could not publish the progress of workflow run ${run.id}`,
        ),
      );
    },
  );
});
