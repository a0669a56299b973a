import http from 'node:http';
import { Faults } from './faults';
import { close, listen } from './http';
import { createInspectorApp } from './inspector/server';
import { Helpdesk, createZendeskApp } from './zendesk/server';
import { ServiceDesk, createJiraApp } from './jira/server';
import { SlackWorkspace } from './slack/server';
import { createSlackApp } from './slack/webApi';
import { ReceivedMail, startSmtp } from './smtp/server';
import {
  ActivityOptions,
  generateSsoActivity,
  UsageProfile,
} from './okta/activity';
import { OktaDirectory } from './okta/directory';
import { SeedHistory } from './okta/history';
import { seedDirectory } from './okta/seed';
import { createOktaApp, RateLimit } from './okta/server';
import { SystemLog } from './okta/systemLog';
import { loadOrg } from './state/org';

/** The credentials the sandbox accepts; the portal's config uses the same. */
export const SANDBOX_CREDENTIALS = {
  okta: { token: 'sandbox-okta-token' },
  slack: {
    botToken: 'xoxb-sandbox-bot-token',
    signingSecret: 'sandbox-signing-secret',
  },
  jira: {
    email: 'productiv@acme.example.com',
    apiToken: 'sandbox-jira-token',
    serviceDeskId: '1',
    requestTypeId: '25',
  },
  zendesk: {
    email: 'productiv@acme.example.com',
    apiToken: 'sandbox-zendesk-token',
    webhookSigningSecret: 'sandbox-zendesk-webhook-secret',
  },
};

export type SandboxPorts = Partial<
  Record<'okta' | 'slack' | 'jira' | 'zendesk' | 'smtp' | 'inspector', number>
>;

export type SandboxOptions = {
  /** Fixed ports; any left out (or 0) get a free loopback port. */
  ports?: SandboxPorts;
  /** The catalog YAML of the demo organization; defaults to examples/org.yaml. */
  orgFile?: string;
  /** Okta calls allowed per minute (X-Rate-Limit-Limit). Default 6000. */
  oktaRateLimitPerMinute?: number;
  /** SSO activity generated at start; `false` for an empty System Log. Default: 90 natural days. */
  activity?: Partial<ActivityOptions> | false;
  slack?: {
    interactivityUrl?: string;
    /** The slash command's Request URL. */
    commandUrl?: string;
    signingSecret?: string;
  };
  jira?: { webhookUrl?: string; webhookSecret?: string };
  /** The webhook of the "status changed" trigger; the secret defaults to the sandbox's. */
  zendesk?: { webhookUrl?: string; webhookSecret?: string };
  /** The sandbox's clock (epoch ms), for tests that move time. */
  now?: () => number;
  /**
   * When the seeded Okta history ends (ISO 8601 or epoch ms): every seeded
   * account, membership and assignment is older. Default
   * 2026-10-19T09:00:00.000Z; writes through the API carry `now()`.
   */
  oktaSeedDate?: string | number;
};

export type Sandbox = {
  urls: {
    okta: string;
    slack: string;
    jira: string;
    zendesk: string;
    inspector: string;
  };
  smtp: {
    host: string;
    port: number;
    /** Refuses the next `count` recipients with `reply`, e.g. `451 4.3.0 Try again later`. */
    failNext(count: number, reply: string): void;
  };
  credentials: typeof SANDBOX_CREDENTIALS;
  state: {
    directory: OktaDirectory;
    log: SystemLog;
    rateLimit: RateLimit;
    workspace: SlackWorkspace;
    desk: ServiceDesk;
    helpdesk: Helpdesk;
    inbox: ReceivedMail[];
    faults: Faults;
  };
  /** Replaces (or adds to) the System Log with generated SSO activity. */
  generateActivity(options: Partial<ActivityOptions> & { replace?: boolean }): {
    added: number;
    profiles: Record<UsageProfile, number>;
  };
  stop(): Promise<void>;
};

const DAY = 24 * 3600 * 1000;

/** Starts every slice of the sandbox on loopback and returns their URLs. */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const org = loadOrg(options.orgFile);
  const faults = new Faults();
  const directory = seedDirectory(org, new SeedHistory(options.oktaSeedDate));
  const log = new SystemLog(directory);
  const rateLimit = new RateLimit(options.oktaRateLimitPerMinute ?? 6000);
  const workspace = new SlackWorkspace(org, {
    botToken: SANDBOX_CREDENTIALS.slack.botToken,
    signingSecret:
      options.slack?.signingSecret ?? SANDBOX_CREDENTIALS.slack.signingSecret,
    interactivityUrl: options.slack?.interactivityUrl,
    commandUrl: options.slack?.commandUrl,
  });
  const desk = new ServiceDesk({
    ...SANDBOX_CREDENTIALS.jira,
    ...options.jira,
  });
  const helpdesk = new Helpdesk({
    email: SANDBOX_CREDENTIALS.zendesk.email,
    apiToken: SANDBOX_CREDENTIALS.zendesk.apiToken,
    webhookUrl: options.zendesk?.webhookUrl,
    webhookSecret:
      options.zendesk?.webhookSecret ??
      SANDBOX_CREDENTIALS.zendesk.webhookSigningSecret,
  });

  const generateActivity: Sandbox['generateActivity'] = opts => {
    if (opts.replace !== false) log.clear();
    const { events, profiles } = generateSsoActivity(directory, {
      days: opts.days ?? 90,
      end: opts.end ?? Math.floor(now() / 60_000) * 60_000,
      seed: opts.seed,
      targetEvents: opts.targetEvents,
    });
    return { added: log.add(events), profiles };
  };
  if (options.activity !== false) {
    generateActivity({ ...options.activity });
  }

  const ports = options.ports ?? {};
  const smtp = await startSmtp(ports.smtp ?? 0, faults);
  const servers: http.Server[] = [];
  const start = async (app: Parameters<typeof listen>[0], port?: number) => {
    const started = await listen(app, port ?? 0);
    servers.push(started.server);
    return started.url;
  };
  const okta = await start(
    createOktaApp({
      directory,
      log,
      faults,
      rateLimit,
      options: {
        apiToken: SANDBOX_CREDENTIALS.okta.token,
        rateLimitPerMinute: rateLimit.limit,
      },
      now,
    }),
    ports.okta,
  );
  const slack = await start(createSlackApp({ workspace, faults }), ports.slack);
  workspace.options.responseUrlBase = `${slack}/actions`;
  const jira = await start(createJiraApp({ desk, faults }), ports.jira);
  const zendesk = await start(
    createZendeskApp({ helpdesk, faults }),
    ports.zendesk,
  );

  const sandbox: Sandbox = {
    urls: {
      okta,
      slack: `${slack}/api/`,
      jira,
      zendesk: `${zendesk}/api/v2`,
      inspector: '',
    },
    smtp: { host: smtp.host, port: smtp.port, failNext: smtp.failNext },
    credentials: SANDBOX_CREDENTIALS,
    state: {
      directory,
      log,
      rateLimit,
      workspace,
      desk,
      helpdesk,
      inbox: smtp.inbox,
      faults,
    },
    generateActivity,
    async stop() {
      await Promise.all(servers.map(close));
      await smtp.stop();
    },
  };
  sandbox.urls.inspector = await start(
    createInspectorApp({ sandbox, now }),
    ports.inspector,
  );
  return sandbox;
}

export { DAY };
