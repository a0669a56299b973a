import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { JobRunner, JobStore } from '@internal/durable-jobs';
import { HomeApp, HomeSettings } from '@internal/plugin-productiv-home-common';
import { OktaFulfillmentProvider } from '@internal/plugin-productiv-home-backend-module-okta';
import { FulfillmentProvider } from '@internal/plugin-productiv-home-node';
import { demoUserEntities } from '@internal/sandbox';
import { Knex } from 'knex';
import { ProductivHomeDatabase } from '../../../database/ProductivHomeDatabase';
import { ConnectorsService } from '../../connectors/ConnectorsService';
import { FulfillmentService } from '../../fulfillment/FulfillmentService';
import { notificationHandlers } from '../../requests/notificationJobs';
import { RequestUseCases } from '../../requests/RequestUseCases';
import { PeopleDirectory, RequestMessage } from '../../requests/types';
import { GrantExpiry } from '../GrantExpiry';
import { GrantReconciliation } from '../GrantReconciliation';
import { GrantWarnings } from '../GrantWarnings';

/**
 * Productiv Home's time-bound access on one database against the sandbox:
 * the request use cases, fulfillment through the Okta module's provider
 * (the real Okta SDK path), the grant sweep, warnings and reconciliation,
 * all on a clock the test moves, and the job runner that drains the jobs
 * they queue. What people hold is read from the sandbox's Okta through the
 * SDK (Okta is the source of truth). Shared by the acceptance test and the
 * child process of the kill test.
 */
export async function grantHarness(options: {
  knex: Knex;
  okta: { orgUrl: string; token: string };
  /** The sandbox's inspector, where Okta's group members are read. */
  inspector: string;
  /** The clock of requests and grants (ms); jobs run on the real one. */
  now: () => number;
  worker?: string;
  leaseMs?: number;
  /** Where Backstage notifications go. */
  notify?: (message: RequestMessage) => Promise<void>;
  skipMigrations?: boolean;
}) {
  const { knex, now } = options;
  const jobs = await JobStore.create({
    knex,
    table: 'home_jobs',
    skipMigrations: options.skipMigrations,
    backoff: { baseMs: 50, factor: 2, maxMs: 400 },
  });
  const stores = ProductivHomeDatabase.stores(knex, jobs);
  // The demo organization as the catalog has it (no jest mocks: the kill
  // test's child process runs this too).
  const users = demoUserEntities();
  const byRef = new Map(users.map(u => [`user:default/${u.metadata.name}`, u]));
  const people: PeopleDirectory = {
    managerOf: async ref =>
      byRef.get(ref)?.metadata.annotations['productiv.io/manager'],
    isReachable: async ref => Boolean(byRef.get(ref)?.spec.profile.email),
    membersOf: async group =>
      users
        .filter(u => u.relations.some(r => r.targetRef === group))
        .map(u => `user:default/${u.metadata.name}`),
    groupsOf: async ref =>
      byRef.get(ref)?.relations.map(r => r.targetRef) ?? [],
    contactOf: async ref => ({
      name: byRef.get(ref)?.spec.profile.displayName,
      email: byRef.get(ref)?.spec.profile.email,
    }),
  };
  const logger = quietLogger();
  const settings = async (): Promise<HomeSettings> => ({
    approvalMethod: 'email',
    defaultApprovers: [],
    reminderHours: [],
    justificationRequired: false,
    expiryWarningDays: [3, 1],
  });
  // What a person holds of an app: the tier whose Okta group they are
  // in, as Okta has it now (an inventory sync reads the same).
  const access = {
    async holdingOf(app: HomeApp, userRef: string) {
      const login = (await people.contactOf!(userRef)).email ?? userRef;
      const groups = (await (
        await fetch(`${options.inspector}/api/okta/groups`)
      ).json()) as Array<{ id: string; members: string[] }>;
      // The highest tier held (tiers are listed lowest first).
      const held = [...(app.okta?.tiers ?? [])]
        .reverse()
        .find(
          t =>
            t.grant === 'okta-group' &&
            groups.some(g => g.id === t.groupId && g.members.includes(login)),
        );
      return held
        ? {
            tier: held.tier,
            tierName: held.tier,
            since: new Date().toISOString(),
          }
        : undefined;
    },
  };
  const useCases = new RequestUseCases({
    store: stores.requests,
    apps: stores.apps,
    people,
    settings,
    grants: stores.grants,
    now,
  });
  const okta = OktaFulfillmentProvider.fromConfig(
    new ConfigReader({ connectors: { okta: options.okta } }),
  )!;
  const connectors = new ConnectorsService({
    providers: new Map<string, FulfillmentProvider>([['okta', okta]]),
    channels: new Map(),
    logger,
  });
  const fulfillment = new FulfillmentService({
    requests: useCases,
    store: stores.requests,
    jobs,
    apps: stores.apps,
    connectors,
    people,
    // Only the inventory needs it, and fulfillment has none here.
    auth: {} as AuthService,
    appBaseUrl: 'http://portal.test',
    logger,
  });
  const warnings = new GrantWarnings({
    grants: stores.grants,
    apps: stores.apps,
    people,
    settings,
    appBaseUrl: 'http://portal.test',
  });
  const expiry = new GrantExpiry({
    grants: stores.grants,
    store: stores.requests,
    apps: stores.apps,
    handoff: useCases.handoff,
    settings,
    warnings,
    now,
  });
  const reconciliation = new GrantReconciliation({
    grants: stores.grants,
    apps: stores.apps,
    access,
    now,
  });
  const notified: RequestMessage[] = [];
  const runner = new JobRunner({
    store: jobs,
    worker: options.worker ?? 'test',
    handlers: {
      ...fulfillment.handlers(),
      ...expiry.handlers(),
      ...warnings.handlers(),
      ...notificationHandlers({
        notify: async m => {
          notified.push(m);
          await options.notify?.(m);
        },
      }),
    },
    concurrency: 4,
    leaseMs: options.leaseMs ?? 60_000,
    timeoutMs: 20_000,
  });
  return {
    stores,
    jobs,
    users,
    access,
    useCases,
    expiry,
    reconciliation,
    runner,
    notified,
    /** Runs every due job until none is left. */
    drain: () => runner.runOnce(),
  };
}

/** Figma, two tiers granted through their Okta groups, at most 14 days, 7 by default. */
export function timeBoundFigma(
  groups: { viewer: string; editor: string },
  instanceId: string,
): HomeApp {
  return {
    appKey: 'figma',
    name: 'Figma',
    description: 'Design tool',
    category: 'Design',
    tiers: ['viewer', 'editor'],
    owners: [],
    approval: {
      required: 'everyone',
      exceptGroups: [],
      levels: [{ type: 'manager' }],
    },
    fulfillment: 'automatic',
    okta: {
      instanceId,
      tiers: [
        { tier: 'viewer', grant: 'okta-group', groupId: groups.viewer },
        { tier: 'editor', grant: 'okta-group', groupId: groups.editor },
      ],
    },
    duration: { defaultDays: 7, maxDays: 14 },
  };
}

/** A logger that keeps quiet but for errors. */
function quietLogger(): LoggerService {
  const logger: LoggerService = {
    info: () => {},
    debug: () => {},
    warn: () => {},
    // eslint-disable-next-line no-console
    error: (message, meta) => console.error(message, meta),
    child: () => logger,
  };
  return logger;
}
