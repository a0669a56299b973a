import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from '../../packages/sandbox/src';

const ROOT = path.resolve(__dirname, '../..');
export const JSM_WEBHOOK_SECRET = 'soak-jsm-webhook-secret';

export type Ticketing = 'zendesk' | 'jira-service-management';

/** What the generated config of a backend needs. */
export type SoakConfig = {
  /** The balancer's URL: what people, Slack and Jira call. */
  publicUrl: string;
  port: number;
  /** PostgreSQL connection of the soak's database. */
  db: {
    host: string;
    port: number;
    user: string;
    password?: string;
    database: string;
  };
  orgFile: string;
  sandbox: Sandbox;
  ticketing: Ticketing;
};

/**
 * The soak's config on top of app-config.yaml: one PostgreSQL database (a
 * schema per plugin) for both backends, the sandbox's URLs, links and
 * callbacks through the balancer, short leases so that a killed backend's
 * jobs move to the other within seconds, and workflow runs started within
 * seconds of their slot.
 */
function configText(c: SoakConfig): string {
  const s = c.sandbox;
  return JSON.stringify(
    {
      app: { baseUrl: c.publicUrl },
      backend: {
        baseUrl: c.publicUrl,
        listen: { port: c.port },
        cors: { origin: c.publicUrl },
        database: {
          client: 'pg',
          connection: c.db,
          pluginDivisionMode: 'schema',
        },
      },
      catalog: {
        locations: [
          {
            type: 'file',
            target: c.orgFile,
            rules: [{ allow: ['User', 'Group'] }],
          },
        ],
      },
      connectors: {
        okta: { orgUrl: s.urls.okta },
        slack: { apiUrl: s.urls.slack },
        jiraServiceManagement: {
          host: s.urls.jira,
          webhookSecret: JSM_WEBHOOK_SECRET,
        },
        zendesk: { url: s.urls.zendesk },
        email: { smtp: { host: s.smtp.host, port: s.smtp.port } },
      },
      productivHome: {
        ticketing: c.ticketing,
        jobs: { leaseSeconds: 10 },
      },
      provisioningWorkflows: {
        jobs: { leaseSeconds: 10 },
        schedules: {
          inventorySync: {
            frequency: { trigger: 'manual' },
            timeout: { minutes: 10 },
          },
          workflowTick: {
            frequency: { seconds: 5 },
            timeout: { minutes: 5 },
          },
        },
      },
    },
    null,
    2,
  );
}

/**
 * One backend process (packages/backend, as `yarn start` runs it, without
 * the watcher) that can be SIGKILLed and started again with the same or a
 * changed config. Its output goes to a log file per start.
 */
export class BackendProcess {
  private child?: ChildProcess;
  private starts = 0;
  readonly exits: Array<{
    at: number;
    code: number | null;
    signal: string | null;
  }> = [];

  constructor(
    readonly name: string,
    private config: SoakConfig,
    private readonly logDir: string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.config.port}`;
  }

  get pid() {
    return this.child?.pid;
  }

  start(changes: Partial<SoakConfig> = {}): void {
    this.config = { ...this.config, ...changes };
    this.starts++;
    const file = path.join(this.logDir, `${this.name}-config.yaml`);
    writeFileSync(file, configText(this.config));
    const log = openSync(
      path.join(this.logDir, `${this.name}-${this.starts}.log`),
      'a',
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      FORCE_COLOR: '0',
    };
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete env[v];
    const child = spawn(
      process.execPath,
      [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        'src/index.ts',
        '--config',
        path.join(ROOT, 'app-config.yaml'),
        '--config',
        file,
      ],
      {
        cwd: path.join(ROOT, 'packages/backend'),
        stdio: ['ignore', log, log],
        env,
      },
    );
    child.once('exit', (code, signal) =>
      this.exits.push({ at: Date.now(), code, signal }),
    );
    this.child = child;
  }

  /** SIGKILL: no shutdown hook runs, in-flight calls are cut. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  alive(): boolean {
    return Boolean(
      this.child &&
        this.child.exitCode === null &&
        this.child.signalCode === null,
    );
  }

  /** Both product plugins answer their health check. */
  async waitReady(timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive())
        throw new Error(`${this.name} exited while starting (see its log)`);
      const ok = await Promise.all(
        ['productiv-home', 'provisioning-workflows', 'auth'].map(p =>
          fetch(
            `${this.url}/api/${p}/${
              p === 'auth' ? '.well-known/jwks.json' : 'health'
            }`,
            {
              signal: AbortSignal.timeout(5000),
            },
          ).then(
            r => r.ok,
            () => false,
          ),
        ),
      );
      if (ok.every(Boolean)) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready after ${timeoutMs / 1000} s`);
      await new Promise(r => setTimeout(r, 500));
    }
  }
}
